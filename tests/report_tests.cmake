# `qclass report` on the bundled sample: the real pipeline (train, sweep,
# score, report) as a fixture, then two independent checks of its output:
# every CSV number recomputed in plain Python (the evaluation tables from the
# labeled posts with the reference classifier and scikit-learn), and the page
# rendered in headless Chromium (Debian's chromium; without it the test fails).
set(QC_REPORT_WORK ${CMAKE_CURRENT_BINARY_DIR}/report_sample)
set(QC_SAMPLE_POSTS ${PROJECT_SOURCE_DIR}/data/pytorch_sample.jsonl)
set(QC_SAMPLE_ANSWERS ${PROJECT_SOURCE_DIR}/data/pytorch_sample_answers.jsonl)

add_test(NAME report_sample_pipeline
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/run_report_sample.sh
          $<TARGET_FILE:qclass> ${PROJECT_SOURCE_DIR} ${QC_REPORT_WORK})
set_tests_properties(report_sample_pipeline PROPERTIES
  LABELS integration TIMEOUT 600 FIXTURES_SETUP qc_report_sample)

add_test(NAME report_numbers_python
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_report.py
          --posts ${QC_SAMPLE_POSTS} --predictions ${QC_REPORT_WORK}/predictions.csv
          --answers ${QC_SAMPLE_ANSWERS} --sweep ${QC_REPORT_WORK}/sweep.csv
          --confusion ${QC_REPORT_WORK}/confusion.csv --baseline ${QC_REPORT_WORK}/baseline.json
          --qclass $<TARGET_FILE:qclass> --labeled ${PROJECT_SOURCE_DIR}/data/dl_bug_classification.jsonl
          --keywords ${PROJECT_SOURCE_DIR}/data/keywords/dl_bug_classification.tsv
          --report ${QC_REPORT_WORK}/report)
add_test(NAME report_numbers_python_substring
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_report.py
          --posts ${QC_SAMPLE_POSTS} --predictions ${QC_REPORT_WORK}/predictions.jsonl
          --frameworks tensorflow,pytorch --tag-match substring
          --report ${QC_REPORT_WORK}/report_substring)
add_test(NAME report_renders_in_chromium
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tools/check_report_chromium.py
          ${QC_REPORT_WORK}/report)
set_tests_properties(report_numbers_python report_numbers_python_substring
                     report_renders_in_chromium PROPERTIES
  LABELS integration TIMEOUT 600 FIXTURES_REQUIRED qc_report_sample)
