"""The keyword classifier as a scikit-learn estimator, for cross_val_score,
GridSearchCV and Pipeline.

``KeywordClassifier().fit(X, y)`` trains on every given post (``qclass train``
with ``--split 1``); its predictions are ``qclass score``'s ``category``
column. So on the same split it predicts what ``qclass train --vocab-from
train`` followed by ``qclass score`` predicts for the test posts (the
vocabulary can only come from the posts given to ``fit``).
"""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from . import KeywordModel


def _as_frame(X):
    """Posts as the engine's DataFrame: id, title, body (and body_format, tags).

    X is a DataFrame with title and/or body columns (or a text column, taken
    as the body), or a sequence of texts (bodies), or of (title, body) pairs;
    the texts of a sequence are plain text (body_format "text").
    Ids are kept when X has an id column, else numbered from 0.
    """
    if isinstance(X, pd.DataFrame):
        df = pd.DataFrame(index=range(len(X)))
        for name in ("id", "title", "body", "body_format", "tags"):
            if name in X.columns:
                df[name] = X[name].to_numpy()
        if "body" not in df and "text" in X.columns:
            df["body"] = X["text"].to_numpy()
        if "title" not in df and "body" not in df:
            raise ValueError("X needs a title, body or text column")
    else:
        rows = list(X)
        df = pd.DataFrame(index=range(len(rows)))
        if rows and not isinstance(rows[0], str):
            df["title"] = [r[0] for r in rows]
            df["body"] = [r[1] for r in rows]
        else:
            df["body"] = rows
        df["body_format"] = "text"  # plain texts, not HTML
    if "id" not in df:
        df["id"] = np.arange(len(df), dtype=np.int64)
    return df


def _label_lists(y):
    """Each target as a list of labels (a string, or a list of strings)."""
    return [[str(v)] if isinstance(v, (str, np.str_)) or np.isscalar(v) else [str(x) for x in v]
            for v in y]


class KeywordClassifier(ClassifierMixin, BaseEstimator):
    """The study's keyword classifier (DEFINITIONS.md 5, 6).

    Parameters are those of ``qclass train``: ``keywords`` (a TSV path or a
    dict {category: [keyword, ...]}), ``top_k``, ``alpha`` (an exact decimal:
    a string, or a float at its shortest repr), ``norm`` ("l2" or "sum"),
    ``manual_scope`` ("topk" or "all"), ``ties``, the vocabulary options
    (``min_df``, ``max_vocab``, ``max_df_frac``), the text options
    (``title_only``, ``lemma``, ``keep_code``, ``body_format``, ``stopwords``,
    ``wordnet_dir``), ``device`` ("auto", "cpu", "reference", "cuda"; None:
    $QC_DEVICE or auto) and ``threads``.
    """

    def __init__(self, keywords=None, top_k=200, alpha="0.18", norm="l2", manual_scope="topk",
                 ties="lowest", min_df=5, max_vocab=20000, max_df_frac=1.0, title_only=False,
                 lemma="vn", keep_code=False, body_format="auto", stopwords="gensim",
                 wordnet_dir=None, device=None, threads=0):
        self.keywords = keywords
        self.top_k = top_k
        self.alpha = alpha
        self.norm = norm
        self.manual_scope = manual_scope
        self.ties = ties
        self.min_df = min_df
        self.max_vocab = max_vocab
        self.max_df_frac = max_df_frac
        self.title_only = title_only
        self.lemma = lemma
        self.keep_code = keep_code
        self.body_format = body_format
        self.stopwords = stopwords
        self.wordnet_dir = wordnet_dir
        self.device = device
        self.threads = threads

    def _text_options(self):
        return {"title_only": self.title_only, "lemma": self.lemma, "keep_code": self.keep_code,
                "body_format": self.body_format, "stopwords": self.stopwords,
                "wordnet_dir": self.wordnet_dir, "threads": self.threads}

    def fit(self, X, y):
        """Trains on every post of X with labels y."""
        df = _as_frame(X)
        labels = _label_lists(y)
        if len(labels) != len(df):
            raise ValueError(f"X has {len(df)} posts but y has {len(labels)} labels")
        df["labels"] = labels
        self.model_ = KeywordModel.train(
            df, keywords=self.keywords, top_k=self.top_k, alpha=self.alpha, norm=self.norm,
            manual_scope=self.manual_scope, split="1", ties=self.ties, vocab_from="train",
            device=self.device, min_df=self.min_df, max_vocab=self.max_vocab,
            max_df_frac=self.max_df_frac, **self._text_options())
        self.classes_ = np.array(self.model_.labels, dtype=object)
        return self

    def predict(self, X):
        """The predicted category of each post (``qclass score``'s category)."""
        check_is_fitted(self, "model_")
        scored = self.model_.score(_as_frame(X), device=self.device, threads=self.threads,
                                   wordnet_dir=self.wordnet_dir)
        return scored["category"].to_numpy(dtype=object)

    def decision_function(self, X):
        """Each post's score per category, shape (n, K); with two categories,
        the second's score minus the first's, shape (n,)."""
        check_is_fitted(self, "model_")
        _ids, s = self.model_.decision_scores(_as_frame(X), device=self.device,
                                              threads=self.threads,
                                              wordnet_dir=self.wordnet_dir)
        return s[:, 1] - s[:, 0] if s.shape[1] == 2 else s
