#!/usr/bin/env python3
"""`qclass baseline` against scikit-learn on the same tokens and split.

Rebuilds the baseline with scikit-learn from qclass's tokens (`qclass
tokens`), vocabulary rule (DEFINITIONS.md 4) and split (reference_classifier's
SplitMix64): TfidfVectorizer over the vocabulary words of the train posts
(smooth idf, L2 rows), LinearSVC (C=1, tol=1e-4, squared hinge, dual) on each
train post's first label. Requires:
- the same test posts, and the same prediction for every one of them (so the
  same macro F1, compared exactly);
- every value of `--metrics-json` equal to a plain-Python recount
  (reference_classifier.full_metrics, DEFINITIONS.md 7): `tfidf_svm` from
  scikit-learn's predictions, `keyword` from the reference keyword model
  (DEFINITIONS.md 5-6 at the defaults, alpha 0.18, ties lowest).

No tolerance: scikit-learn ships its own modified liblinear with its own
shuffling, so the two solvers stop at slightly different points of the same
optimum and a post within the solvers' tolerance of the boundary could in
principle go either way; on the bundled sample none does (the smallest
scikit-learn margin is printed). Should a solver update ever move such a
post, the test fails and lists it with its margin, so that the cause can be
judged rather than absorbed by a threshold.

usage: check_baseline_sklearn.py QCLASS LABELED.jsonl KEYWORDS.tsv WORKDIR
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_classifier import (Model, full_metrics, json_differences,  # noqa: E402
                                  keyword_sets, load_sample, predict, run)

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402


def sklearn_baseline(labels, toks, vocab_list, train, test):
    """scikit-learn's predictions (labels) for the test posts, the number of
    features, and each test post's margin between its two best classes."""
    vocab = set(vocab_list)
    docs = [[w for w in t if w in vocab] for t in toks]
    vec = TfidfVectorizer(analyzer=lambda d: d, lowercase=False)
    x_train = vec.fit_transform([docs[r] for r in train])
    clf = LinearSVC(C=1.0, tol=1e-4, loss="squared_hinge", dual=True, max_iter=100000)
    clf.fit(x_train, [labels[r][0] for r in train])
    x_test = vec.transform([docs[r] for r in test])
    margins = []
    for row in clf.decision_function(x_test):
        top = sorted(row, reverse=True)
        margins.append(top[0] - top[1])
    return list(clf.predict(x_test)), len(vec.vocabulary_), margins


def keyword_predictions(qclass, kw_path, workdir, labels, toks, vocab_list, train, test,
                        top_k=200, norm="l2", scope="topk", alpha=0.18):
    """The reference keyword model's prediction (category index, ties lowest)
    for each test post."""
    model = Model(toks, labels, train, vocab_list, keyword_sets(qclass, kw_path, workdir), top_k,
                  norm, scope)
    out = []
    for r in test:
        bow = {}
        for w in toks[r]:
            bow[w] = bow.get(w, 0) + 1
        out.append(predict(*model.parts(bow), alpha)[0])
    return out


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    qclass, data, kw_path, workdir = sys.argv[1:]
    records, labels, toks, vocab_list, train, test = load_sample(qclass, data)
    want, n_features, margins = sklearn_baseline(labels, toks, vocab_list, train, test)

    out = os.path.join(workdir, "baseline_predictions.csv")
    mj = os.path.join(workdir, "baseline_metrics.json")
    run([qclass, "baseline", "--input", data, "--keywords", kw_path, "--predictions", out,
         "--metrics-json", mj])
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    failures = []
    ids = [str(records[r]["id"]) for r in test]
    if [row["id"] for row in rows] != ids:
        failures.append("test posts differ from the reference split")
    got = [row["tfidf_svm"] for row in rows]
    disagree = [i for i, (a, b) in enumerate(zip(got, want)) if a != b]
    if len(got) != len(want):
        failures.append("qclass predicted %d test posts, scikit-learn %d" % (len(got), len(want)))
    for i in disagree:
        failures.append("post %s: qclass %s, scikit-learn %s (scikit-learn margin %.3g)"
                        % (ids[i], got[i], want[i], margins[i]))
    truth = [labels[r][0] for r in test]
    f1_got = f1_score(truth, got, average="macro")
    f1_want = f1_score(truth, want, average="macro")
    print("baseline: %d test posts, %d features, %d disagreements, macro F1 (first label) "
          "qclass %r, scikit-learn %r; smallest scikit-learn margin %.3g"
          % (len(want), n_features, len(disagree), f1_got, f1_want, min(margins)))
    if f1_got != f1_want:
        failures.append("macro F1 %r vs %r" % (f1_got, f1_want))

    # The metrics JSON, value by value, against plain-Python recounts.
    names = sorted({l for ls in labels for l in ls}, key=lambda s: s.encode())
    idx = {l: i for i, l in enumerate(names)}
    Y = [[idx[l] for l in labels[r]] for r in test]
    keyword_pred = [[k] for k in keyword_predictions(qclass, kw_path, workdir, labels, toks,
                                                      vocab_list, train, test)]
    expected = {"keyword": full_metrics(Y, keyword_pred, names),
                "tfidf_svm": full_metrics(Y, [[idx[p]] for p in want], names)}
    got = json.load(open(mj))
    # McNemar's test in "comparison" is recomputed by check_uncertainty.py.
    if "mcnemar" not in got.pop("comparison", {}):
        failures.append("metrics: no comparison.mcnemar member")
    differences = json_differences("metrics", got, expected)
    failures += differences
    print("metrics JSON: %d values compared, %d differences"
          % (count_values(expected), len(differences)))
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


def count_values(v):
    if isinstance(v, dict):
        return sum(count_values(x) for x in v.values())
    if isinstance(v, list):
        return sum(count_values(x) for x in v)
    return 1


if __name__ == "__main__":
    main()
