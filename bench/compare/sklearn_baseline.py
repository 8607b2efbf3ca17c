#!/usr/bin/env python3
"""The study's baseline: tf-idf + linear SVM (scikit-learn), on qclass's split.

usage: sklearn_baseline.py LABELED.jsonl MODEL.json POSTS.jsonl
Trains on the model's train_ids, reports macro F1 on its test_ids, then times
reading, vectorizing and predicting every post of POSTS. Prints one JSON line.
"""
import json
import re
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC


def text(rec):
    return (rec.get("title") or "") + " " + re.sub(r"<[^>]*>", " ", rec.get("body") or "")


def main():
    labeled, model_path, posts = sys.argv[1:4]
    model = json.load(open(model_path))
    train_ids = set(json.dumps(x) for x in model["train_ids"])
    test_ids = set(json.dumps(x) for x in model["test_ids"])
    tr_x, tr_y, te_x, te_y = [], [], [], []
    for line in open(labeled):
        rec = json.loads(line)
        key = json.dumps(rec["id"])
        if key in train_ids:
            tr_x.append(text(rec))
            tr_y.append(rec["labels"][0])
        elif key in test_ids:
            te_x.append(text(rec))
            te_y.append(rec["labels"][0])
    t0 = time.monotonic()
    vec = TfidfVectorizer(lowercase=True, min_df=1)
    clf = LinearSVC().fit(vec.fit_transform(tr_x), tr_y)
    train_s = time.monotonic() - t0
    f1 = f1_score(te_y, clf.predict(vec.transform(te_x)), average="macro")
    # In chunks of 10,000 posts, so a large corpus needs bounded memory.
    t0 = time.monotonic()
    n = 0
    docs = []
    for line in open(posts):
        docs.append(text(json.loads(line)))
        if len(docs) == 10000:
            n += len(clf.predict(vec.transform(docs)))
            docs = []
    if docs:
        n += len(clf.predict(vec.transform(docs)))
    predict_s = time.monotonic() - t0
    print(json.dumps({"train_seconds": train_s, "predict_seconds": predict_s, "f1": f1,
                      "n": n}))


if __name__ == "__main__":
    main()
