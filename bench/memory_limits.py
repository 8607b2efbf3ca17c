#!/usr/bin/env python3
"""Peak memory of qclass on pathological inputs (README "Limits").

Makes the inputs in WORKDIR and runs each command under /usr/bin/time -v,
printing its exit status, peak resident set size ("Maximum resident set
size") and that peak over the input's size:
  - big.jsonl: three posts, the second one record of 114,000,000 bytes (an
    HTML body of about 17.7 million short tokens, 20,000 of them distinct);
    `score`, `train` and `eval` (the bundled labeled posts with that
    record added);
  - big.xml: a Posts.xml of three questions, the second a row of 114 MB
    (its Body escaped); `convert`;
  - distinct.jsonl: one post of 3,000,000 distinct words; `score`, `train`;
  - kw.tsv: a keyword file of 1,000,000 lines (41 MB; `keywordN` normalizes
    to `keyword`), and kw_distinct.tsv, 1,000,000 distinct keywords under
    the data's labels; `train`.

usage: memory_limits.py QCLASS WORKDIR [--only NAME[,NAME...]]
Run with /usr/bin/python3. Nothing it makes is committed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
LABELED = os.path.join(ROOT, "data", "dl_bug_classification.jsonl")
KEYWORDS = os.path.join(ROOT, "data", "keywords", "dl_bug_classification.tsv")
BIG = 114_000_000
LABELS = ["model", "tensor", "training", "gpu", "api", "Others"]


def small_post(i, label="training"):
    return {"id": i, "title": "loss is nan after a few epochs", "labels": [label],
            "body": "<p>my training loss becomes nan, the gpu runs out of memory</p>"}


def big_body(size):
    """HTML of short tokens, 20,000 distinct, about `size` bytes."""
    words = ["w%x" % (i * 7919 % 20000) for i in range(20000)]
    chunk = "<p>" + " ".join(words) + "</p>\n"
    return chunk * (size // len(chunk))


def letters(i, n=6):
    """i as n lowercase letters: distinct words that survive tokenization."""
    out = []
    for _ in range(n):
        i, r = divmod(i, 26)
        out.append(chr(97 + r))
    return "".join(out)


def write_jsonl(path, posts):
    with open(path, "w", encoding="utf-8") as f:
        for p in posts:
            f.write(json.dumps(p) + "\n")


def make_inputs(work):
    body = big_body(BIG - 200)
    big = dict(small_post(2), body=body)
    write_jsonl(os.path.join(work, "big.jsonl"), [small_post(1), big, small_post(3)])
    with open(LABELED, encoding="utf-8") as f:
        lines = f.readlines()
    with open(os.path.join(work, "big_labeled.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(lines[:300] + [json.dumps(big) + "\n"] + lines[300:])
    esc = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "&#xA;")
    row = '  <row Id="%d" PostTypeId="1" CreationDate="2020-01-01T00:00:00.000" Title="t" ' \
          'Tags="&lt;pytorch&gt;" Body="%s" />\n'
    with open(os.path.join(work, "big.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
        f.write(row % (1, "&lt;p&gt;a&lt;/p&gt;") + row % (2, esc) + row % (3, "x"))
        f.write("</posts>\n")
    distinct = "<p>" + " ".join(letters(i) for i in range(3_000_000)) + "</p>"
    write_jsonl(os.path.join(work, "distinct.jsonl"), [dict(small_post(1), body=distinct)])
    with open(LABELED, encoding="utf-8") as f:
        lines = f.readlines()
    with open(os.path.join(work, "distinct_labeled.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(lines + [json.dumps(dict(small_post(9), body=distinct)) + "\n"])
    with open(os.path.join(work, "kw.tsv"), "w", encoding="utf-8") as f:
        for i in range(1_000_000):
            f.write("c%d\tkeyword%d, gpu memory %d,loss\n" % (i % 6, i, i))
    with open(os.path.join(work, "kw_distinct.tsv"), "w", encoding="utf-8") as f:
        for i in range(1_000_000):
            f.write("%s\tkw%s, gpu memory,loss\n" % (LABELS[i % 6], letters(i)))


def peak_rss(args):
    """(exit status, peak RSS in bytes, last line of stderr) of a command."""
    p = subprocess.run(["/usr/bin/time", "-v"] + args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, errors="replace")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    own = [l for l in p.stderr.splitlines() if l.startswith("qclass")] or [""]
    return p.returncode, int(m.group(1)) * 1024 if m else 0, own[-1][:100]


def cases(q, w):
    model = os.path.join(w, "m.json")
    big = ["--max-record-size", "128MiB"]
    j = lambda n: os.path.join(w, n)
    return [
        ("train_model", None, [q, "train", "-i", LABELED, "--keywords", KEYWORDS, "-o", model]),
        ("score_big", j("big.jsonl"), [q, "score", "--model", model, "-i", j("big.jsonl"),
                                       "-o", j("p.csv"), "--threads", "2"] + big),
        ("score_big_default", j("big.jsonl"), [q, "score", "--model", model, "-i", j("big.jsonl"),
                                               "-o", j("p.csv"), "--on-error", "skip"]),
        ("train_big", j("big.jsonl"), [q, "train", "-i", j("big_labeled.jsonl"), "--keywords",
                                       KEYWORDS, "-o", j("m2.json")] + big),
        ("eval_big", j("big.jsonl"), [q, "eval", "--model", model, "-i", j("big_labeled.jsonl"),
                                      "--metrics-json", j("e.json")] + big),
        ("convert_big", j("big.xml"), [q, "convert", j("big.xml"), "-o", j("q.jsonl")] + big),
        ("score_distinct", j("distinct.jsonl"), [q, "score", "--model", model, "-i",
                                                 j("distinct.jsonl"), "-o", j("p2.csv")]),
        ("train_distinct", j("distinct.jsonl"), [q, "train", "-i", j("distinct_labeled.jsonl"),
                                                 "--keywords", KEYWORDS, "-o", j("m3.json")]),
        ("train_keywords", j("kw.tsv"), [q, "train", "-i", LABELED, "--keywords", j("kw.tsv"),
                                         "-o", j("m4.json")]),
        ("train_keywords_distinct", j("kw_distinct.tsv"),
         [q, "train", "-i", LABELED, "--keywords", j("kw_distinct.tsv"), "-o", j("m5.json")]),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qclass")
    ap.add_argument("workdir")
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    if not os.path.exists(os.path.join(a.workdir, "kw.tsv")):
        make_inputs(a.workdir)
    only = set(filter(None, a.only.split(",")))
    print("| case | input MB | exit | peak RSS MiB | peak / input | message |")
    print("|---|---|---|---|---|---|")
    for name, src, args in cases(os.path.abspath(a.qclass), a.workdir):
        if only and name not in only and name != "train_model":
            continue
        rc, rss, msg = peak_rss(args)
        size = os.path.getsize(src) if src else 0
        ratio = "%.1fx" % (rss / size) if size else "-"
        print("| %s | %.1f | %d | %.0f | %s | %s |" % (name, size / 1e6, rc, rss / 2**20, ratio, msg))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
