#!/usr/bin/env python3
"""Independent oracle for qclass's classifier (DEFINITIONS.md 3-8).

Given a labeled JSONL file and a keywords TSV, it re-implements in plain
Python the split (SplitMix64), vocabulary, training counts, top-K, norms,
manual keyword scopes, scores, predictions, standard and study metrics, the
alpha sweep, and the exact best alpha (with fractions.Fraction), under both
tie rules (lowest, and all as in the authors' code), and compares
them with `qclass train`, `qclass score` and `qclass sweep`. Tokens come from
`qclass tokens` (checked separately against NLTK by reference_tokens.py).

usage: reference_classifier.py QCLASS LABELED.jsonl KEYWORDS.tsv WORKDIR
"""
import json
import math
import subprocess
import sys
from fractions import Fraction

M64 = (1 << 64) - 1


def splitmix(seed):
    s = seed
    while True:
        s = (s + 0x9E3779B97F4A7C15) & M64
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)


def dedup(xs):
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def split(labels, frac, seed):
    p, q = frac.numerator, frac.denominator
    groups = {}
    for i, ls in enumerate(labels):
        if ls:
            groups.setdefault(ls[0], []).append(i)
    rng = splitmix(seed)
    train, test = [], []
    for key in sorted(groups, key=lambda s: s.encode()):
        a = groups[key][:]
        for i in range(len(a) - 1, 0, -1):
            j = next(rng) % (i + 1)
            a[i], a[j] = a[j], a[i]
        n_train = (2 * len(a) * p + q) // (2 * q)
        train += a[:n_train]
        test += a[n_train:]
    return sorted(train), sorted(test)


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def tokens_of(qclass, path):
    return [json.loads(l)["tokens"] for l in run([qclass, "tokens", "--input", path]).splitlines()]


def keyword_sets(qclass, kw_path, workdir):
    entries = []
    for line in open(kw_path, encoding="utf-8"):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        cat, rest = line.rstrip("\n").split("\t", 1)
        for kw in rest.split(","):
            if kw.strip():
                entries.append((cat.strip(), kw.strip()))
    tmp = workdir + "/keywords.jsonl"
    with open(tmp, "w") as f:
        for i, (_, kw) in enumerate(entries):
            f.write(json.dumps({"id": i, "title": kw}) + "\n")
    toks = tokens_of(qclass, tmp)
    sets = {}
    for (cat, _), t in zip(entries, toks):
        sets.setdefault(cat, set()).update(t)
    return sets


def f1(p, r):
    return 0.0 if p + r == 0 else ((2 * p) * r) / (p + r)


def mean(xs):
    s = 0.0
    for x in xs:
        s += x
    return s / len(xs)


def metrics(Y, P, L):
    """The macro, accuracy and study metrics of full_metrics (categories 0..L-1)."""
    m = full_metrics(Y, P, list(range(L)))
    return {k: m[k] for k in ("precision", "recall", "f1", "accuracy",
                              "study_precision", "study_recall")}


def full_metrics(Y, P, labels):
    """Every field of qclass's metrics JSON (DEFINITIONS.md 7), written out
    again: macro, micro, accuracy, study metric and the per-category table."""
    L = len(labels)
    tp, fp, fn, support = [0] * L, [0] * L, [0] * L, [0] * L
    Q = [[0] * L for _ in range(L)]
    exact = 0
    for y, p in zip(Y, P):
        for k in p:
            if k in y:
                tp[k] += 1
                Q[k][k] += 1
            else:
                fp[k] += 1
                if Q[y[0]][k] == 0:
                    Q[y[0]][k] = 1
        for k in y:
            support[k] += 1
            if k not in p:
                fn[k] += 1
        exact += set(p) == set(y)
    prec = [tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0 for k in range(L)]
    rec = [tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 0.0 for k in range(L)]
    col = [sum(Q[j][k] for j in range(L)) for k in range(L)]
    row = [sum(Q[k]) for k in range(L)]
    sp = [Q[j][j] / col[j] if col[j] else 1.0 for j in range(L)]
    sr = [Q[j][j] / row[j] if row[j] else 1.0 for j in range(L)]
    TP, FP, FN = sum(tp), sum(fp), sum(fn)
    mp = TP / (TP + FP) if TP + FP else 0.0
    mr = TP / (TP + FN) if TP + FN else 0.0
    return {
        "n_posts": len(Y), "n_labels": L,
        "precision": mean(prec), "recall": mean(rec),
        "f1": mean([f1(a, b) for a, b in zip(prec, rec)]),
        "micro_precision": mp, "micro_recall": mr, "micro_f1": f1(mp, mr),
        "accuracy": exact / len(Y),
        "study_precision": mean(sp), "study_recall": mean(sr),
        "study_f1": f1(mean(sp), mean(sr)),
        "categories": [{"label": labels[k], "support": support[k], "tp": tp[k], "fp": fp[k],
                        "fn": fn[k], "precision": prec[k], "recall": rec[k],
                        "f1": f1(prec[k], rec[k]), "study_precision": sp[k],
                        "study_recall": sr[k]} for k in range(L)],
    }


def json_differences(where, got, want):
    """Every difference between two parsed JSON values, as 'path: got vs want'
    (numbers compared as numbers: 1 == 1.0)."""
    out = []
    if isinstance(want, dict) and isinstance(got, dict):
        for k in sorted(set(got) | set(want)):
            if k not in got or k not in want:
                out.append("%s.%s: %s" % (where, k, "missing" if k not in got else "unexpected"))
            else:
                out += json_differences("%s.%s" % (where, k), got[k], want[k])
    elif isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            out.append("%s: %d entries, expected %d" % (where, len(got), len(want)))
        for i, (g, w) in enumerate(zip(got, want)):
            out += json_differences("%s[%d]" % (where, i), g, w)
    elif (type(got) is bool) != (type(want) is bool) or got != want:
        out.append("%s: qclass %r, reference %r" % (where, got, want))
    return out


class Model:
    def __init__(self, toks, labels, train, vocab, kw, top_k, norm, scope):
        self.labels = sorted({l for ls in labels for l in ls}, key=lambda s: s.encode())
        L = len(self.labels)
        idx = {l: i for i, l in enumerate(self.labels)}
        vset = set(vocab)
        counts = [dict() for _ in range(L)]
        for r in train:
            for l in labels[r]:
                c = counts[idx[l]]
                for t in toks[r]:
                    if t in vset:
                        c[t] = c.get(t, 0) + 1
        self.top, self.norm, self.manual = [], [], []
        for k in range(L):
            ranked = sorted(counts[k].items(), key=lambda kv: (-kv[1], kv[0].encode()))[:top_k]
            self.top.append(dict(ranked))
            self.norm.append(math.sqrt(float(sum(c * c for _, c in ranked))) if norm == "l2"
                             else float(sum(c for _, c in ranked)))
            kws = kw.get(self.labels[k], set())
            scope_set = set(self.top[k]) if scope == "topk" else vset
            self.manual.append(sorted((w for w in kws if w in scope_set), key=lambda s: s.encode()))

    def parts(self, bow):
        s0, s1 = [], []
        for k in range(len(self.labels)):
            D = sum(n * self.top[k].get(w, 0) for w, n in bow.items())
            S = sum(bow.get(w, 0) for w in self.manual[k])
            s0.append(0.0 if self.norm[k] == 0 else D / self.norm[k])
            s1.append(S)
        return s0, s1


def predict(s0, s1, alpha):
    scores = [a + alpha * float(b) for a, b in zip(s0, s1)]
    best = max(scores)
    return scores.index(best), scores[scores.index(best)]


def predict_all(s0, s1, alpha):
    """ties=all: every category tied at the maximum score, in index order."""
    scores = [a + alpha * float(b) for a, b in zip(s0, s1)]
    return [k for k, x in enumerate(scores) if x == max(scores)]


def exact_best(parts, Y, L, start, stop):
    """DEFINITIONS 8, the simple way: evaluate every piece. Returns the result
    for each tie rule: {"lowest": ..., "all": ...}."""
    B = {start, stop}
    fr = [([Fraction(x) for x in s0], s1) for s0, s1 in parts]
    for s0, s1 in fr:
        for j in range(L):
            for k in range(j + 1, L):
                if s1[j] != s1[k]:
                    a = (s0[k] - s0[j]) / (s1[j] - s1[k])
                    if start < a < stop:
                        B.add(a)
    B = sorted(B)
    pieces = []
    for i, b in enumerate(B):
        pieces.append(b)
        if i + 1 < len(B):
            pieces.append((b + B[i + 1]) / 2)
    vals = {"lowest": [], "all": []}
    for a in pieces:  # the exact scores once per piece, for both rules
        lowest, tied = [], []
        for s0, s1 in fr:
            sc = [x + a * y for x, y in zip(s0, s1)]
            top = max(sc)
            lowest.append([sc.index(top)])
            tied.append([k for k, x in enumerate(sc) if x == top])
        vals["lowest"].append(metrics(Y, lowest, L)["f1"])
        vals["all"].append(metrics(Y, tied, L)["f1"])
    out = {}
    for rule, v in vals.items():
        best = max(v)
        i = v.index(best)
        j = i
        while j + 1 < len(v) and v[j + 1] == best:
            j += 1
        lo = pieces[i] if i % 2 == 0 else B[i // 2]
        hi = pieces[j] if j % 2 == 0 else B[j // 2 + 1]
        alpha = float(lo) if i == j and i % 2 == 0 else float((lo + hi) / 2)
        out[rule] = {"lo": lo, "hi": hi, "lo_closed": i % 2 == 0, "hi_closed": j % 2 == 0,
                     "alpha": alpha, "value": best, "n_breakpoints": len(B)}
    return out


def frac_of(s):
    return Fraction(s)


def load_sample(qclass, data):
    """The labeled file's records, label lists, qclass tokens, the vocabulary
    (DEFINITIONS.md 4 with the defaults) and the default split (train, test)."""
    records = [json.loads(l) for l in open(data, encoding="utf-8") if l.strip()]
    labels = []
    for r in records:
        ls = r.get("labels")
        labels.append(dedup([ls] if isinstance(ls, str) else (ls or [])))
    toks = tokens_of(qclass, data)
    df = {}
    for t in toks:
        for w in set(t):
            df[w] = df.get(w, 0) + 1
    vocab = sorted((w for w in df if df[w] >= 5), key=lambda w: (-df[w], w.encode()))[:20000]
    train, test = split(labels, Fraction(3, 5), 0)
    return records, labels, toks, vocab, train, test


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    qclass, data, kw_path, workdir = sys.argv[1:]
    records, labels, toks, vocab, train, test = load_sample(qclass, data)
    kw = keyword_sets(qclass, kw_path, workdir)
    model = Model(toks, labels, train, vocab, kw, 200, "l2", "topk")
    L = len(model.labels)
    idx = {l: i for i, l in enumerate(model.labels)}
    bows = []
    for t in toks:
        b = {}
        for w in t:
            b[w] = b.get(w, 0) + 1
        bows.append(b)
    failures = []

    # --- train: model contents and test metrics ---
    run([qclass, "train", "--input", data, "--keywords", kw_path, "-o", workdir + "/m.json",
         "--metrics-json", workdir + "/metrics.json"])
    mj = json.load(open(workdir + "/m.json"))
    if mj["labels"] != model.labels:
        failures.append("labels differ")
    ids = [json.dumps(records[r]["id"]) for r in test]
    if [json.dumps(x) for x in mj["test_ids"]] != ids:
        failures.append("test split differs")
    for k, c in enumerate(mj["categories"]):
        if [w for w, _ in c["top"]] != list(model.top[k]) or [n for _, n in c["top"]] != list(model.top[k].values()):
            failures.append("top words of %s differ" % c["label"])
        if c["norm_value"] != model.norm[k]:
            failures.append("norm of %s: %r vs %r" % (c["label"], c["norm_value"], model.norm[k]))
        if c["manual"] != model.manual[k]:
            failures.append("manual keywords of %s differ" % c["label"])
    Y = [[idx[l] for l in labels[r]] for r in test]
    parts = [model.parts(bows[r]) for r in test]
    P = [[predict(s0, s1, 0.18)[0]] for s0, s1 in parts]
    want = metrics(Y, P, L)
    got = json.load(open(workdir + "/metrics.json"))
    for key, v in want.items():
        if got[key] != v:
            failures.append("train metric %s: qclass %r, reference %r" % (key, got[key], v))

    # --- score: every record's category and score ---
    run([qclass, "score", "--model", workdir + "/m.json", "--input", data, "-o",
         workdir + "/pred.jsonl"])
    preds = [json.loads(l) for l in open(workdir + "/pred.jsonl")]
    bad = 0
    for rec, b, p in zip(records, bows, preds):
        s0, s1 = model.parts(b)
        k, sc = predict(s0, s1, 0.18)
        if p["id"] != rec["id"] or p["category"] != model.labels[k] or p["score"] != sc:
            bad += 1
    if bad or len(preds) != len(records):
        failures.append("score: %d of %d predictions differ" % (bad, len(records)))

    # --- sweep: every grid point, and the exact best alpha ---
    run([qclass, "sweep", "--input", data, "--keywords", kw_path, "--alpha", "0:1:0.01",
         "-o", workdir + "/sweep.csv"])
    lines = open(workdir + "/sweep.csv").read().splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, l.split(","))) for l in lines[1:] if not l.startswith("#")]
    for i, row in enumerate(rows):
        alpha = float(Fraction(i, 100))
        if float(row["alpha"]) != alpha:
            failures.append("grid alpha %d: %s" % (i, row["alpha"]))
            break
        m = metrics(Y, [[predict(s0, s1, alpha)[0]] for s0, s1 in parts], L)
        for key, v in m.items():
            if float(row[key]) != v:
                failures.append("sweep alpha %r %s: qclass %s, reference %r" % (alpha, key, row[key], v))
    best = json.loads(lines[-1][len("#best "):])
    exact = exact_best(parts, Y, L, Fraction(0), Fraction(1))
    ex = exact["lowest"]
    for key in ("alpha", "value", "lo_closed", "hi_closed", "n_breakpoints"):
        if best[key] != ex[key]:
            failures.append("exact best %s: qclass %r, reference %r" % (key, best[key], ex[key]))
    for key in ("lo", "hi"):
        if frac_of(best[key]) != ex[key]:
            failures.append("exact best %s: qclass %s, reference %s" % (key, best[key], ex[key]))

    # --- ties=all (the authors' rule): train metrics, score, sweep, exact best ---
    run([qclass, "train", "--ties", "all", "--input", data, "--keywords", kw_path,
         "-o", workdir + "/m_all.json", "--metrics-json", workdir + "/metrics_all.json"])
    if json.load(open(workdir + "/m_all.json"))["options"]["ties"] != "all":
        failures.append("ties=all: the model does not record its tie rule")
    want = metrics(Y, [predict_all(s0, s1, 0.18) for s0, s1 in parts], L)
    got = json.load(open(workdir + "/metrics_all.json"))
    for key, v in want.items():
        if got[key] != v:
            failures.append("ties=all train metric %s: qclass %r, reference %r" % (key, got[key], v))
    # Posts without any scoring word tie in every category; add a few.
    extra = workdir + "/no_evidence.jsonl"
    with open(extra, "w") as f:
        f.write('{"id": "empty", "title": ""}\n{"id": "unknown", "title": "zzqx qqzx"}\n')
    extra_records = [json.loads(l) for l in open(extra)]
    run([qclass, "score", "--model", workdir + "/m_all.json", "--input", data, "--input", extra,
         "-o", workdir + "/pred_all.jsonl"])
    preds = [json.loads(l) for l in open(workdir + "/pred_all.jsonl")]
    bad, ties_seen = 0, 0
    all_bows = bows + [{} for _ in extra_records]
    for rec, b, p in zip(records + extra_records, all_bows, preds):
        s0, s1 = model.parts(b)
        tied = predict_all(s0, s1, 0.18)
        ties_seen += len(tied) > 1
        k, sc = predict(s0, s1, 0.18)
        if (p["id"] != rec["id"] or p.get("categories") != [model.labels[t] for t in tied]
                or p["category"] != model.labels[k] or p["score"] != sc):
            bad += 1
    if bad or len(preds) != len(records) + len(extra_records):
        failures.append("ties=all score: %d of %d predictions differ" % (bad, len(preds)))
    if ties_seen < len(extra_records):
        failures.append("ties=all score: only %d posts with tied categories" % ties_seen)
    run([qclass, "sweep", "--ties", "all", "--input", data, "--keywords", kw_path,
         "--alpha", "0:1:0.01", "-o", workdir + "/sweep_all.csv"])
    lines = open(workdir + "/sweep_all.csv").read().splitlines()
    header = lines[0].split(",")
    rows_all = [dict(zip(header, l.split(","))) for l in lines[1:] if not l.startswith("#")]
    if len(rows_all) != 101:
        failures.append("ties=all sweep: %d rows" % len(rows_all))
    for i, row in enumerate(rows_all):
        alpha = float(Fraction(i, 100))
        m = metrics(Y, [predict_all(s0, s1, alpha) for s0, s1 in parts], L)
        for key, v in m.items():
            if float(row[key]) != v:
                failures.append("ties=all sweep alpha %r %s: qclass %s, reference %r"
                                % (alpha, key, row[key], v))
    best = json.loads(lines[-1][len("#best "):])
    ex_all = exact["all"]
    for key in ("alpha", "value", "lo_closed", "hi_closed", "n_breakpoints"):
        if best[key] != ex_all[key]:
            failures.append("ties=all exact best %s: qclass %r, reference %r"
                            % (key, best[key], ex_all[key]))
    for key in ("lo", "hi"):
        if frac_of(best[key]) != ex_all[key]:
            failures.append("ties=all exact best %s: qclass %s, reference %s"
                            % (key, best[key], ex_all[key]))

    # --- a grid over every setting: top-K, norm and scope change the model ---
    run([qclass, "sweep", "--input", data, "--keywords", kw_path, "--alpha", "0:1:0.05",
         "--top-k", "50,200", "--norm", "l2,sum", "--manual-scope", "topk,all",
         "-o", workdir + "/grid.csv"])
    lines = open(workdir + "/grid.csv").read().splitlines()
    header = lines[0].split(",")
    grid = [dict(zip(header, l.split(","))) for l in lines[1:] if not l.startswith("#")]
    i = 0
    for top_k in (50, 200):
        for norm in ("l2", "sum"):
            for scope in ("topk", "all"):
                gm = Model(toks, labels, train, vocab, kw, top_k, norm, scope)
                gparts = [gm.parts(bows[r]) for r in test]
                for a in range(21):
                    alpha = float(Fraction(a, 20))
                    row = grid[i] if i < len(grid) else {}
                    i += 1
                    where = "grid %d/%s/%s alpha %r" % (top_k, norm, scope, alpha)
                    if (row.get("top_k"), row.get("norm"), row.get("manual_scope")) != \
                            (str(top_k), norm, scope) or float(row.get("alpha", "nan")) != alpha:
                        failures.append(where + ": row order differs")
                        continue
                    m = metrics(Y, [[predict(s0, s1, alpha)[0]] for s0, s1 in gparts], L)
                    for key, v in m.items():
                        if float(row[key]) != v:
                            failures.append("%s %s: qclass %s, reference %r" % (where, key, row[key], v))
    if len(grid) != i:
        failures.append("grid: %d rows, expected %d" % (len(grid), i))

    print("reference classifier: %d labels, %d train, %d test, %d grid points, %d breakpoints; "
          "%d failures" % (L, len(train), len(test), len(rows), ex["n_breakpoints"], len(failures)))
    for f in failures[:30]:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
