#!/usr/bin/env python3
"""qclass side by side with its peers on the same posts, in the same run.

Trains each tool on the bundled labeled posts (the train part of qclass's
seeded split) and times bulk prediction over the same unlabeled posts:
  - qclass:       train + score (the study's keyword classifier)
  - scikit-learn: tf-idf + linear SVM (the study's baseline), via sklearn_baseline.py
  - fastText:     supervised classifier (Debian's `fasttext` command)
For each: wall seconds, posts/s, MB/s of input JSON, peak RSS (from the
kernel, via wait4), and test-split macro F1 where the tool is evaluated.

usage: peers.py QCLASS [--repeat N] [--corpus FILE.jsonl]
  --repeat N:    N copies of data/pytorch_sample.jsonl (default 10)
  --corpus FILE: these posts instead, e.g. a corpus made by make_corpus.py
Needs Debian's python3-sklearn; fastText (Debian's `fasttext`) is left out
when it is not installed. Run with /usr/bin/python3.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
LABELED = os.path.join(ROOT, "data", "dl_bug_classification.jsonl")
KEYWORDS = os.path.join(ROOT, "data", "keywords", "dl_bug_classification.tsv")
POSTS = os.path.join(ROOT, "data", "pytorch_sample.jsonl")


def measure(args, stdout=None):
    """Runs a command; returns (seconds, peak RSS in MiB, its standard output).
    With `stdout` (an open file) the output goes there instead."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(args, stdout=stdout or out, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        secs = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("command failed: %s\n%s" % (" ".join(args), err.read().decode(errors="replace")))
        return secs, ru.ru_maxrss / 1024.0, out.read().decode(errors="replace")


def fasttext_text(rec):
    text = (rec.get("title") or "") + " " + re.sub(r"<[^>]*>", " ", rec.get("body") or "")
    return " ".join(re.findall(r"\w+", text.lower()))


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("qclass")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--corpus")
    args = ap.parse_args()
    qclass = os.path.abspath(args.qclass)
    work = tempfile.mkdtemp(prefix="qc_peers_")
    try:
        if args.corpus:
            corpus = os.path.abspath(args.corpus)
        else:
            corpus = os.path.join(work, "posts.jsonl")
            with open(POSTS, "rb") as f:
                one = f.read()
            with open(corpus, "wb") as f:
                for _ in range(args.repeat):
                    f.write(one)
        mb = os.path.getsize(corpus) / 1e6
        with open(corpus, "rb") as f:
            n_posts = sum(1 for line in f if line.strip())
        rows = []

        model = os.path.join(work, "model.json")
        t_train, rss_train, _ = measure([qclass, "train", "--input", LABELED, "--keywords",
                                         KEYWORDS, "-o", model, "--metrics-json",
                                         os.path.join(work, "m.json")])
        f1 = json.load(open(os.path.join(work, "m.json")))["f1"]
        secs, rss, _ = measure([qclass, "score", "--model", model, "--input", corpus, "-o",
                                os.path.join(work, "pred.csv")])
        rows.append(("qclass keyword classifier (2 threads)", t_train, secs, rss, f1))

        split = json.load(open(model))
        secs_sk, rss_sk, out = measure(["/usr/bin/python3", os.path.join(HERE, "sklearn_baseline.py"),
                                        LABELED, model, corpus])
        res = json.loads(out.strip().splitlines()[-1])
        rows.append(("scikit-learn tf-idf + LinearSVC", res["train_seconds"],
                     res["predict_seconds"], rss_sk, res["f1"]))

        if not shutil.which("fasttext"):
            print("fastText: the `fasttext` command is not installed; its row is left out")
        else:
            train_ids = set(json.dumps(x) for x in split["train_ids"])
            test_ids = set(json.dumps(x) for x in split["test_ids"])
            tr, te = os.path.join(work, "ft_train.txt"), os.path.join(work, "ft_test.txt")
            with open(tr, "w") as ftr, open(te, "w") as fte:
                for line in open(LABELED):
                    rec = json.loads(line)
                    key = json.dumps(rec["id"])
                    lab = "__label__" + rec["labels"][0]
                    if key in train_ids:
                        ftr.write(lab + " " + fasttext_text(rec) + "\n")
                    elif key in test_ids:
                        fte.write(lab + " " + fasttext_text(rec) + "\n")
            ft_corpus = os.path.join(work, "ft_corpus.txt")
            t0 = time.monotonic()
            with open(ft_corpus, "w") as out_f:
                for line in open(corpus):
                    out_f.write(fasttext_text(json.loads(line)) + "\n")
            t_convert = time.monotonic() - t0
            t_ft, _, _ = measure(["fasttext", "supervised", "-input", tr, "-output",
                                  os.path.join(work, "ft"), "-epoch", "25", "-thread", "2",
                                  "-verbose", "0"])
            # Macro F1 on the same test split.
            pred = subprocess.run(["fasttext", "predict", os.path.join(work, "ft.bin"), te],
                                  check=True, capture_output=True, text=True).stdout.split()
            gold = [l.split()[0] for l in open(te)]
            labels = sorted(set(gold))
            f1s = []
            for l in labels:
                tp = sum(1 for g, p in zip(gold, pred) if g == l and p == l)
                fp = sum(1 for g, p in zip(gold, pred) if g != l and p == l)
                fn = sum(1 for g, p in zip(gold, pred) if g == l and p != l)
                p_ = tp / (tp + fp) if tp + fp else 0.0
                r_ = tp / (tp + fn) if tp + fn else 0.0
                f1s.append(2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0)
            with open(os.path.join(work, "ft_pred.txt"), "w") as out_f:
                secs, rss, _ = measure(["fasttext", "predict", os.path.join(work, "ft.bin"),
                                        ft_corpus], stdout=out_f)
            rows.append(("fastText supervised (+%.2f s JSON->text in Python)" % t_convert, t_ft,
                         secs, rss, sum(f1s) / len(f1s)))

        print("bulk prediction over %d posts (%.1f MB of JSON Lines), trained on %d labeled posts"
              % (n_posts, mb, len(split["train_ids"])))
        print("| tool | train s | predict s | posts/s | MB/s | peak RSS MiB | test macro F1 |")
        print("|---|---|---|---|---|---|---|")
        for name, t_tr, t_pr, rss, f1 in rows:
            print("| %s | %.2f | %.2f | %.0f | %.1f | %.0f | %.3f |"
                  % (name, t_tr, t_pr, n_posts / t_pr, mb / t_pr, rss, f1))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
