"""qclass on a Dask cluster (``distributed``): a sweep split by rows.

:func:`sweep` evaluates the grid ``qclass sweep`` evaluates with the test
posts split into ranges of rows across the workers. Each worker trains the
model once from the same inputs and options (training is deterministic, so
every worker holds the same model and test part), then returns the integer
confusion counts of every grid point on its rows. Counts add over rows: the
client sums them, and one worker turns the sum into the table with the
engine's own metrics, best point and exact best alpha. The result is the
table and ``#best`` line of ``qclass sweep``, byte for byte.

What moves over the network: the inputs (a path every worker can read, or a
DataFrame's columns, scattered once to each worker) and the options out;
one array of ``points x (3K + K*K + 2)`` integers back per range of rows.
"""

import json
import os

import numpy as np
import pandas as pd

from . import _qclass, _sweep_args

__all__ = ["sweep"]

# The trained sweep of this worker process: (token, _qclass.SweepRun), or None.
# One at a time, so a worker never holds more than one training run.
_RUN = [None]


def _sweep_run(token, args):
    """This process's SweepRun for args (identified by token), trained once."""
    held = _RUN[0]
    if held is None or held[0] != token:
        _RUN[0] = None
        _RUN[0] = (token, _qclass.SweepRun(*args))
    return _RUN[0][1]


def _test_posts(token, args):
    return _sweep_run(token, args).test_posts


def _counts(token, args, start, stop):
    return _sweep_run(token, args).counts(start, stop)


def _table(token, args, counts):
    run = _sweep_run(token, args)
    cols, best, csv = run.table(counts)
    return cols, best, csv, run.info()


def _row_ranges(n, parts):
    """[start, stop) ranges that tile [0, n) in `parts` near-equal pieces (none empty)."""
    parts = max(1, min(parts, n))
    bounds = [n * i // parts for i in range(parts + 1)]
    return list(zip(bounds[:-1], bounds[1:]))


def _write_atomically(path, data):
    path = os.fspath(path)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def sweep(posts, keywords=None, label_map=None, client=None, partitions=None, output=None,
          alpha="0:1:0.01", top_k=(200,), norm=("l2",), manual_scope=("topk",),
          objective="macro_f1", exact=True, split="0.6", seed=0, ties="lowest",
          vocab_from="all", device=None, **options):
    """The grid ``qclass sweep`` evaluates, its test rows split across Dask workers.

    Arguments and options are those of :meth:`qclass.KeywordModel.sweep`
    (paths must be readable by every worker). ``client``: a
    ``distributed.Client`` (default: the current one). ``partitions``: how
    many ranges of test rows (default: two per worker). ``output``: also
    write the table ``qclass sweep -o`` writes, byte for byte. Returns the
    DataFrame :meth:`qclass.KeywordModel.sweep` returns (``df.attrs["best"]``
    is the ``#best`` object).
    """
    if client is None:
        from distributed import default_client
        client = default_client()

    args = _sweep_args(posts, keywords, label_map, alpha=alpha, top_k=top_k, norm=norm,
                       manual_scope=manual_scope, objective=objective, exact=exact, split=split,
                       seed=seed, ties=ties, vocab_from=vocab_from, device=device, **options)
    # Paths as text (the same on every worker); keywords likewise.
    args = tuple(os.fspath(a) if isinstance(a, os.PathLike) else a for a in args)
    from dask.base import tokenize
    token = tokenize(args)
    [shared] = client.scatter([args], broadcast=True, hash=False)

    # Every worker trains once, at the same time; all must agree on the test part.
    workers = list(client.scheduler_info()["workers"])
    trained = [client.submit(_test_posts, token, shared, workers=[w], pure=False)
               for w in workers]
    sizes = set(client.gather(trained))
    if len(sizes) != 1:
        raise _qclass.Error(f"workers disagree on the test part's size: {sorted(sizes)}")
    n = sizes.pop()
    if n == 0:  # the engine's own message
        client.submit(_table, token, shared, np.zeros(0, np.uint64), pure=False).result()

    ranges = _row_ranges(n, partitions or 2 * len(workers))
    parts = [client.submit(_counts, token, shared, a, b, pure=False) for a, b in ranges]
    total = None
    for counts in client.gather(parts):
        total = counts.copy() if total is None else total + counts
    cols, best, csv, info = client.submit(_table, token, shared, total, pure=False).result()
    if output is not None:
        _write_atomically(output, csv)
    df = pd.DataFrame(cols)
    df.attrs["best"] = json.loads(best)
    df.attrs["info"] = info
    df.attrs["partitions"] = len(ranges)
    return df
