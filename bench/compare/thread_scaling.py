#!/usr/bin/env python3
"""How `qclass score` scales with threads, thread counts interleaved.

Trains a model on the bundled labeled posts, then runs `qclass score
--threads T` on CORPUS for every T of --threads in turn (1 2 1 2 ... for
--threads 1,2), RUNS rounds, so that every thread count meets the same
phases of a shared machine. A run with T threads is pinned to cores 0..T-1
(taskset), so that "one thread" means one core: the reader thread shares
it. Prints per thread count the wall seconds of every run, the median, MB/s,
CPU seconds (user + system) and peak RSS; then for every T the speed-up
over the first thread count, as the ratio of the medians and as the median
of the round-by-round ratios; and checks that every run's predictions are
byte-identical to the first's (exit status 1 when not).

usage: thread_scaling.py QCLASS CORPUS [--threads 1,2] [--runs 11] [--no-pin]
Run with /usr/bin/python3. Corpora come from make_corpus.py (never committed).
"""
import argparse
import filecmp
import os
import shutil
import statistics
import sys
import tempfile

from score_ab import KEYWORDS, LABELED, measure


def score_command(exe, model, corpus, threads, out, pin):
    cmd = [exe, "score", "--threads", str(threads), "--model", model, "--input", corpus, "-o", out]
    if pin:
        cmd = ["taskset", "-c", "0-%d" % (threads - 1)] + cmd
    return cmd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qclass")
    ap.add_argument("corpus")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--no-pin", action="store_true")
    o = ap.parse_args()
    counts = [int(x) for x in o.threads.split(",")]
    if not o.no_pin and max(counts) > os.cpu_count():
        sys.exit("--threads %d needs %d cores to pin to; this machine has %d (or --no-pin)"
                 % (max(counts), max(counts), os.cpu_count()))
    exe = os.path.abspath(o.qclass)
    work = tempfile.mkdtemp(prefix="qc_scaling_")
    try:
        model = os.path.join(work, "model.json")
        measure([exe, "train", "--input", LABELED, "--keywords", KEYWORDS, "-o", model])
        first = os.path.join(work, "first.csv")
        out = os.path.join(work, "pred.csv")
        res = {t: [] for t in counts}
        same = True
        for r in range(o.runs):
            for t in counts:
                dest = first if not os.path.exists(first) else out
                res[t].append(measure(score_command(exe, model, o.corpus, t, dest, not o.no_pin)))
                if dest == out:
                    same = same and filecmp.cmp(first, out, shallow=False)
        report(o, counts, res, same)
    finally:
        shutil.rmtree(work)
    sys.exit(0 if same else 1)


def report(o, counts, res, same):
    mb = os.path.getsize(o.corpus) / 1e6
    print("corpus: %s, %.1f MB; %d rounds; %s" % (o.corpus, mb, o.runs,
                                                   "not pinned" if o.no_pin else "pinned"))
    med = {t: statistics.median(s for s, _, _ in res[t]) for t in counts}
    for t in counts:
        print("threads %d: wall %s s; median %.3f s = %.1f MB/s; CPU median %.3f s; "
              "peak RSS median %.0f MB"
              % (t, ", ".join("%.3f" % s for s, _, _ in res[t]), med[t], mb / med[t],
                 statistics.median(c for _, _, c in res[t]),
                 statistics.median(m for _, m, _ in res[t])))
    base = counts[0]
    for t in counts[1:]:
        rounds = [a[0] / b[0] for a, b in zip(res[base], res[t])]
        print("threads %d over %d: %.2fx (ratio of medians), %.2fx (median of %d rounds' ratios)"
              % (t, base, med[base] / med[t], statistics.median(rounds), len(rounds)))
    print("predictions identical across thread counts and runs: %s" % same)


if __name__ == "__main__":
    main()
