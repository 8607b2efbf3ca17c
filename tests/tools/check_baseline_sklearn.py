#!/usr/bin/env python3
"""`qclass baseline` against scikit-learn on the same tokens and split.

Rebuilds the baseline with scikit-learn from qclass's tokens (`qclass
tokens`), vocabulary rule (DEFINITIONS.md 4) and split (reference_classifier's
SplitMix64): TfidfVectorizer over the vocabulary words of the train posts
(smooth idf, L2 rows), LinearSVC (C=1, tol=1e-4, squared hinge, dual) on each
train post's first label. scikit-learn ships its own modified liblinear with
its own shuffling, so the two solvers stop at slightly different points of
the same optimum: the test predictions must agree on at least 98% of the
posts and the macro F1 differ by at most 0.02.

usage: check_baseline_sklearn.py QCLASS LABELED.jsonl KEYWORDS.tsv WORKDIR
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_classifier import load_sample, run  # noqa: E402

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    qclass, data, kw_path, workdir = sys.argv[1:]
    records, labels, toks, vocab_list, train, test = load_sample(qclass, data)
    vocab = set(vocab_list)
    docs = [[w for w in t if w in vocab] for t in toks]

    vec = TfidfVectorizer(analyzer=lambda d: d, lowercase=False)
    x_train = vec.fit_transform([docs[r] for r in train])
    clf = LinearSVC(C=1.0, tol=1e-4, loss="squared_hinge", dual=True, max_iter=100000)
    clf.fit(x_train, [labels[r][0] for r in train])
    want = list(clf.predict(vec.transform([docs[r] for r in test])))

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
    agree = sum(1 for a, b in zip(got, want) if a == b) / max(1, len(want))
    truth = [labels[r][0] for r in test]
    f1_got = f1_score(truth, got, average="macro")
    f1_want = f1_score(truth, want, average="macro")
    n_features = len(vec.vocabulary_)
    print("baseline: %d test posts, %d features, agreement %.4f, macro F1 (first label) "
          "qclass %.4f, scikit-learn %.4f" % (len(want), n_features, agree, f1_got, f1_want))
    if agree < 0.98:
        failures.append("predictions agree on %.4f of the test posts (< 0.98)" % agree)
    if abs(f1_got - f1_want) > 0.02:
        failures.append("macro F1 %.4f vs %.4f" % (f1_got, f1_want))
    m = json.load(open(mj))
    if set(m) != {"keyword", "tfidf_svm"}:
        failures.append("metrics JSON keys: %s" % sorted(m))
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
