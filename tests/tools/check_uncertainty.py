#!/usr/bin/env python3
"""Independent check of the classifiers' uncertainty (DEFINITIONS.md 11) on
the bundled labeled posts: the bootstrap intervals of accuracy, macro F1 and
micro F1 that `qclass baseline`, `train` and `eval` write with --bootstrap,
the paired interval of the difference of macro F1 (keyword classifier minus
SVM) and McNemar's exact test.

Each test post's labels and both predictions come from `qclass baseline
--predictions` (the predictions themselves are checked by
reference_classifier and sklearn_baseline_agreement). From them this script
recomputes, sharing no code with qclass: the resamples (its own SplitMix64),
every resample's metrics from section 7 counted with multiplicity, the type 7
percentile interval in doubles in the order section 11 writes, and
McNemar's p-value as an exact fraction (Python's fractions, rounded once),
also compared with scipy.stats.binomtest to 1e-12. Every value must agree
exactly.

usage: check_uncertainty.py QCLASS LABELED.jsonl KEYWORDS.tsv WORK_DIR
"""
import csv
import json
import math
import os
import sys
from fractions import Fraction

try:
    from scipy.stats import binomtest
except ImportError:
    sys.exit("check_uncertainty.py: scipy is missing (Debian: apt install python3-scipy)")

from check_labeling import SplitMix64, run  # the section 3 PRNG, written apart from qclass
from check_report import quantile  # type 7, as section 11 writes it

FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL: " + msg)


def resamples(n, count, seed):
    g = SplitMix64(seed)
    for _ in range(count):
        yield [g.next() % n for _ in range(n)]


def f1(p, r):
    s = p + r
    return 0.0 if s == 0.0 else ((2.0 * p) * r) / s


def ratio(a, b):
    return 0.0 if b == 0 else a / b


def mean(xs):
    s = 0.0
    for x in xs:  # left to right, as section 7 writes (not math.fsum)
        s += x
    return s / len(xs)


def metrics(posts, draws, n_labels):
    """Section 7's accuracy, macro F1, micro F1 over the drawn posts."""
    if not draws:
        return None
    tp, fp, fn = [0] * n_labels, [0] * n_labels, [0] * n_labels
    exact = 0
    for i in draws:
        y, p = posts[i]
        for k in p:
            if k in y:
                tp[k] += 1
            else:
                fp[k] += 1
        for k in y:
            if k not in p:
                fn[k] += 1
        exact += set(y) == set(p)
    f1s = [f1(ratio(tp[k], tp[k] + fp[k]), ratio(tp[k], tp[k] + fn[k])) for k in range(n_labels)]
    stp, sfp, sfn = sum(tp), sum(fp), sum(fn)
    micro = f1(ratio(stp, stp + sfp), ratio(stp, stp + sfn))
    return {"accuracy": exact / len(draws), "f1": mean(f1s), "micro_f1": micro}


def interval(values, conf):
    kept = sorted(v for v in values if v is not None)
    left_out = len(values) - len(kept)
    if not kept:
        return {"low": None, "high": None, "left_out": left_out}
    return {"low": quantile(kept, (1.0 - conf) / 2.0), "high": quantile(kept, (1.0 + conf) / 2.0),
            "left_out": left_out}


def oracle(posts_a, posts_b, n_labels, B, conf, seed):
    """Intervals of both classifiers and of the macro F1 difference (a - b)."""
    vals = {"a": {}, "b": {}, "diff": []}
    for draws in resamples(len(posts_a), B, seed):
        ma, mb = metrics(posts_a, draws, n_labels), metrics(posts_b, draws, n_labels)
        for side, m in (("a", ma), ("b", mb)):
            for name in ("accuracy", "f1", "micro_f1"):
                vals[side].setdefault(name, []).append(m[name] if m else None)
        vals["diff"].append(ma["f1"] - mb["f1"] if ma and mb else None)
    out = {side: {k: interval(v, conf) for k, v in vals[side].items()} for side in ("a", "b")}
    out["diff"] = interval(vals["diff"], conf)
    return out


def mcnemar(posts_a, posts_b):
    b = sum(1 for (y, p), (_, q) in zip(posts_a, posts_b) if set(y) == set(p) and set(y) != set(q))
    c = sum(1 for (y, p), (_, q) in zip(posts_a, posts_b) if set(y) != set(p) and set(y) == set(q))
    n = b + c
    if n == 0:
        return b, c, 1.0
    p = Fraction(2 * sum(math.comb(n, i) for i in range(min(b, c) + 1)), 2 ** n)
    exact = float(min(p, Fraction(1)))
    scipy_p = binomtest(min(b, c), n, 0.5).pvalue
    if abs(scipy_p - exact) > 1e-12:
        fail("McNemar: exact %r, scipy.stats.binomtest %r" % (exact, scipy_p))
    return b, c, exact


def read_predictions(path, labels):
    index = {name: k for k, name in enumerate(labels)}
    split = lambda s: [index[x] for x in s.split("|")] if s else []
    kw, svm = [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            y = split(row["labels"])
            kw.append((y, split(row["keyword"])))
            svm.append((y, split(row["tfidf_svm"])))
    return kw, svm


def expect_interval(where, got, want):
    for key in ("low", "high", "left_out"):
        if got.get(key) != want[key]:
            fail("%s %s: qclass %r, oracle %r" % (where, key, got.get(key), want[key]))


def expect_bootstrap(where, member, want, B, conf, seed):
    if member is None:
        fail(where + ": no bootstrap member")
        return
    for key, v in (("resamples", B), ("ci", conf), ("seed", seed)):
        if member.get(key) != v:
            fail("%s: %s is %r, not %r" % (where, key, member.get(key), v))
    for name in ("accuracy", "f1", "micro_f1"):
        expect_interval("%s %s" % (where, name), member.get(name, {}), want[name])


def check_baseline(qclass, labeled, keywords, work, B, conf, seed):
    js, preds = os.path.join(work, "baseline.json"), os.path.join(work, "predictions.csv")
    run([qclass, "baseline", "-i", labeled, "--keywords", keywords, "--seed", str(seed),
         "--bootstrap", str(B), "--ci", repr(conf), "--metrics-json", js, "--predictions", preds])
    doc = json.load(open(js))
    labels = [c["label"] for c in doc["keyword"]["categories"]]
    kw, svm = read_predictions(preds, labels)
    want = oracle(kw, svm, len(labels), B, conf, seed)
    expect_bootstrap("baseline keyword", doc["keyword"].get("bootstrap"), want["a"], B, conf, seed)
    expect_bootstrap("baseline tfidf_svm", doc["tfidf_svm"].get("bootstrap"), want["b"], B, conf,
                     seed)
    cmp = doc.get("comparison", {})
    diff = cmp.get("difference", {})
    if diff.get("objective") != "macro_f1":
        fail("baseline difference: objective %r" % diff.get("objective"))
    expect_interval("baseline difference", diff, want["diff"])
    b, c, p = mcnemar(kw, svm)
    got = cmp.get("mcnemar", {})
    if (got.get("b"), got.get("c"), got.get("p_value")) != (b, c, p):
        fail("McNemar: qclass %r, oracle b=%d c=%d p=%r" % (got, b, c, p))
    print("baseline (B=%d, C=%r, seed %d): keyword macro F1 %r, SVM %r, difference %r; "
          "McNemar b=%d c=%d p=%r" % (B, conf, seed, want["a"]["f1"], want["b"]["f1"],
                                       want["diff"], b, c, p))
    return labels, kw, want["a"]


def check_train_and_eval(qclass, labeled, keywords, work, B, conf, seed, want):
    model, tj, ej = (os.path.join(work, n) for n in ("model.json", "train.json", "eval.json"))
    plain = os.path.join(work, "train_plain.json")
    run([qclass, "train", "-i", labeled, "--keywords", keywords, "--seed", str(seed), "-o", model,
         "--metrics-json", plain])
    if "bootstrap" in json.load(open(plain)):
        fail("train without --bootstrap wrote a bootstrap member")
    run([qclass, "train", "-i", labeled, "--keywords", keywords, "--seed", str(seed), "-o", model,
         "--bootstrap", str(B), "--ci", repr(conf), "--metrics-json", tj])
    expect_bootstrap("train", json.load(open(tj)).get("bootstrap"), want, B, conf, seed)
    run([qclass, "eval", "-m", model, "-i", labeled, "--part", "test", "--bootstrap", str(B),
         "--ci", repr(conf), "--seed", str(seed), "--metrics-json", ej])
    expect_bootstrap("eval --part test", json.load(open(ej)).get("bootstrap"), want, B, conf, seed)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    qclass, labeled, keywords, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    for B, conf, seed in ((400, 0.95, 0), (150, 0.9, 7)):
        _, _, want = check_baseline(qclass, labeled, keywords, work, B, conf, seed)
        check_train_and_eval(qclass, labeled, keywords, work, B, conf, seed, want)
    if FAILURES:
        sys.exit("%d failure(s)" % len(FAILURES))
    print("OK: bootstrap intervals, paired difference and McNemar agree exactly")


if __name__ == "__main__":
    main()
