"""qclass.sklearn.KeywordClassifier: a scikit-learn estimator whose
predictions equal the CLI's on the same split."""

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

import qclass
from qclass.sklearn import KeywordClassifier
from conftest import KEYWORDS, LABELED, run_cli


@pytest.fixture(scope="module")
def posts():
    return qclass.read_posts(LABELED)


@pytest.fixture(scope="module")
def cli_split(tmp_path_factory):
    """`qclass train --vocab-from train` and `qclass score` on every labeled
    post: (train ids, test ids, CLI predictions by id)."""
    d = tmp_path_factory.mktemp("sk")
    run_cli("train", "-i", LABELED, "--keywords", KEYWORDS, "--vocab-from", "train",
            "-o", d / "m.json")
    model = json.loads((d / "m.json").read_text())
    run_cli("score", "-m", d / "m.json", "-i", LABELED, "-o", d / "p.csv")
    pred = pd.read_csv(d / "p.csv", float_precision="round_trip")
    ids = lambda key: [int(i) for i in model[key]]
    return ids("train_ids"), ids("test_ids"), dict(zip(pred["id"], pred["category"]))


def first_labels(df):
    return np.array([ls[0] for ls in df["labels"]], dtype=object)


def test_predictions_equal_the_cli_on_the_same_split(posts, cli_split):
    train_ids, test_ids, cli = cli_split
    train = posts[posts["id"].isin(train_ids)]
    test = posts[posts["id"].isin(test_ids)]
    clf = KeywordClassifier(keywords=str(KEYWORDS)).fit(train, train["labels"])
    assert list(clf.classes_) == sorted(set(first_labels(posts)))
    got = clf.predict(test)
    assert got.tolist() == [cli[i] for i in test["id"]]
    scores = clf.decision_function(test)
    assert scores.shape == (len(test), len(clf.classes_))
    assert np.all(clf.classes_[np.argmax(scores, axis=1)] == got)


def test_clone_get_params_set_params():
    clf = KeywordClassifier(keywords=str(KEYWORDS), top_k=100, alpha="0.2")
    c = clone(clf)
    assert c.get_params() == clf.get_params()
    c.set_params(top_k=50, norm="sum")
    assert c.top_k == 50 and c.norm == "sum" and clf.top_k == 100
    with pytest.raises(Exception):
        KeywordClassifier().predict(["text"])


def test_cross_val_score_grid_search_and_pipeline(posts):
    X, y = posts[["id", "title", "body"]], first_labels(posts)
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    scores = cross_val_score(KeywordClassifier(keywords=str(KEYWORDS)), X, y, cv=folds)
    assert scores.shape == (3,) and np.all((scores > 0) & (scores <= 1))

    grid = GridSearchCV(KeywordClassifier(keywords=str(KEYWORDS)),
                        {"alpha": ["0.1", "0.18"], "norm": ["l2", "sum"]}, cv=folds)
    grid.fit(X, y)
    assert grid.best_params_["alpha"] in ("0.1", "0.18")
    assert len(grid.cv_results_["mean_test_score"]) == 4

    pipe = Pipeline([("columns", FunctionTransformer(lambda df: df[["title", "body"]])),
                     ("clf", KeywordClassifier(keywords=str(KEYWORDS)))])
    pipe.fit(X, y)
    direct = KeywordClassifier(keywords=str(KEYWORDS)).fit(X, y)
    assert pipe.predict(X).tolist() == direct.predict(X).tolist()


def test_plain_texts_and_pairs():
    texts = ["keras model fit error shape", "tensorflow gpu memory out of memory"] * 5
    labels = ["A", "B"] * 5
    clf = KeywordClassifier(min_df=1).fit(texts, labels)
    assert clf.predict(texts).tolist() == labels
    pairs = [(t, "") for t in texts]
    clf2 = KeywordClassifier(min_df=1, title_only=True).fit(pairs, labels)
    assert clf2.predict(pairs).tolist() == labels
    assert clf2.decision_function(pairs).shape == (10,)
