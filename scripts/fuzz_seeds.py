#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora from the posts in data/ (and the
Posts.xml sample in tests/data): one folder per target under OUT_DIR.

    fuzz_seeds.py REPO_ROOT OUT_DIR [QCLASS]

With QCLASS (a built qclass), the model loader and the report readers are
also seeded with a model that `qclass train` makes from data/ and the
predictions `qclass score` writes with it.
"""
import json
import os
import subprocess
import sys
from xml.sax.saxutils import quoteattr

PER_FILE = 24  # records taken from each data file, spread over it


def spread(lines, n=PER_FILE):
    lines = [l for l in lines if l.strip()]
    step = max(1, len(lines) // n)
    return lines[::step][:n]


def write(folder, name, text):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def attr(value):
    """A Posts.xml attribute as the dumps write it: newlines as &#xA;."""
    return quoteattr(str(value), {"\n": "&#xA;", "\r": "&#xD;", "\t": "&#x9;"})


def question_row(p):
    tags = "".join("<%s>" % t for t in (p.get("tags") or []))
    fields = [("Id", p["id"]), ("PostTypeId", 1), ("CreationDate", (p.get("creation_date") or "2016-01-12T17:36:25")[:19]),
              ("Score", p.get("score") or 0), ("ViewCount", p.get("view_count") or 0),
              ("Body", p.get("body") or p.get("text") or ""), ("Title", p.get("title") or ""),
              ("Tags", tags), ("AnswerCount", p.get("answer_count") or 0)]
    if p.get("accepted_answer_id"):
        fields.append(("AcceptedAnswerId", p["accepted_answer_id"]))
    return "  <row " + " ".join("%s=%s" % (k, attr(v)) for k, v in fields) + " />"


def answer_row(a):
    fields = [("Id", a["answer_id"]), ("PostTypeId", 2), ("ParentId", a["question_id"]),
              ("CreationDate", a["creation_date"][:19]), ("Score", a.get("score", 0))]
    return "  <row " + " ".join("%s=%s" % (k, attr(v)) for k, v in fields) + " />"


def xml_doc(rows):
    return '<?xml version="1.0" encoding="utf-8"?>\n<posts>\n' + "\n".join(rows) + "\n</posts>\n"


def seeds(root, out, qclass):
    read = lambda rel: open(os.path.join(root, rel), encoding="utf-8").read().splitlines(True)
    posts_files = ["data/dl_bug_classification.jsonl", "data/pytorch_sample.jsonl"]
    answers = spread(read("data/pytorch_sample_answers.jsonl"))
    posts = [l for f in posts_files for l in spread(read(f))]
    records = [json.loads(l) for l in posts]
    beer = open(os.path.join(root, "tests/data/posts_xml_beer.xml"), encoding="utf-8").read()

    d = os.path.join(out, "fuzz_jsonl_reader")
    for i, l in enumerate(posts):
        write(d, "post%02d.jsonl" % i, l)
    for i in range(0, len(posts), 6):
        write(d, "posts%02d.jsonl" % i, "".join(posts[i:i + 6]))

    d = os.path.join(out, "fuzz_posts_xml")
    for i, p in enumerate(records):
        write(d, "post%02d.xml" % i, xml_doc([question_row(p)]))
    write(d, "answers.xml", xml_doc([answer_row(json.loads(a)) for a in answers[:6]]))
    write(d, "beer.xml", beer)

    d = os.path.join(out, "fuzz_xml_attribute")
    for i, p in enumerate(records):
        write(d, "body%02d.txt" % i, attr(p.get("body") or p.get("title") or "")[1:-1])

    d = os.path.join(out, "fuzz_text")
    for i, p in enumerate(records):
        write(d, "post%02d.txt" % i, (p.get("title") or "") + "\n" + (p.get("body") or p.get("text") or ""))

    d = os.path.join(out, "fuzz_keywords")
    for name in sorted(os.listdir(os.path.join(root, "data/keywords"))):
        write(d, name, "".join(read("data/keywords/" + name)))
    labels = sorted({l for p in records for l in (p.get("labels") or [])})
    write(d, "label_map.tsv", "# fine label, category\n" + "".join("%s\t%s\n" % (l, "-" if i == 0 else "c_" + l.lower()) for i, l in enumerate(labels)))

    d = os.path.join(out, "fuzz_report_inputs")
    for i in range(0, len(answers), 4):
        write(d, "answers%02d.jsonl" % i, "".join(answers[i:i + 4]))
    write(d, "answers.xml", xml_doc([answer_row(json.loads(a)) for a in answers[:6]]))
    if qclass:
        model_and_predictions(root, out, qclass, posts)


def model_and_predictions(root, out, qclass, posts):
    work = os.path.join(out, "work")
    os.makedirs(work, exist_ok=True)
    model = os.path.join(work, "model.json")
    subprocess.run([qclass, "train", "--input", os.path.join(root, "data/dl_bug_classification.jsonl"),
                    "--keywords", os.path.join(root, "data/keywords/dl_bug_classification.tsv"),
                    "--top-k", "20", "-o", model], check=True, stdout=subprocess.DEVNULL)
    write(os.path.join(out, "fuzz_model"), "model.json", open(model, encoding="utf-8").read())
    write(work, "posts.jsonl", "".join(posts))
    for ext in ("csv", "jsonl"):
        pred = os.path.join(work, "predictions." + ext)
        subprocess.run([qclass, "score", "--model", model, "--input", os.path.join(work, "posts.jsonl"),
                        "-o", pred], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        write(os.path.join(out, "fuzz_report_inputs"), "predictions." + ext, open(pred, encoding="utf-8").read())


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    seeds(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None)
