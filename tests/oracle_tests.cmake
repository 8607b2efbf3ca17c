# Tests that compare qclass with an independent oracle in Python.
# They run Debian's Python, whose python3-nltk / python3-sklearn packages are
# the oracles. A Python without those modules makes a test fail with a clear
# message; it never passes silently.
set(QC_ORACLE_PYTHON /usr/bin/python3 CACHE FILEPATH
    "Python interpreter with Debian's python3-nltk, used by the oracle tests")

# Every raw token of the bundled samples: qclass's verb, noun and vn lemmas
# must equal NLTK 3.8's WordNetLemmatizer (DEFINITIONS.md 2.1-2.2). The
# WordNet folder is $QC_WORDNET_DIR when set, else /usr/share/wordnet.
add_test(NAME nltk_lemma_agreement
  COMMAND ${QC_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_lemmas_nltk.py
          $<TARGET_FILE:qclass>
          ${PROJECT_SOURCE_DIR}/data/dl_bug_classification.jsonl
          ${PROJECT_SOURCE_DIR}/data/pytorch_sample.jsonl)
set_tests_properties(nltk_lemma_agreement PROPERTIES LABELS integration TIMEOUT 900)

# Tokens and vocabulary (DEFINITIONS.md 1, 2, 4) against a plain-Python
# implementation with NLTK's lemmatizer: every post's tokens and the
# vocabulary of the bundled samples, the test fixtures and handwritten edge
# cases. The stop-word list is the one DEFINITIONS.md 2.3 names (gensim 4.2).
add_test(NAME reference_tokens_and_vocab
  COMMAND ${QC_ORACLE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/tools/reference_tokens.py
          $<TARGET_FILE:qclass> ${PROJECT_SOURCE_DIR}/data/stopwords/gensim_4.2.txt
          ${PROJECT_SOURCE_DIR}/data/dl_bug_classification.jsonl
          ${PROJECT_SOURCE_DIR}/data/pytorch_sample.jsonl
          ${CMAKE_CURRENT_SOURCE_DIR}/data/reader_dl_bug.jsonl
          ${CMAKE_CURRENT_SOURCE_DIR}/data/reader_pytorch_so_api.jsonl
          ${CMAKE_CURRENT_SOURCE_DIR}/data/reader_se_dump_beer.jsonl
          ${CMAKE_CURRENT_SOURCE_DIR}/data/posts_xml_beer.jsonl
          ${CMAKE_CURRENT_SOURCE_DIR}/data/normalizer_edge_cases.jsonl)
set_tests_properties(reference_tokens_and_vocab PROPERTIES LABELS integration TIMEOUT 600)

# Standard metrics (DEFINITIONS.md 7) against scikit-learn (python3-sklearn in
# the same QC_ORACLE_PYTHON): per-class, macro and micro P/R/F1, accuracy and
# the confusion matrix over generated single-label cases, bit for bit.
add_executable(metrics_oracle_main tools/metrics_oracle_main.cpp)
target_link_libraries(metrics_oracle_main PRIVATE qc_host qc_flags)
add_test(NAME sklearn_metrics_agreement
  COMMAND metrics_oracle_main ${QC_ORACLE_PYTHON}
          ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_metrics_sklearn.py
          ${CMAKE_CURRENT_BINARY_DIR}/sklearn_metrics_cases)
set_tests_properties(sklearn_metrics_agreement PROPERTIES LABELS integration TIMEOUT 300)

# The classifier (split, weights, scores, metrics, sweep, exact best alpha)
# against a plain-Python reference of DEFINITIONS.md 3-8 on the labeled sample.
add_test(NAME reference_classifier
  COMMAND ${CMAKE_COMMAND} -E env QC_WORK=${CMAKE_CURRENT_BINARY_DIR}
          /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tools/reference_classifier.py
          $<TARGET_FILE:qclass> ${PROJECT_SOURCE_DIR}/data/dl_bug_classification.jsonl
          ${PROJECT_SOURCE_DIR}/data/keywords/dl_bug_classification.tsv
          ${CMAKE_CURRENT_BINARY_DIR}/reference_classifier_work)
set_tests_properties(reference_classifier PROPERTIES LABELS integration TIMEOUT 900)
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/reference_classifier_work)

# The tf-idf + linear SVM baseline against scikit-learn on the same tokens and split.
add_test(NAME sklearn_baseline_agreement
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_baseline_sklearn.py
          $<TARGET_FILE:qclass> ${PROJECT_SOURCE_DIR}/data/dl_bug_classification.jsonl
          ${PROJECT_SOURCE_DIR}/data/keywords/dl_bug_classification.tsv
          ${CMAKE_CURRENT_BINARY_DIR}/sklearn_baseline_work)
set_tests_properties(sklearn_baseline_agreement PROPERTIES LABELS integration TIMEOUT 300)
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/sklearn_baseline_work)

# qclass explain (DEFINITIONS.md 5-6): every labeled post's and some pytorch
# posts' words, counts, D, S1, s0, scores, prediction and margin recomputed in
# plain Python from the model file and `qclass tokens`, under two models.
add_test(NAME explain_python_oracle
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_explain.py
          $<TARGET_FILE:qclass> ${PROJECT_SOURCE_DIR}/data/dl_bug_classification.jsonl
          ${PROJECT_SOURCE_DIR}/data/keywords/dl_bug_classification.tsv
          ${PROJECT_SOURCE_DIR}/data/pytorch_sample.jsonl
          ${CMAKE_CURRENT_BINARY_DIR}/explain_oracle_work)
set_tests_properties(explain_python_oracle PROPERTIES LABELS integration TIMEOUT 300)

# Cross-validation (DEFINITIONS 11): folds, per-fold metrics, mean and std,
# nested tuning of alpha, recomputed in plain Python.
add_test(NAME cross_validation_python
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_cross_validation.py
          $<TARGET_FILE:qclass> ${PROJECT_SOURCE_DIR}/data/dl_bug_classification.jsonl
          ${PROJECT_SOURCE_DIR}/data/keywords/dl_bug_classification.tsv
          ${CMAKE_CURRENT_BINARY_DIR}/cross_validation_work)
set_tests_properties(cross_validation_python PROPERTIES LABELS integration TIMEOUT 600)
