#!/usr/bin/env python3
"""Independent oracle for `qclass explain` (DEFINITIONS.md 5-6).

From the model JSON file alone (each category's top words with their counts,
its norm, its manual keywords, alpha) and the posts' tokens as `qclass tokens`
prints them, it recomputes in plain Python every explained post's words
(bow x count = d), manual keyword hits, D, S1, s0, alpha's part, score,
prediction (both tie rules), runner-up, margin and no-evidence flag, and
compares them with `qclass explain --json` exactly (floats bit for bit:
Python's float operations round as DEFINITIONS.md 6 prescribes), and the
prediction with `qclass score`. Two models: the defaults (l2, manual scope
topk) and sum / all / alpha 0.5, where manual keywords outside the top words
add to S1 only.

usage: check_explain.py QCLASS LABELED.jsonl KEYWORDS.tsv POSTS.jsonl WORKDIR
"""
import json
import os
import subprocess
import sys
from collections import Counter

N_OTHER = 40  # posts of POSTS.jsonl explained (its first ones), besides every labeled post


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def tokens_by_id(qclass, path, limit=None):
    out = []
    for line in run([qclass, "tokens", "--input", path]).splitlines()[:limit]:
        rec = json.loads(line)
        out.append((rec["id"], rec["tokens"]))
    return out


def category_parts(cat, bow, alpha):
    top = {w: c for w, c in cat["top"]}
    manual = set(cat["manual"])
    words = [(w, n, top.get(w, 0)) for w, n in bow.items() if w in top or w in manual]
    d = sum(n * c for _, n, c in words)
    s1 = sum(n for w, n, _ in words if w in manual)
    norm = cat["norm_value"]
    s0 = 0.0 if norm == 0.0 else float(d) / norm
    alpha_part = alpha * float(s1)
    listed = sorted(((w, n, c) for w, n, c in words if c > 0),
                    key=lambda x: (-x[1] * x[2], x[0].encode()))
    hits = sorted(((w, n) for w, n, _ in words if w in manual), key=lambda x: x[0].encode())
    return {"d": d, "s1": s1, "norm": norm, "s0": s0, "alpha_part": alpha_part,
            "score": s0 + alpha_part, "listed": listed, "hits": hits, "manual": manual}


def prediction(parts, labels):
    scores = [p["score"] for p in parts]
    best = max(range(len(scores)), key=lambda k: (scores[k], -k))
    others = [k for k in range(len(scores)) if k != best]
    runner = max(others, key=lambda k: (scores[k], -k))
    return {"category": labels[best], "score": scores[best], "runner_up": labels[runner],
            "margin": scores[best] - scores[runner],
            "tied": [labels[k] for k in range(len(scores)) if scores[k] == scores[best]],
            "no_evidence": all(p["d"] == 0 and p["s1"] == 0 for p in parts)}


def check_category(got, want, top, where):
    for key in ("d", "s1", "norm", "s0", "alpha_part", "score"):
        assert got[key] == want[key], (where, key, got[key], want[key])
    shown = want["listed"] if top == 0 else want["listed"][:top]
    rest = want["listed"][len(shown):]
    assert [(w["word"], w["in_post"], w["count"]) for w in got["words"]] == shown, where
    for w in got["words"]:
        assert w["d"] == w["in_post"] * w["count"], where
        assert w["manual"] == (w["word"] in want["manual"]), where
        assert w["s0_part"] == (0.0 if want["norm"] == 0.0 else float(w["d"]) / want["norm"])
    assert got["other_words"] == {"words": len(rest), "d": sum(n * c for _, n, c in rest)}, where
    assert [(h["word"], h["in_post"]) for h in got["manual_hits"]] == want["hits"], where
    assert got["exact"] is True, where


def manual_only(toks, model):
    """Manual keywords of the post outside their category's top words (S1 only)."""
    n = 0
    for c in model["categories"]:
        top = {w for w, _ in c["top"]}
        n += sum(1 for w in set(toks) if w in set(c["manual"]) and w not in top)
    return n


def check_post(got, toks, model, ties, top):
    labels = model["labels"]
    bow = Counter(toks)
    parts = [category_parts(c, bow, model["alpha"]) for c in model["categories"]]
    where = got["where"]
    assert [c["category"] for c in got["explanation"]] == labels, where
    for g, w in zip(got["explanation"], parts):
        check_category(g, w, top, where + " " + g["category"])
    want = prediction(parts, labels)
    for key in ("category", "score", "runner_up", "margin", "no_evidence"):
        assert got[key] == want[key], (where, key, got[key], want[key])
    if ties == "all":
        assert got["categories"] == want["tied"], where
    else:
        assert "categories" not in got, where
    return want


def explain_json(qclass, model_path, inputs, ids, extra, workdir):
    out = os.path.join(workdir, "explain.json")
    args = [qclass, "explain", "--model", model_path, "--json", out] + extra
    for p in inputs:
        args += ["--input", p]
    for i in ids:
        args += ["--id", str(i)]
    run(args)
    with open(out) as f:
        return json.load(f)


def score_rows(qclass, model_path, inputs, workdir):
    out = os.path.join(workdir, "predictions.jsonl")
    args = [qclass, "score", "--model", model_path, "-o", out]
    for p in inputs:
        args += ["--input", p]
    run(args)
    with open(out) as f:
        return {json.loads(l)["id"]: json.loads(l) for l in f}


def check_input(qclass, model_path, model, path, toks, select, workdir, ties, top):
    """Explains every post of `path` (select: False) or the posts of toks by --id."""
    ids = [i for i, _ in toks] if select else []
    extra = ["--ties", ties, "--top", str(top)]
    doc = explain_json(qclass, model_path, [path], ids, extra, workdir)
    assert doc["alpha"] == model["alpha"] and doc["categories"] == model["labels"]
    assert len(doc["posts"]) == len(toks), (len(doc["posts"]), len(toks))
    scored = score_rows(qclass, model_path, [path], workdir)
    n_words = n_manual_only = 0
    for got, (i, t) in zip(doc["posts"], toks):
        assert got["id"] == i, (got["id"], i)
        want = check_post(got, t, model, ties, top)
        row = scored[i]
        for key in ("category", "score", "runner_up", "margin", "no_evidence"):
            assert row[key] == want[key], (i, key, row[key], want[key])
        n_words += sum(len(c["words"]) for c in got["explanation"])
        n_manual_only += manual_only(t, model)
    return n_words, n_manual_only


def check_model(qclass, train_args, files, workdir, ties, top):
    model_path = os.path.join(workdir, "model.json")
    run([qclass, "train", "-o", model_path] + train_args)
    with open(model_path) as f:
        model = json.load(f)
    n_posts = n_words = n_manual_only = 0
    for path, toks, select in files:
        w, m = check_input(qclass, model_path, model, path, toks, select, workdir, ties, top)
        n_posts, n_words, n_manual_only = n_posts + len(toks), n_words + w, n_manual_only + m
    print(f"{' '.join(train_args[4:]) or 'defaults'}, ties {ties}, top {top}: {n_posts} posts, "
          f"{n_words} listed words, {n_manual_only} manual keywords outside the top words: agree")
    return n_manual_only


def main(argv):
    qclass, labeled, keywords, posts, workdir = argv[1:6]
    os.makedirs(workdir, exist_ok=True)
    files = [(labeled, tokens_by_id(qclass, labeled), False),
             (posts, tokens_by_id(qclass, posts, N_OTHER), True)]
    base = ["--input", labeled, "--keywords", keywords]
    check_model(qclass, base, files, workdir, "lowest", 0)
    n = check_model(qclass, base + ["--norm", "sum", "--manual-scope", "all", "--alpha", "0.5"],
                    files, workdir, "all", 4)
    assert n > 0, "manual scope all: no manual keyword outside the top words was exercised"
    print("explain agrees with the oracle")


if __name__ == "__main__":
    main(sys.argv)
