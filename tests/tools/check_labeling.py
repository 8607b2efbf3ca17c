#!/usr/bin/env python3
"""Independent checks of `qclass sample` and `qclass agreement`
(DEFINITIONS.md 11 and 12).

(a) The sample of the bundled pytorch posts, recomputed in plain Python from
    section 12 (SplitMix64, top-viewed, partial Fisher-Yates), must equal the
    ids, frameworks, how and rank of qclass's labeling sheet, in order, with
    both tag-matching rules; the populations and Cochran's sample sizes it
    reports must equal section 12's formula.
(b) Two labeled sheets made from a sample of the bundled labeled posts
    (labeler A: the posts' true first labels; labeler B: a deterministic
    perturbation, with one-sided and two-label rows): kappa must equal
    scikit-learn's cohen_kappa_score to 1e-12, raw agreement, expected
    agreement and the bootstrap interval must equal a plain-Python
    computation in the order section 12 writes, and the confusion must equal
    scikit-learn's confusion_matrix.
(c) `qclass labels merge` of labeler A's sheet onto the labeled posts: the
    labeled rows' posts, in input order, with their fields as in the input
    and the sheet's labels; the counts it prints; `train` reads the result;
    a label outside --categories fails with the sheet's file:line (exit 1),
    a missing --sheet is a usage error (exit 2).

usage: check_labeling.py QCLASS DATA_DIR WORK_DIR
"""
import csv
import json
import math
import os
import re
import subprocess
import sys

try:
    from sklearn.metrics import cohen_kappa_score, confusion_matrix
except ImportError:
    sys.exit("check_labeling.py: scikit-learn is missing (Debian: apt install python3-sklearn)")

MASK = (1 << 64) - 1
FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL: " + msg)


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def run(args):
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("command failed (%d): %s\n%s" % (p.returncode, " ".join(args), p.stderr))
    return p.stdout


def read_posts(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def reference_sample(posts, frameworks, exact, m, n, seed):
    """Section 12, step by step: [(id, framework, how, rank)], populations."""
    def matches(tags, fw):
        return any((t == fw) if exact else (fw in t) for t in (tags or []))

    rng = SplitMix64(seed)
    drawn = set()
    out, population = [], {}
    for fw in frameworks:
        members = [i for i, p in enumerate(posts) if matches(p.get("tags"), fw)]
        population[fw] = len(members)
        cand = [i for i in members if i not in drawn]
        views = lambda i: posts[i].get("view_count") if posts[i].get("view_count") is not None else -1
        top = sorted(cand, key=lambda i: (-views(i), i))[:m]
        for r, i in enumerate(top):
            drawn.add(i)
            out.append((str(posts[i]["id"]), fw, "top_viewed", r))
        left = [i for i in cand if i not in drawn]
        for r in range(min(n, len(left))):
            j = r + rng.next() % (len(left) - r)
            left[r], left[j] = left[j], left[r]
            drawn.add(left[r])
            out.append((str(posts[left[r]]["id"]), fw, "random", r))
    return out, population


def cochran(population, z=1.959963984540054, e=0.05):
    n0 = z * z * 0.25 / (e * e)
    return n0 / (1 + (n0 - 1) / float(population))


def read_sheet(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check_sample(qclass, data, work):
    posts = read_posts(os.path.join(data, "pytorch_sample.jsonl"))
    frameworks = ["pytorch", "tensorflow"]
    for match in ("substring", "exact"):
        sheet = os.path.join(work, "sample_%s.csv" % match)
        out = run([qclass, "sample", "-i", os.path.join(data, "pytorch_sample.jsonl"),
                   "--frameworks", ",".join(frameworks), "--tag-match", match,
                   "--top-viewed", "5", "--random", "20", "--seed", "3", "-o", sheet])
        want, population = reference_sample(posts, frameworks, match == "exact", 5, 20, 3)
        rows = read_sheet(sheet)
        got = [(r["id"], r["framework"], r["how"], int(r["rank"])) for r in rows]
        if got != want:
            fail("sample (%s): qclass drew %s, Python %s" % (match, got[:8], want[:8]))
        by_id = {str(p["id"]): p for p in posts}
        for r in rows:
            p = by_id[r["id"]]
            if r["link"] != "https://stackoverflow.com/questions/" + r["id"]:
                fail("sample: link %r" % r["link"])
            if r["title"] != p["title"] or r["tags"] != " ".join(p["tags"]) or r["labels"] != "":
                fail("sample: row %s: title, tags or labels differ" % r["id"])
        for fw in frameworks:
            m = re.search(r"  %s: (\d+) questions.*sample size (\S+) -> (\d+)" % fw, out)
            if not m:
                fail("sample (%s): no population line for %s in\n%s" % (match, fw, out))
                continue
            n = cochran(population[fw])
            if int(m.group(1)) != population[fw] or float(m.group(2)) != n or \
                    int(m.group(3)) != math.ceil(n):
                fail("sample (%s): %s: %s, Python %d questions, %r -> %d"
                     % (match, fw, m.group(0), population[fw], n, math.ceil(n)))
        print("sample (%s): %d posts, same as the Python draw" % (match, len(rows)))
    n = cochran(39628)
    if math.ceil(n) != 381:
        fail("Cochran for 39628: %r" % n)


def kappa_as_written(a, b):
    n = len(a)
    cats = sorted(set(a) | set(b), key=lambda s: s.encode("utf-8"))
    po = sum(1 for x, y in zip(a, b) if x == y) / n
    pe = 0.0
    for c in cats:
        pe += (a.count(c) / n) * (b.count(c) / n)
    if pe == 1:
        k = 1.0 if po == 1 else 0.0
    else:
        k = (po - pe) / (1 - pe)
    return po, pe, k


def quantile7(x, p):
    h = p * (len(x) - 1)
    j = math.floor(h)
    if j + 1 >= len(x):
        return x[-1]
    return x[j] + (h - j) * (x[j + 1] - x[j])


def check_agreement(qclass, data, work):
    labeled = read_posts(os.path.join(data, "dl_bug_classification.jsonl"))
    truth = {str(p["id"]): p["labels"][0] for p in labeled if p.get("labels")}
    sheet = os.path.join(work, "to_label.csv")
    run([qclass, "sample", "-i", os.path.join(data, "dl_bug_classification.jsonl"),
         "--frameworks", "keras,tensorflow,pytorch", "--tag-match", "substring",
         "--top-viewed", "5", "--random", "60", "--seed", "5", "-o", sheet])
    rows = read_sheet(sheet)
    if len(rows) < 50:
        fail("agreement: only %d rows sampled" % len(rows))
    cats = sorted(set(truth.values()))
    header = list(rows[0].keys())

    def write(path, labels_of):
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            for k, r in enumerate(rows):
                w.writerow(dict(r, labels=labels_of(k, r)))

    def label_a(k, r):
        return "" if k == 7 else truth[r["id"]]

    def label_b(k, r):
        t = truth[r["id"]]
        if k in (3, 11):
            return ""
        if k % 4 == 1:  # a different first label
            return cats[(cats.index(t) + 1 + k % 3) % len(cats)]
        if k % 5 == 0:  # a second label after the same first one
            return t + " ; " + cats[(cats.index(t) + 1) % len(cats)]
        return t

    a_path, b_path = os.path.join(work, "labeler_a.csv"), os.path.join(work, "labeler_b.csv")
    write(a_path, label_a)
    write(b_path, label_b)
    js_path = os.path.join(work, "agreement.json")
    dis_path = os.path.join(work, "disagreements.csv")
    B, C, S = 500, 0.9, 11
    run([qclass, "agreement", a_path, b_path, "--json", js_path, "--disagreements", dis_path,
         "--bootstrap", str(B), "--ci", str(C), "--seed", str(S)])
    with open(js_path) as f:
        got = json.load(f)

    common = [k for k in range(len(rows)) if label_a(k, rows[k]) and label_b(k, rows[k])]
    a = [label_a(k, rows[k]).split(";")[0].strip() for k in common]
    b = [label_b(k, rows[k]).split(";")[0].strip() for k in common]
    ref_k = cohen_kappa_score(a, b)
    if abs(got["kappa"] - ref_k) > 1e-12:
        fail("kappa %r, scikit-learn %r" % (got["kappa"], ref_k))
    po, pe, k = kappa_as_written(a, b)
    agreed = sum(1 for x, y in zip(a, b) if x == y)
    checks = [("common", got["common"], len(common)), ("agreed", got["agreed"], agreed),
              ("observed_agreement", got["observed_agreement"], agreed / len(common)),
              ("observed_agreement (as written)", got["observed_agreement"], po),
              ("expected_agreement", got["expected_agreement"], pe),
              ("kappa (as written)", got["kappa"], k),
              ("only_a", got["only_a"], 2), ("only_b", got["only_b"], 1)]
    # Bootstrap (section 11) in plain Python.
    rng = SplitMix64(S)
    vals = []
    n = len(a)
    for _ in range(B):
        idx = [rng.next() % n for _ in range(n)]
        vals.append(kappa_as_written([a[i] for i in idx], [b[i] for i in idx])[2])
    vals.sort()
    checks.append(("bootstrap low", got["bootstrap"]["low"], quantile7(vals, (1.0 - C) / 2.0)))
    checks.append(("bootstrap high", got["bootstrap"]["high"], quantile7(vals, (1.0 + C) / 2.0)))
    used = sorted(set(a) | set(b))
    checks.append(("categories", got["categories"], used))
    checks.append(("confusion", got["confusion"],
                   confusion_matrix(a, b, labels=used).tolist()))
    for name, g, w in checks:
        if g != w:
            fail("agreement: %s: qclass %r, Python %r" % (name, g, w))
    dis = [r["id"] for r in read_sheet(dis_path)]
    want_dis = [rows[k]["id"] for k, x, y in zip(common, a, b) if x != y]
    if dis != want_dis:
        fail("disagreements sheet: %s, want %s" % (dis, want_dis))
    print("agreement: %d common posts, kappa %r (scikit-learn %r), interval [%r, %r]"
          % (len(common), got["kappa"], ref_k, got["bootstrap"]["low"], got["bootstrap"]["high"]))


def check_merge(qclass, data, work):
    posts_path = os.path.join(data, "dl_bug_classification.jsonl")
    cats = os.path.join(data, "keywords", "dl_bug_classification.tsv")
    sheet = os.path.join(work, "labeler_a.csv")
    rows = read_sheet(sheet)
    labels = {r["id"]: [x.strip() for x in r["labels"].split(";")] for r in rows if r["labels"]}
    merged = os.path.join(work, "merged.jsonl")
    out = run([qclass, "labels", "merge", "--sheet", sheet, "-i", posts_path, "--categories", cats,
               "-o", merged])
    posts = read_posts(posts_path)
    want = [p for p in posts if str(p["id"]) in labels]
    got = read_posts(merged)
    if [str(p["id"]) for p in got] != [str(p["id"]) for p in want]:
        fail("merge: ids or their order differ from the labeled rows' posts in input order")
    for g, w in zip(got, want):
        for key in ("title", "body", "tags", "view_count", "score"):
            if g.get(key) != w.get(key):
                fail("merge: post %s: %s %r, input %r" % (w["id"], key, g.get(key), w.get(key)))
        # Any body_format other than "html" (or none) means plain text.
        if (g["body_format"] == "html") != (w.get("body_format") in (None, "html")):
            fail("merge: post %s: body_format %r, input %r" % (w["id"], g["body_format"],
                                                              w.get("body_format")))
        if g["labels"] != labels[str(w["id"])]:
            fail("merge: post %s: labels %r" % (w["id"], g["labels"]))
    summary = "%d rows, %d labeled, %d unlabeled (left out)" % (
        len(rows), len(labels), len(rows) - len(labels))
    for line in (summary, "posts not in the sheet: %d (left out)" % (len(posts) - len(rows)),
                 "written: %d labeled posts" % len(labels)):
        if line not in out:
            fail("merge: summary lacks %r:\n%s" % (line, out))
    run([qclass, "train", "-i", merged, "--keywords", cats, "-o", os.path.join(work, "m.json")])
    with open(sheet, encoding="utf-8", newline="") as f:
        text = f.read()
    first = rows[0]
    bad_path = os.path.join(work, "bad_label.csv")
    with open(bad_path, "w", encoding="utf-8", newline="") as f:
        f.write(text.replace("," + first["labels"] + "\n", ",no-such-category\n", 1))
    p = subprocess.run([qclass, "labels", "merge", "--sheet", bad_path, "-i", posts_path,
                        "--categories", cats, "-o", os.path.join(work, "bad.jsonl")],
                       capture_output=True, text=True)
    m = re.search(re.escape(bad_path) + r":(\d+): unknown category 'no-such-category' for id "
                  + re.escape(first["id"]), p.stderr)
    if p.returncode != 1 or not m:
        fail("merge: unknown category: exit %d, %s" % (p.returncode, p.stderr))
    p = subprocess.run([qclass, "labels", "merge", "-i", posts_path, "-o", merged],
                       capture_output=True, text=True)
    if p.returncode != 2:
        fail("merge without --sheet exited %d, not 2" % p.returncode)
    print("merge: %d labeled posts written as in the input, with the sheet's labels" % len(got))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    qclass, data, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    check_sample(qclass, data, work)
    check_agreement(qclass, data, work)
    check_merge(qclass, data, work)
    if FAILURES:
        sys.exit("%d check(s) failed" % len(FAILURES))
    print("all labeling checks passed")


if __name__ == "__main__":
    main()
