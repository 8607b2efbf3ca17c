#!/usr/bin/env python3
"""Independent oracle for qclass's cross-validation (DEFINITIONS.md 11).

Recomputes, in plain Python, the stratified k-fold assignment (SplitMix64,
one counter dealt across the groups), every fold's model and metrics, their
mean and sample standard deviation, and nested cross-validation of alpha
(inner folds seeded S + repeat + 1000003 * (fold + 1), leftmost best mean
inner macro F1, the tuned-on-test figure), and requires exact agreement with
`qclass train --folds --metrics-json` and `qclass sweep --folds --nested`.
The classifier itself (tokens, vocabulary, top-K, norms, scores, metrics) is
reference_classifier.py's, which is checked against qclass on its own.

usage: check_cross_validation.py QCLASS LABELED.jsonl KEYWORDS.tsv WORKDIR
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_classifier import (Model, full_metrics, json_differences, keyword_sets,  # noqa: E402
                                  load_sample, predict, run, splitmix)

M64 = (1 << 64) - 1
SUMMARY = ["precision", "recall", "f1", "micro_precision", "micro_recall", "micro_f1",
           "accuracy", "study_precision", "study_recall", "study_f1"]


def folds_of(labels, positions, k, seed):
    """Section 11 steps 1-4: the test part of each of the k folds."""
    groups = {}
    for i in positions:
        if labels[i]:
            groups.setdefault(labels[i][0], []).append(i)
    rng = splitmix(seed & M64)
    dealt, c = [[] for _ in range(k)], 0
    for key in sorted(groups, key=lambda s: s.encode()):
        a = groups[key][:]
        for i in range(len(a) - 1, 0, -1):
            j = next(rng) % (i + 1)
            a[i], a[j] = a[j], a[i]
        for p in a:
            dealt[c % k].append(p)
            c += 1
    return [sorted(d) for d in dealt]


def train_test(labeled, test):
    t = set(test)
    return [i for i in labeled if i not in t], test


def summary(values):
    """Step 6: mean (summed in order) and sample std, nulls left out."""
    mean, std = {}, {}
    for m in SUMMARY:
        xs = [v[m] for v in values if v[m] is not None]
        if not xs:
            mean[m], std[m] = None, None
            continue
        s = 0.0
        for x in xs:
            s += x
        mu = s / len(xs)
        ss = 0.0
        for x in xs:
            ss += (x - mu) * (x - mu)
        mean[m] = mu
        std[m] = math.sqrt(ss / (len(xs) - 1)) if len(xs) > 1 else None
    return mean, std


class Sample:
    def __init__(self, qclass, data, kw_path, workdir):
        self.records, self.labels, self.toks, self.vocab, _, _ = load_sample(qclass, data)
        self.kw = keyword_sets(qclass, kw_path, workdir)
        self.labeled = [i for i, ls in enumerate(self.labels) if ls]
        self.bows = []
        for t in self.toks:
            b = {}
            for w in t:
                b[w] = b.get(w, 0) + 1
            self.bows.append(b)

    def evaluate(self, train, test, alphas):
        """The fold's model (defaults: top-K 200, l2, topk) at every alpha."""
        model = Model(self.toks, self.labels, train, self.vocab, self.kw, 200, "l2", "topk")
        idx = {l: i for i, l in enumerate(model.labels)}
        Y = [[idx[l] for l in self.labels[r]] for r in test]
        parts = [model.parts(self.bows[r]) for r in test]
        return [full_metrics(Y, [[predict(s0, s1, a)[0]] for s0, s1 in parts], model.labels)
                for a in alphas]


def check_train(qclass, data, kw_path, workdir, s, failures):
    k, repeats, seed = 4, 2, 7
    out = workdir + "/cv_metrics.json"
    run([qclass, "train", "--input", data, "--keywords", kw_path, "-o", workdir + "/cv_m.json",
         "--folds", str(k), "--repeats", str(repeats), "--seed", str(seed),
         "--metrics-json", out])
    got = json.load(open(out))
    values, n = [], 0
    for r in range(repeats):
        for f, test in enumerate(folds_of(s.labels, s.labeled, k, seed + r)):
            train, test = train_test(s.labeled, test)
            g = got["folds"][n]
            want = {"repeat": r, "fold": f, "n_train": len(train), "n_test": len(test),
                    "test_ids": [s.records[i]["id"] for i in test],
                    "metrics": s.evaluate(train, test, [0.18])[0]}
            failures += json_differences("folds[%d]" % n, g, want)
            values.append(want["metrics"])
            n += 1
    if len(got["folds"]) != n:
        failures.append("train: %d folds, expected %d" % (len(got["folds"]), n))
    mean, std = summary(values)
    failures += json_differences("mean", got["mean"], mean)
    failures += json_differences("std", got["std"], std)
    print("train --folds %d --repeats %d: %d folds, mean f1 %r" % (k, repeats, n, mean["f1"]))


def nested_reference(s, k, repeats, seed, alphas):
    chosen, outer_at_chosen, outer_curves = [], [], []
    for r in range(repeats):
        for f, test in enumerate(folds_of(s.labels, s.labeled, k, seed + r)):
            train, test = train_test(s.labeled, test)
            inner_seed = (seed + r + 1000003 * (f + 1)) & M64
            score = [0.0] * len(alphas)
            for inner_test in folds_of(s.labels, train, k, inner_seed):
                itrain, itest = train_test(train, inner_test)
                for a, m in enumerate(s.evaluate(itrain, itest, alphas)):
                    score[a] += m["f1"]
            score = [x / k for x in score]
            best = 0
            for a in range(1, len(alphas)):
                if score[a] > score[best]:
                    best = a
            curve = s.evaluate(train, test, alphas)
            chosen.append(alphas[best])
            outer_at_chosen.append(curve[best])
            outer_curves.append(curve)
    return chosen, outer_at_chosen, outer_curves


def check_nested(qclass, data, kw_path, workdir, s, failures):
    k, repeats, seed = 3, 2, 11
    alphas = [i / 20 for i in range(11)]  # 0:0.5:0.05, each the double nearest i/20
    out = workdir + "/cv_sweep.csv"
    run([qclass, "sweep", "--input", data, "--keywords", kw_path, "--alpha", "0:0.5:0.05",
         "--folds", str(k), "--repeats", str(repeats), "--seed", str(seed), "--nested",
         "-o", out])
    lines = open(out).read().splitlines()
    best = json.loads(lines[-1][len("#best "):])
    chosen, at_chosen, curves = nested_reference(s, k, repeats, seed, alphas)
    mean, std = summary(at_chosen)
    failures += json_differences("nested", best["nested"],
                                 {"chosen_alpha": chosen, "mean": mean, "std": std})
    per_alpha = [summary([c[a] for c in curves]) for a in range(len(alphas))]
    tuned = 0
    for a in range(1, len(alphas)):
        if per_alpha[a][0]["f1"] > per_alpha[tuned][0]["f1"]:
            tuned = a
    failures += json_differences("tuned_on_test", best["tuned_on_test"],
                                 {"alpha": alphas[tuned], "mean": per_alpha[tuned][0],
                                  "std": per_alpha[tuned][1]})
    # Every grid row: the outer folds' mean and std at that alpha.
    header = lines[0].split(",")
    rows = [dict(zip(header, l.split(","))) for l in lines[1:] if not l.startswith("#")]
    for a, row in enumerate(rows):
        for m in SUMMARY:
            for part, want in (("mean", per_alpha[a][0][m]), ("std", per_alpha[a][1][m])):
                field = row["%s_%s" % (m, part)]
                if (float(field) if field else None) != want:
                    failures.append("sweep row %d %s_%s: qclass %s, reference %r"
                                    % (a, m, part, field, want))
    print("sweep --folds %d --repeats %d --nested: chosen %s, nested f1 %r, tuned on test %r"
          % (k, repeats, chosen, mean["f1"], per_alpha[tuned][0]["f1"]))


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    qclass, data, kw_path, workdir = sys.argv[1:]
    os.makedirs(workdir, exist_ok=True)
    s = Sample(qclass, data, kw_path, workdir)
    # The check values of section 11 first.
    firsts = [["b"], ["a"], ["b"], ["a"], ["a"], ["b"], ["a"]]
    outer = folds_of(firsts, range(7), 3, 0)
    inner = folds_of(firsts, train_test(range(7), outer[0])[0], 3, 1000003)
    assert outer == [[2, 4, 6], [0, 3], [1, 5]], outer
    assert inner == [[3, 5], [1], [0]], inner
    failures = []
    check_train(qclass, data, kw_path, workdir, s, failures)
    check_nested(qclass, data, kw_path, workdir, s, failures)
    for f in failures[:40]:
        print("FAIL", f)
    if failures:
        sys.exit("%d differences from the reference" % len(failures))
    print("cross-validation agrees with the reference")


if __name__ == "__main__":
    main()
