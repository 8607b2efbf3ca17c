#!/usr/bin/env python3
"""qclass.dask.score on a LocalCluster of 1 and of 2 worker processes (one
Dask thread and one engine thread each), against the single-process CLI.

Trains a model with the CLI on the bundled labeled posts, then runs, RUNS
times each and interleaved: `qclass score --threads 1` on CORPUS, and
qclass.dask.score with 1 and 2 workers (SPLITS byte ranges per worker,
predictions written as partitioned CSV files, every row checked equal to
the CLI's). Prints the median wall seconds, MB/s and the speed-up of 2
workers over 1. The clusters are started before timing.

usage: PYTHONPATH=build/python /usr/bin/python3 bench/compare/dask_score_scaling.py \\
           build/qclass CORPUS [--runs 3] [--splits 2]
Corpora come from ../shared/tools/make_corpus.py (never committed).
"""
import argparse
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


def timed(f):
    t0 = time.monotonic()
    f()
    return time.monotonic() - t0


def parts_text(folder):
    files = sorted(os.listdir(folder))
    chunks = []
    for i, name in enumerate(files):
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        chunks.append(data if i == 0 else data.split(b"\n", 1)[1])
    return b"".join(chunks)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("qclass")
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--splits", type=int, default=2, help="byte ranges per worker")
    a = ap.parse_args()
    import distributed
    import qclass.dask

    work = tempfile.mkdtemp(prefix="dask_score_")
    model = os.path.join(work, "model.json")
    subprocess.run([a.qclass, "train", "-i", LABELED, "--keywords", KEYWORDS, "-o", model],
                   check=True, capture_output=True)
    cli_out = os.path.join(work, "cli.csv")
    mb = os.path.getsize(a.corpus) / 1e6
    clusters = {n: distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                            dashboard_address=None) for n in (1, 2)}
    clients = {n: distributed.Client(c) for n, c in clusters.items()}
    times = {"cli": [], 1: [], 2: []}
    for run in range(a.runs):
        times["cli"].append(timed(lambda: subprocess.run(
            [a.qclass, "score", "-m", model, "-i", a.corpus, "-o", cli_out, "--threads", "1"],
            check=True, capture_output=True)))
        for n, client in clients.items():
            out = os.path.join(work, f"dask{n}_{run}")
            times[n].append(timed(lambda: qclass.dask.score(
                model, a.corpus, client=client, splits=a.splits * n, output=out, threads=1)))
            with open(cli_out, "rb") as f:
                if parts_text(out) != f.read():
                    sys.exit(f"dask.score with {n} workers differs from qclass score")
    for c in clients.values():
        c.close()
    for c in clusters.values():
        c.close()
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"corpus {a.corpus}: {mb:.1f} MB, {a.runs} runs each, median wall seconds")
    for k, label in (("cli", "qclass score --threads 1"), (1, "dask.score, 1 worker"),
                     (2, "dask.score, 2 workers")):
        print(f"  {label:28s} {med[k]:7.2f} s  {mb / med[k]:6.1f} MB/s")
    print(f"  speed-up of 2 workers over 1: {med[1] / med[2]:.2f}x; rows identical to the CLI's")


if __name__ == "__main__":
    main()
