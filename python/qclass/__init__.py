"""qclass from Python: read posts, normalize them, build term matrices, and
train, save, load, score, evaluate and sweep the study's keyword classifier
with the same engine, options, files and results as the ``qclass`` CLI.

Posts are given as a path (JSON Lines or a Stack Exchange ``Posts.xml``, plain
or compressed, as the CLI reads them), a list of paths, or a pandas
DataFrame with at least ``id``, ``title`` and ``body`` columns (optionally
``tags``, ``body_format`` and the label column, ``labels`` by default). Long
calls release the GIL. Bad input raises :class:`qclass.Error` (a
``ValueError``) with the CLI's message; :class:`qclass.ParseError` names the
file and line (``.file``, ``.line``).
"""

import json
import os

import numpy as np
import pandas as pd

from . import _qclass
from ._qclass import CudaError, Error, FileError, ParseError, UsageError

__version__ = _qclass.__version__
__all__ = [
    "Error", "ParseError", "UsageError", "FileError", "CudaError",
    "read_posts", "tokens", "term_matrix", "KeywordModel", "describe_backends", "plan_splits",
]

# The name a DataFrame goes by in messages ("<DataFrame>:3: missing id").
FRAME_NAME = "<DataFrame>"


def describe_backends():
    """Which compute backends this build has and which GPUs answer (``qclass info``)."""
    return _qclass.describe_backends()


def _decimal(value):
    """A user decimal as the CLI reads it: text, or a float's shortest repr."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise UsageError("expected a number, not a bool")
    return repr(float(value)) if isinstance(value, float) else str(value)


def _posts_arg(posts, label_field="labels"):
    """A path, a list of paths, or a DataFrame's columns for the engine."""
    if isinstance(posts, pd.DataFrame):
        cols = {"name": FRAME_NAME}
        for name in ("id", "title", "body", "tags", "body_format"):
            if name in posts.columns:
                cols[name] = posts[name].tolist()
        if "id" not in cols:
            raise UsageError("the DataFrame has no 'id' column")
        if label_field in posts.columns:
            cols["labels"] = posts[label_field].tolist()
        return cols
    if isinstance(posts, (str, os.PathLike)):
        return posts
    return list(posts)


def _read_options(label_field="labels", on_error="fail", threads=0, batch=None, byte_range=None):
    return {"label_field": label_field, "on_error": on_error, "threads": threads, "batch": batch,
            "byte_range": byte_range}


def plan_splits(path, parts):
    """The byte ranges ``(start, end)`` that tile a posts file in ``parts``
    near-equal pieces, as ``qclass info --splits`` prints them (``end`` None:
    to the end of the file); one range ``(0, None)``, the whole file, for a
    compressed file, which cannot be entered at a byte offset. Reading each
    range with ``byte_range=`` reads every record of the file exactly once."""
    return _qclass.plan_splits(os.fspath(path), parts)


def _text_options(title_only=False, lemma="vn", no_lemma=False, keep_code=False,
                  body_format="auto", stopwords="gensim", wordnet_dir=None):
    return {"title_only": title_only, "lemma": "none" if no_lemma else lemma,
            "keep_code": keep_code, "body_format": body_format, "stopwords": stopwords,
            "wordnet_dir": None if wordnet_dir is None else os.fspath(wordnet_dir)}


def _vocab_options(min_df=5, max_vocab=20000, max_df_frac=1.0):
    return {"min_df": min_df, "max_vocab": max_vocab, "max_df_frac": max_df_frac}


def _split_kwargs(kwargs, *makers):
    """kwargs sorted into the option groups of `makers`; unknown names are a TypeError."""
    import inspect
    out, left = {}, dict(kwargs)
    for make in makers:
        names = inspect.signature(make).parameters
        out.update(make(**{k: left.pop(k) for k in list(left) if k in names}))
    if left:
        raise TypeError("unexpected option(s): " + ", ".join(sorted(left)))
    return out


def _ids_column(values):
    """Ids as the CLI's CSV reads back with pandas: int64 when all are integers."""
    if all(isinstance(v, int) for v in values):
        return pd.Series(values, dtype="int64")
    return pd.Series(values, dtype="object")


def read_posts(posts, **options):
    """Every post of the inputs as a DataFrame, as the CLI's readers see them.

    Options: ``label_field``, ``on_error`` ("fail" or "skip"), ``threads``,
    ``batch``, ``byte_range`` (``(start, end)`` or "START:END": only the
    records whose first byte lies in that part of one plain file, as
    ``--byte-range``; see :func:`plan_splits`). Columns: id, title, body, body_format, tags, labels,
    creation_date (UTC), accepted_answer_id, accepted_answer_time (UTC),
    answer_count, view_count, score, line. ``df.attrs["read_stats"]`` holds
    what was read and skipped.
    """
    label_field = options.get("label_field", "labels")
    opts = _split_kwargs(options, _read_options)
    cols, stats = _qclass.read_posts(_posts_arg(posts, label_field), opts)
    df = pd.DataFrame({"id": _ids_column(cols["id"])})
    for name in ("title", "body", "body_format", "tags", "labels"):
        df[name] = pd.Series(cols[name], dtype="object")
    for name in ("creation_date", "accepted_answer_time"):
        secs = pd.array(cols[name], dtype="Int64")
        df[name] = pd.to_datetime(secs, unit="s", utc=True)
    for name in ("accepted_answer_id", "answer_count", "view_count", "score"):
        df[name] = pd.array(cols[name], dtype="Int64")
    df["line"] = pd.Series(cols["line"], dtype="int64")
    df.attrs["read_stats"] = stats
    return df


def tokens(posts, **options):
    """Each post's normalized tokens (``qclass tokens``): a DataFrame (id, tokens).

    Options: the reading options of :func:`read_posts` and the text options
    ``title_only``, ``lemma`` ("vn", "v", "none"), ``no_lemma``,
    ``keep_code``, ``body_format``, ``stopwords``, ``wordnet_dir``.
    """
    opts = _split_kwargs(options, _read_options, _text_options)
    ids, toks, stats = _qclass.tokens(_posts_arg(posts, opts["label_field"]), opts)
    df = pd.DataFrame({"id": _ids_column(ids), "tokens": pd.Series(toks, dtype="object")})
    df.attrs["read_stats"] = stats
    return df


def term_matrix(posts, **options):
    """The term matrix and vocabulary (``qclass matrix``): ``(csr_matrix, words)``.

    Rows are the posts in input order, columns the vocabulary ids; the
    matrix's arrays are the engine's own, handed over without a copy
    (int32 counts and columns, int64 row pointers). Options: those of
    :func:`tokens` and ``min_df``, ``max_vocab``, ``max_df_frac``.
    """
    import scipy.sparse as sp
    opts = _split_kwargs(options, _read_options, _text_options, _vocab_options)
    indptr, indices, data, shape, words, _df, _ids, _stats = _qclass.term_matrix(
        _posts_arg(posts, opts["label_field"]), opts)
    m = sp.csr_matrix(shape, dtype=np.int32)
    m.data, m.indices, m.indptr = data, indices, indptr
    return m, list(words)


def _keywords_arg(keywords):
    if isinstance(keywords, dict):
        return [(str(k), [str(w) for w in v]) for k, v in keywords.items()]
    return keywords


def _sweep_args(posts, keywords, label_map, alpha, top_k, norm, manual_scope, objective, exact,
                split, seed, ties, vocab_from, device, **options):
    """The engine's arguments of a sweep: (posts, keywords, label map, options)."""
    def as_list(v):
        return [v] if isinstance(v, (str, int)) else list(v)
    opts = _split_kwargs(options, _read_options, _text_options, _vocab_options)
    opts.update({"alpha_grid": alpha, "top_ks": as_list(top_k), "norms": as_list(norm),
                 "scopes": as_list(manual_scope), "objective": objective, "exact": exact,
                 "split": _decimal(split), "seed": seed, "ties": ties,
                 "vocab_from": vocab_from, "device": device})
    label_map = None if label_map is None else os.fspath(label_map)
    return _posts_arg(posts, opts["label_field"]), _keywords_arg(keywords), label_map, opts


def _score_frame(cols):
    df = pd.DataFrame({
        "id": _ids_column(cols["id"]),
        "category": pd.Series(cols["category"], dtype="object"),
        "score": cols["score"],
        "runner_up": pd.Series(cols["runner_up"], dtype="object"),
        "margin": cols["margin"],
        "no_evidence": pd.Series(cols["no_evidence"], dtype="object"),
        "status": pd.Series(cols["status"], dtype="object"),
    })
    if all(s == "ok" for s in cols["status"]):
        df["no_evidence"] = df["no_evidence"].astype(bool)
    return df


class KeywordModel:
    """The study's keyword classifier, as ``qclass train`` makes it and
    ``qclass score``/``eval`` use it. Make one with :meth:`train` or
    :meth:`load`."""

    def __init__(self, model, info=None):
        self._model = model
        self.info = info or {}

    # ------------------------------------------------------------ training
    @classmethod
    def train(cls, posts, keywords=None, label_map=None, top_k=200, alpha="0.18", norm="l2",
              manual_scope="topk", split="0.6", seed=0, ties="lowest", vocab_from="all",
              device=None, **options):
        """Trains on the split's train part, as ``qclass train`` does.

        ``keywords``: a keywords TSV path or a dict {category: [keyword, ...]};
        ``label_map``: a label-map TSV path. ``alpha`` and ``split`` are exact
        decimals (a string, or a float taken at its shortest repr). Options:
        those of :func:`term_matrix` and ``threads``. ``model.test_metrics``
        holds the test part's metrics (as ``--metrics-json`` writes them).
        """
        opts = _split_kwargs(options, _read_options, _text_options, _vocab_options)
        opts.update({"top_k": top_k, "alpha": _decimal(alpha), "norm": norm,
                     "manual_scope": manual_scope, "split": _decimal(split), "seed": seed,
                     "ties": ties, "vocab_from": vocab_from, "device": device})
        label_map = None if label_map is None else os.fspath(label_map)
        model, info = _qclass.Model.train(_posts_arg(posts, opts["label_field"]),
                                          _keywords_arg(keywords), label_map, opts)
        return cls(model, info)

    @classmethod
    def from_json(cls, text, name="<model>"):
        """A model from a model file's text (:meth:`to_json`); ``name`` names it in errors."""
        return cls(_qclass.Model.from_json(text, name))

    @classmethod
    def load(cls, path):
        """Loads a model file written by ``qclass train -o`` or :meth:`save`."""
        return cls(_qclass.Model.load(os.fspath(path)))

    def save(self, path):
        """Writes the model file ``qclass train -o`` writes (atomically)."""
        self._model.save(os.fspath(path))

    def to_json(self):
        """The model file's text."""
        return self._model.to_json()

    # ------------------------------------------------------------ properties
    labels = property(lambda self: list(self._model.labels), doc="The categories, in index order.")
    classes_ = labels
    alpha = property(lambda self: self._model.alpha)
    top_k = property(lambda self: self._model.top_k)
    norm = property(lambda self: self._model.norm)
    manual_scope = property(lambda self: self._model.manual_scope)
    ties = property(lambda self: self._model.ties)
    vocabulary = property(lambda self: list(self._model.vocabulary))

    @property
    def test_metrics(self):
        """The test part's metrics after :meth:`train` (None when it had no test posts)."""
        text = self.info.get("metrics_json")
        return None if text is None else json.loads(text)

    # ------------------------------------------------------------ use
    def score(self, posts, alpha=None, device=None, wordnet_dir=None, **options):
        """Predictions, one row per input record in input order: the columns of
        ``qclass score``'s CSV (id, category, score, runner_up, margin,
        no_evidence, status). Options: ``label_field``, ``on_error``,
        ``threads``, ``batch``, ``byte_range`` (one plain file's records that
        start in that range, as ``qclass score --byte-range``);
        ``df.attrs["summary"]`` counts the rows."""
        opts = _split_kwargs(options, _read_options)
        opts.update({"alpha": _decimal(alpha), "device": device, "wordnet_dir": wordnet_dir})
        cols, info = self._model.score(_posts_arg(posts, opts["label_field"]), opts)
        df = _score_frame(cols)
        df.attrs["summary"] = info
        return df

    def decision_scores(self, posts, alpha=None, device=None, wordnet_dir=None, **options):
        """Each post's score per category, (ids, ndarray of shape (n, K))."""
        opts = _split_kwargs(options, _read_options)
        opts.update({"alpha": _decimal(alpha), "device": device, "wordnet_dir": wordnet_dir})
        ids, flat = self._model.decision_scores(_posts_arg(posts, opts["label_field"]), opts)
        return ids, flat.reshape(len(ids), len(self._model.labels))

    def evaluate(self, posts, part="all", alpha=None, label_map=None, device=None,
                 wordnet_dir=None, **options):
        """Metrics on labeled posts (``qclass eval``): the ``--metrics-json``
        object as a dict. ``part``: "all", or the model's own "test"/"train" ids."""
        opts = _split_kwargs(options, _read_options)
        opts.update({"part": part, "alpha": _decimal(alpha), "device": device,
                     "wordnet_dir": wordnet_dir})
        label_map = None if label_map is None else os.fspath(label_map)
        text, _rows, _stats = self._model.evaluate(_posts_arg(posts, opts["label_field"]),
                                                   label_map, opts)
        return json.loads(text)

    @staticmethod
    def sweep(posts, keywords=None, label_map=None, alpha="0:1:0.01", top_k=(200,),
              norm=("l2",), manual_scope=("topk",), objective="macro_f1", exact=True,
              split="0.6", seed=0, ties="lowest", vocab_from="all", device=None, **options):
        """The grid ``qclass sweep`` evaluates, as a DataFrame with its CSV's
        columns (NaN: undefined); ``df.attrs["best"]`` is its ``#best`` object.
        ``alpha`` is START:STOP:STEP; ``top_k``, ``norm`` and ``manual_scope``
        are lists (or one value)."""
        cols, best, info = _qclass.sweep(*_sweep_args(
            posts, keywords, label_map, alpha=alpha, top_k=top_k, norm=norm,
            manual_scope=manual_scope, objective=objective, exact=exact, split=split, seed=seed,
            ties=ties, vocab_from=vocab_from, device=device, **options))
        df = pd.DataFrame(cols)
        df.attrs["best"] = json.loads(best)
        df.attrs["info"] = info
        return df

    def __repr__(self):
        return (f"KeywordModel(labels={self.labels!r}, top_k={self.top_k}, alpha={self.alpha!r}, "
                f"norm={self.norm!r}, manual_scope={self.manual_scope!r})")
