"""qclass on a Dask cluster (``distributed``): scoring split by byte ranges,
the study's tables from merged parts, and sweeps split by rows or folds.

:func:`score` splits the posts files into byte ranges (a compressed file
goes whole to one worker), scores each range on a worker and returns a Dask
DataFrame with the rows and columns of ``qclass score``'s CSV, in order.
:func:`study` runs ``qclass study`` with the posts scored and counted in
ranges on the workers and the tables merged exactly. :func:`sweep` evaluates the grid ``qclass sweep`` evaluates with the test
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

import io
import json
import os

import numpy as np
import pandas as pd

from . import (KeywordModel, _decimal, _keywords_arg, _posts_arg, _qclass, _read_options,
               _split_kwargs, _sweep_args, _text_options, _vocab_options)

__all__ = ["score", "study", "sweep"]

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


def _fold_count(token, args, folds, repeats):
    return _sweep_run(token, args).fold_count(folds, repeats)


def _fold_counts(token, args, folds, repeats, index):
    return _sweep_run(token, args).fold_counts(folds, repeats, index)


def _cv_table(token, args, counts, folds, repeats):
    return _sweep_run(token, args).cv_table(counts, folds, repeats)


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


def _client_or_default(client):
    if client is None:
        from distributed import default_client
        return default_client()
    return client


def _table_frame(csv):
    """A table ``qclass sweep --folds`` writes, as a DataFrame; attrs["best"]: its #best object."""
    text = csv.decode()
    best = [line for line in text.splitlines() if line.startswith("#best ")]
    df = pd.read_csv(io.StringIO(text), comment="#")
    df.attrs["best"] = json.loads(best[-1][len("#best "):]) if best else None
    return df


def _cv_sweep(client, token, shared, folds, repeats, output):
    """The cross-validated sweep: each fold trained and counted on a worker, the
    table from all folds' counts (`qclass sweep --folds`)."""
    n = client.submit(_fold_count, token, shared, folds, repeats, pure=False).result()
    parts = [client.submit(_fold_counts, token, shared, folds, repeats, i, pure=False)
             for i in range(n)]
    counts = [c.ravel() for c in client.gather(parts)]
    csv, _best = client.submit(_cv_table, token, shared, counts, folds, repeats,
                               pure=False).result()
    if output is not None:
        _write_atomically(output, csv)
    df = _table_frame(csv)
    df.attrs["folds"] = n
    return df


def sweep(posts, keywords=None, label_map=None, client=None, partitions=None, output=None,
          folds=0, repeats=1, alpha="0:1:0.01", top_k=(200,), norm=("l2",), manual_scope=("topk",),
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

    ``folds=k`` (and ``repeats=r``): the cross-validated sweep of ``qclass
    sweep --folds k --repeats r``, split by folds: each fold is trained and
    counted on a worker (``partitions`` does not apply), and the table (the
    CSV's columns; mean and standard deviation of each metric over the folds)
    and best point are those of the CLI, byte for byte with ``output=``.
    """
    client = _client_or_default(client)

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
    if folds:
        return _cv_sweep(client, token, shared, folds, repeats, output)
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


# ---------------------------------------------------------------- score

# The models of this worker process, by token: scattered as a model file's
# text once, parsed once.
_MODELS = {}


def _model(token, text):
    held = _MODELS.get(token)
    if held is None:
        _MODELS.clear()
        held = _MODELS[token] = _qclass.Model.from_json(text, "<model>")
    return held


def _paths(paths):
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _plan(paths, parts):
    """(path, byte range) of every piece, in input order: each plain file in
    `parts` byte ranges, each compressed file whole."""
    return [(path, rng) for path in paths for rng in _qclass.plan_splits(path, parts)]


def _dtypes(frame):
    return {c: frame[c].dtype.name for c in frame.columns}


def _score_piece(token, text, path, rng, opts):
    """One piece scored: its CSV text as `qclass score` writes it, its summary
    and the dtypes pandas reads the CSV with."""
    csv, info = _model(token, text).score_csv(path, dict(opts, byte_range=rng))
    head = pd.read_csv(io.BytesIO(csv))
    return {"csv": csv, "info": info, "rows": len(head), "dtypes": _dtypes(head)}


def _piece_summary(piece):
    return {k: v for k, v in piece.items() if k != "csv"}


def _piece_csv(piece):
    return piece["csv"]


def _joint_dtype(names):
    """The dtype pandas gives a column of the whole CSV when the pieces' own
    are `names`: "str" when the text must be read again as strings."""
    names = set(names)
    if len(names) == 1:
        return names.pop()
    if names <= {"int64", "float64"}:
        return "float64"
    if "bool" in names and names <= {"bool", "object", "float64"}:
        return "object"  # true/false with missing values
    return "str"


def _piece_frame(piece, dtypes, start):
    """A piece's rows as the partition of the whole CSV read with pandas."""
    as_text = [c for c, d in dtypes.items() if d == "str"]
    df = pd.read_csv(io.BytesIO(piece["csv"]), dtype={c: str for c in as_text} or None)
    for c, d in dtypes.items():
        want = "object" if d == "str" else d
        if df[c].dtype.name != want:
            df[c] = df[c].astype(want)
    df.index = pd.RangeIndex(start, start + len(df))
    return df


def _write_piece(piece, path):
    _write_atomically(path, piece["csv"])
    return path


def _scatter_model(client, model):
    """A model sent to every worker once, as its file's text: (token, future)."""
    text = model.to_json()
    from dask.base import tokenize
    [shared] = client.scatter([text], broadcast=True, hash=False)
    return tokenize(text), shared


def _score_pieces(client, model, paths, splits, opts):
    """The futures of every piece scored, and their summaries, in input order."""
    if not isinstance(model, KeywordModel):
        model = KeywordModel.load(model)
    token, shared = _scatter_model(client, model)
    workers = len(client.scheduler_info()["workers"])
    plan = _plan(_paths(paths), splits or 2 * workers)
    pieces = [client.submit(_score_piece, token, shared, path, rng, opts, pure=False)
              for path, rng in plan]
    summaries = client.gather([client.submit(_piece_summary, p, pure=False) for p in pieces])
    return pieces, summaries


def score(model, paths, client=None, splits=None, output=None, format="csv", alpha=None,
          device=None, wordnet_dir=None, **options):
    """``qclass score`` on a Dask cluster: every posts file split into byte
    ranges (``splits`` per plain file, by default two per worker; a
    compressed file whole), each range scored on a worker.

    ``model``: a :class:`qclass.KeywordModel` or a model file's path (sent to
    each worker once, as text). ``paths``: one path or a list (JSON Lines or
    Posts.xml, as the CLI reads them; readable by every worker under the same
    name). Options: ``label_field``, ``on_error``, ``threads``, ``batch``.
    Returns a Dask DataFrame with the rows of ``qclass score`` in input order
    (the index counts them from 0), its CSV's columns and the dtypes pandas
    reads that CSV with; ``ddf.qclass_summary`` lists each range's summary
    (rows, scored, skipped).

    ``output``: a folder for the predictions as partitioned files:
    ``part-00000.csv``, ... (``format="csv"``): each the CSV ``qclass score
    --byte-range`` writes for its range, so the rows of the parts in order
    are the rows of ``qclass score``, byte for byte; or Parquet
    (``format="parquet"``, needs pyarrow). Errors are those of the CLI
    (:class:`qclass.ParseError` naming file and line).
    """
    import dask.dataframe as dd
    client = _client_or_default(client)
    opts = _split_kwargs(options, _read_options)
    if opts.pop("byte_range") is not None:
        raise _qclass.UsageError("dask.score splits the files itself: no byte_range")
    opts.update({"alpha": _decimal(alpha), "device": device, "wordnet_dir": wordnet_dir})
    if format not in ("csv", "parquet"):
        raise _qclass.UsageError(f"format must be csv or parquet, not '{format}'")
    if format == "parquet":
        import pyarrow  # noqa: F401  (a clear ImportError when it is missing)
    pieces, summaries = _score_pieces(client, model, paths, splits, opts)
    if output is not None and format == "csv":
        os.makedirs(output, exist_ok=True)
        names = [os.path.join(os.fspath(output), f"part-{i:05d}.csv") for i in range(len(pieces))]
        client.gather([client.submit(_write_piece, p, n, pure=False)
                       for p, n in zip(pieces, names)])
    columns = list(summaries[0]["dtypes"])
    dtypes = {c: _joint_dtype(s["dtypes"][c] for s in summaries) for c in columns}
    keep = [i for i, s in enumerate(summaries) if s["rows"] > 0] or [0]
    starts = np.cumsum([0] + [summaries[i]["rows"] for i in keep])
    # Partitions are parsed from the pieces' CSV text on their workers when computed.
    from dask import delayed
    frames = [delayed(_piece_frame, pure=True)(pieces[i], dtypes, int(start))
              for i, start in zip(keep, starts)]
    meta = pd.DataFrame({c: pd.Series(dtype="object" if d == "str" else d)
                         for c, d in dtypes.items()})
    divisions = [int(x) for x in starts[:-1]] + [max(int(starts[-1]) - 1, int(starts[-2]))]
    ddf = dd.from_delayed(frames, meta=meta, divisions=divisions, verify_meta=False)
    ddf.qclass_summary = summaries
    if output is not None and format == "parquet":
        ddf.to_parquet(os.fspath(output))
    return ddf


# ---------------------------------------------------------------- study

def _study_piece(token, text, path, rng, opts):
    """One range of the posts, scored and read for the tables (kept on its worker)."""
    return _qclass.StudyPart(_model(token, text), path, dict(opts, byte_range=rng))


def _study_summary(part):
    return {"csv": part.csv, "ids": part.ids(), "answers_read": part.answers_read,
            "merged": part.merged, "info": part.info}


def _study_partial(part, earlier):
    return part.partial(earlier)


def _study_options(out_dir, posts, answers, **kw):
    opts = {"out_dir": os.fspath(out_dir), "posts": _paths(posts), "answers": _paths(answers)}
    opts.update(kw)
    opts["alpha"] = _decimal(opts.get("alpha"))
    opts["split"] = _decimal(opts.get("split"))
    return opts


def _earlier_ids(id_lists):
    """Per range, the ids of its posts already read in an earlier range."""
    seen, out = set(), []
    for ids in id_lists:
        out.append([i for i in ids if i in seen])
        seen.update(ids)
    return out


def study(labeled, posts, output, keywords=None, label_map=None, client=None, splits=None,
          answers=(), frameworks="tensorflow,pytorch,deeplearning4j", tag_match="exact",
          alpha_grid="0:1:0.01", use_best_alpha=False, bootstrap=1000, ci=0.95, folds=0,
          repeats=1, top_k=200, alpha="0.18", norm="l2", manual_scope="topk", split="0.6",
          seed=0, ties="lowest", vocab_from="all", device=None, **options):
    """``qclass study`` with the posts scored and counted on a Dask cluster.

    The arguments are the flags of ``qclass study`` (``labeled``: --labeled,
    ``posts``: --posts, ``output``: -o, ...); options: the reading, text and
    vocabulary options of :meth:`qclass.KeywordModel.train`. Training, the
    alpha sweep, the evaluation, the baseline and the cross-validation run
    once, in this process, and write their files into ``output``. Then every
    posts file is split into byte ranges (``splits`` per plain file; a
    compressed file whole), and each range is scored and counted on a worker
    (its answers merged from ``answers``, which every worker reads). The
    predictions come back in order into ``output/predictions.csv``; the
    ranges' partial tables (counts, and the hours to the accepted answer)
    are merged exactly into ``output/report``: every file ``qclass study``
    writes, byte for byte. Returns report.html's path.
    """
    client = _client_or_default(client)
    kw = _split_kwargs(options, _read_options, _text_options, _vocab_options)
    opts = _study_options(output, posts, answers, frameworks=frameworks, tag_match=tag_match,
                          alpha_grid=alpha_grid, use_best_alpha=use_best_alpha,
                          bootstrap=bootstrap, ci=ci, folds=folds, repeats=repeats, top_k=top_k,
                          alpha=alpha, norm=norm, manual_scope=manual_scope, split=split,
                          seed=seed, ties=ties, vocab_from=vocab_from, device=device, **kw)
    if opts.pop("byte_range") is not None:
        raise _qclass.UsageError("dask.study splits the posts itself: no byte_range")
    label_map = None if label_map is None else os.fspath(label_map)
    prepared = _qclass.PreparedStudy(_posts_arg(labeled, kw["label_field"]),
                                     _keywords_arg(keywords), label_map, opts)
    token, shared = _scatter_model(client, KeywordModel(prepared.model))
    piece_opts = {k: opts[k] for k in ("label_field", "on_error", "threads", "batch", "answers",
                                       "frameworks", "tag_match", "device", "wordnet_dir")}
    workers = list(client.scheduler_info()["workers"])
    plan = _plan(opts["posts"], splits or 2 * len(workers))
    # Each range stays on the worker that read it until its partial is counted.
    where = [[workers[i % len(workers)]] for i in range(len(plan))]
    parts = [client.submit(_study_piece, token, shared, path, rng, piece_opts, workers=w,
                           allow_other_workers=False, pure=False)
             for (path, rng), w in zip(plan, where)]
    summaries = client.gather([client.submit(_study_summary, p, workers=w, pure=False)
                               for p, w in zip(parts, where)])
    predictions = os.path.join(os.fspath(output), "predictions.csv")
    body = [s["csv"] if i == 0 else s["csv"].split(b"\n", 1)[1] for i, s in enumerate(summaries)]
    _write_atomically(predictions, b"".join(body))
    earlier = _earlier_ids(s["ids"] for s in summaries)
    partials = client.gather([client.submit(_study_partial, p, e, workers=w, pure=False)
                              for p, e, w in zip(parts, earlier, where)])
    merged = tuple(int(sum(s["merged"][k] for s in summaries)) for k in range(3))
    return prepared.write_report(partials, predictions, summaries[0]["answers_read"], merged)
