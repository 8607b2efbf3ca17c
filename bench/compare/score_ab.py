#!/usr/bin/env python3
"""Two qclass binaries side by side on the same corpus, interleaved.

Trains a model with each binary on the bundled labeled posts, then runs
`qclass score` of each on CORPUS in turn (A B A B ...), RUNS times per
thread count, and prints per binary and thread count the median wall
seconds, MB/s, peak RSS (from the kernel, via wait4), the ratio B/A of the
median throughputs and of the CPU seconds (user + system) they took, and whether the predictions are byte-identical.

usage: score_ab.py A_QCLASS B_QCLASS CORPUS [--runs N] [--threads 1,2] [--taskset]
  --taskset: pin a one-thread run to one core (taskset -c 0) so that the
             reader thread shares that core; two threads use cores 0,1.
Run with /usr/bin/python3. Corpora come from make_corpus.py (never committed).
"""
import argparse
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
LABELED = os.path.join(ROOT, "data", "dl_bug_classification.jsonl")
KEYWORDS = os.path.join(ROOT, "data", "keywords", "dl_bug_classification.tsv")


def measure(args):
    """Runs a command; returns (wall seconds, peak RSS in MB, CPU seconds)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        secs = time.monotonic() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit("command failed: %s\n%s" % (" ".join(args), err.read().decode(errors="replace")))
        return secs, ru.ru_maxrss * 1024 / 1e6, ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", default="2")
    ap.add_argument("--taskset", action="store_true")
    o = ap.parse_args()
    work = tempfile.mkdtemp(prefix="qc_ab_")
    mb = os.path.getsize(o.corpus) / 1e6
    bins = {"A": os.path.abspath(o.a), "B": os.path.abspath(o.b)}
    models = {}
    for k, exe in bins.items():
        models[k] = os.path.join(work, "model_%s.json" % k)
        measure([exe, "train", "--input", LABELED, "--keywords", KEYWORDS, "-o", models[k]])
    print("corpus: %s, %.1f MB; A = %s; B = %s" % (o.corpus, mb, bins["A"], bins["B"]))
    for t in [int(x) for x in o.threads.split(",")]:
        res = {"A": [], "B": []}
        for _ in range(o.runs):
            for k, exe in bins.items():
                cmd = [exe, "score", "--threads", str(t), "--model", models[k], "--input",
                       o.corpus, "-o", os.path.join(work, "pred_%s.csv" % k)]
                if o.taskset:
                    cmd = ["taskset", "-c", ",".join(str(c) for c in range(t))] + cmd
                res[k].append(measure(cmd))
        same = filecmp.cmp(os.path.join(work, "pred_A.csv"), os.path.join(work, "pred_B.csv"),
                           shallow=False)
        med, cpu = {}, {}
        for k in bins:
            secs = [s for s, _, _ in res[k]]
            med[k] = statistics.median(secs)
            cpu[k] = statistics.median(c for _, _, c in res[k])
            print("threads %d %s: wall %s s; median %.3f s = %.1f MB/s; CPU median %.3f s; "
                  "peak RSS median %.0f MB"
                  % (t, k, ", ".join("%.3f" % s for s in secs), med[k], mb / med[k], cpu[k],
                     statistics.median(r for _, r, _ in res[k])))
        print("threads %d: B/A ratio of median throughput %.2f, of median CPU seconds per byte "
              "%.2f; predictions identical: %s"
              % (t, med["A"] / med["B"], cpu["A"] / cpu["B"], same))
    for f in os.listdir(work):
        os.remove(os.path.join(work, f))
    os.rmdir(work)


if __name__ == "__main__":
    main()
