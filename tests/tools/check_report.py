#!/usr/bin/env python3
"""Recomputes every number of a `qclass report` folder independently, with
plain Python, and compares them with the report's CSV files.

    check_report.py --posts P.jsonl --predictions PRED.csv|.jsonl --report DIR
                    [--answers A.jsonl ...] [--frameworks a,b] [--tag-match exact|substring]
                    [--sweep sweep.csv] [--confusion confusion.csv] [--baseline baseline.json
                     --qclass QCLASS --labeled LABELED.jsonl --keywords KEYWORDS.tsv]

What is recomputed from what:
- table1, counts, fig1, fig5, fig6, fig7: from the posts, the answers and the
  predictions (the scored categories are the input here; reference_classifier
  checks `qclass score` itself), with the standard library only.
- the intervals (DEFINITIONS.md 11): every share's Wilson score interval
  (z = 1.959963984540054 for C = 0.95, else scipy's normal quantile, which
  then agrees to about 1e-12), by the formula in the order section 11 writes;
  Fig. 7's percentile bootstrap intervals of the mean and median hours,
  resampling each row's questions with a time in input order with a
  SplitMix64 stream of its own (--bootstrap, --ci, --seed as given to
  `qclass report`).
- alpha_sweep.csv: every row of every configuration of the sweep is
  recomputed from the labeled posts with reference_classifier's keyword model
  (DEFINITIONS.md 3-8); the configurations and alphas are read from sweep.csv
  (they are the run's input), the best configuration is that of the leftmost
  highest macro F1 over the recomputed rows, and its rows must equal the
  report's.
- confusion.csv: the confusion matrix (DEFINITIONS.md 7) of the reference
  keyword model at the defaults (top-K 200, l2, topk, alpha 0.18, ties lowest)
  on the test part of the default split.
- baseline_comparison.csv: the keyword row from that model's predictions,
  the tfidf_svm row from scikit-learn's (check_baseline_sklearn.py), both
  recounted with reference_classifier.full_metrics.
The last three need --qclass (for `qclass tokens`, checked by
reference_tokens.py), --labeled and --keywords. Of the report's input files,
sweep.csv is read for its grid (configurations, alphas) and objective only;
confusion.csv and baseline.json only say which tables the report must have.

Definitions (the same as qclass's, written again here): posts are JSON Lines
in qclass's normalized schema (id, tags, creation_date, accepted_answer_id,
accepted_answer_creation_date, view_count); the first record of an id
counts. A post belongs to a framework when a tag equals (exact) or contains
(substring) its name. The analysed posts are those in a framework that have a
prediction; no_evidence ones are "unclassified". Categories are ordered by
count (descending) then name, "unclassified" last. A post has an accepted
answer when it has an accepted answer id or time; the time to it is
accepted - created in seconds, left out when missing or negative. Quantiles
interpolate linearly between ranks (numpy's default); shares and hours are
compared digit for digit (Python's repr, which qclass's format_double follows).
Exits 1 with a list of differences.
"""
import argparse
import calendar
import csv
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
from datetime import datetime, timezone

problems = []


def fail(msg):
    problems.append(msg)


def timestamp(s):
    if s is None:
        return None
    if isinstance(s, int):
        return s
    dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return calendar.timegm(dt.astimezone(timezone.utc).timetuple())


def id_text(v):
    return v if isinstance(v, str) else str(v)


def fmt(x):
    return "" if x is None else repr(float(x))


def share(n, d):
    return None if d == 0 else n / d


def read_posts(paths):
    posts, seen, dups = [], set(), 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                pid = id_text(r["id"])
                if pid in seen:
                    dups += 1
                    continue
                seen.add(pid)
                posts.append({
                    "id": pid,
                    "tags": r.get("tags") or [],
                    "created": timestamp(r.get("creation_date")),
                    "acc_id": r.get("accepted_answer_id"),
                    "acc_time": timestamp(r.get("accepted_answer_creation_date")),
                    "views": r.get("view_count"),
                })
    return posts, dups


def read_predictions(path):
    by_id, cats, rows, skipped = {}, [], 0, 0

    def note(c):
        if c and c not in cats:
            cats.append(c)

    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if text.lstrip().startswith("{"):
        for line in text.splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if r.get("id") is None:
                skipped += 1
                continue
            rows += 1
            by_id.setdefault(id_text(r["id"]), (r["category"], bool(r.get("no_evidence", False))))
            note(r["category"])
            note(r.get("runner_up"))
    else:
        for r in csv.DictReader(text.splitlines(keepends=True)):
            if r.get("status", "").startswith("skipped"):
                skipped += 1
                continue
            rows += 1
            by_id.setdefault(r["id"], (r["category"], r["no_evidence"] == "true"))
            note(r["category"])
            note(r.get("runner_up"))
    return by_id, cats, rows, skipped


def apply_answers(posts, paths):
    by_answer, accepted_by_q = {}, {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                aid = r.get("answer_id", r.get("Id"))
                qid = id_text(r.get("question_id", r.get("ParentId")))
                t = timestamp(r.get("creation_date", r.get("CreationDate")))
                by_answer.setdefault(aid, t)
                if r.get("is_accepted"):
                    accepted_by_q.setdefault(qid, (aid, t))
    for p in posts:
        if p["acc_id"] is not None:
            t = by_answer.get(p["acc_id"])
            if t is not None:
                p["acc_time"] = t
        elif p["id"] in accepted_by_q:
            aid, t = accepted_by_q[p["id"]]
            p["acc_id"] = aid
            if t is not None:
                p["acc_time"] = t


def quantile(xs, q):
    h = q * (len(xs) - 1)
    j = math.floor(h)
    if j + 1 >= len(xs):
        return xs[-1]
    return xs[j] + (h - j) * (xs[j + 1] - xs[j])


def normal_z(conf):
    if conf == 0.95:
        return 1.959963984540054
    from scipy.stats import norm
    return float(norm.ppf((1 + conf) / 2))


def wilson(k, n, conf):
    """[low, high] of the Wilson score interval as CSV fields ("" when n = 0)."""
    if n == 0:
        return ["", ""]
    z = normal_z(conf)
    p = k / n
    z2 = z * z
    den = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den
    return [fmt(centre - half), fmt(centre + half)]


def hours_bootstrap(secs, resamples, conf, seed):
    """Fields mean_low, mean_high, median_low, median_high: the percentile
    intervals of the mean and median hours over resamples of secs (in the
    order given)."""
    if not secs or resamples == 0:
        return [""] * 4
    from check_labeling import SplitMix64  # the section 3 PRNG, written apart from qclass
    g, n = SplitMix64(seed), len(secs)
    means, medians = [], []
    for _ in range(resamples):
        drawn = [secs[g.next() % n] for _ in range(n)]
        means.append(sum(drawn) / n / 3600.0)
        medians.append(quantile(sorted(float(x) for x in drawn), 0.5) / 3600.0)
    out = []
    for values in (sorted(means), sorted(medians)):
        out += [fmt(quantile(values, (1.0 - conf) / 2.0)), fmt(quantile(values, (1.0 + conf) / 2.0))]
    return out


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def compare(name, report_dir, expected):
    path = os.path.join(report_dir, name)
    if not os.path.exists(path):
        fail(f"{name}: missing")
        return
    got = read_csv(path)
    if got == expected:
        print(f"ok  {name}: {len(expected) - 1} rows")
        return
    if len(got) != len(expected):
        fail(f"{name}: {len(got)} lines, expected {len(expected)}")
    for i, (g, e) in enumerate(zip(got, expected)):
        if g != e:
            fail(f"{name}:{i + 1}: got {g}, expected {e}")
            break


def evaluation_tables(a):
    """alpha_sweep.csv, confusion.csv and baseline_comparison.csv, recomputed."""
    if not (a.sweep or a.confusion or a.baseline):
        return
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from reference_classifier import Model, full_metrics, keyword_sets, load_sample, metrics, predict

    records, labels, toks, vocab, train, test = load_sample(a.qclass, a.labeled)
    names = sorted({l for ls in labels for l in ls}, key=lambda s: s.encode())
    idx = {l: i for i, l in enumerate(names)}
    Y = [[idx[l] for l in labels[r]] for r in test]
    work = tempfile.mkdtemp()
    try:
        kw = keyword_sets(a.qclass, a.keywords, work)
    finally:
        shutil.rmtree(work)
    bows = []
    for r in test:
        b = {}
        for w in toks[r]:
            b[w] = b.get(w, 0) + 1
        bows.append(b)

    def parts(top_k, norm, scope):
        m = Model(toks, labels, train, vocab, kw, top_k, norm, scope)
        return [m.parts(b) for b in bows]

    default_parts = parts(200, "l2", "topk")
    keyword = [[predict(s0, s1, 0.18)[0]] for s0, s1 in default_parts]

    if a.sweep:
        rows = read_csv(a.sweep)
        header = rows[0]
        grid = [r for r in rows[1:] if r and not r[0].startswith("#")]
        configs = list(dict.fromkeys(tuple(r[:3]) for r in grid))
        alphas = list(dict.fromkeys(r[3] for r in grid))
        with open(a.sweep, encoding="utf-8") as f:
            best = [json.loads(l[6:]) for l in f if l.startswith("#best ")]
        if not best or best[0].get("objective") != "macro_f1":
            fail("sweep.csv: expected a #best line with objective macro_f1")
        computed, f1s = [], []
        for top_k, norm, scope in configs:
            ps = parts(int(top_k), norm, scope)
            for al in alphas:
                m = metrics(Y, [[predict(s0, s1, float(al))[0]] for s0, s1 in ps], len(names))
                computed.append([top_k, norm, scope, al] + [repr(m[k]) for k in header[4:]])
                f1s.append(m["f1"])
        if [r[:4] for r in grid] != [r[:4] for r in computed]:
            fail("sweep.csv: its rows are not every configuration at every alpha")
        at = f1s.index(max(f1s))  # the leftmost best grid point
        key = tuple(computed[at][:3])
        print(f"    alpha_sweep.csv: {len(computed)} sweep rows recomputed, best {key}")
        compare("alpha_sweep.csv", a.report,
                [header] + [r for r in computed if tuple(r[:3]) == key])
    if a.confusion:
        c = [[0] * len(names) for _ in names]
        for y, p in zip(Y, keyword):
            for k in p:
                c[k if k in y else y[0]][k] += 1
        compare("confusion.csv", a.report, [["true\\predicted"] + names] +
                [[names[j]] + [str(x) for x in c[j]] for j in range(len(names))])
    if a.baseline:
        from check_baseline_sklearn import sklearn_baseline

        svm = sklearn_baseline(labels, toks, vocab, train, test)[0]
        table = [["classifier", "test_posts", "precision", "recall", "f1", "accuracy"]]
        for name, pred in (("keyword", keyword), ("tfidf_svm", [[idx[p]] for p in svm])):
            m = full_metrics(Y, pred, names)
            table.append([name, str(m["n_posts"])] + [repr(m[k]) for k in
                                                      ("precision", "recall", "f1", "accuracy")])
        compare("baseline_comparison.csv", a.report, table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", nargs="+", required=True)
    ap.add_argument("--predictions", required=True)
    ap.add_argument("--answers", nargs="*", default=[])
    ap.add_argument("--frameworks", default="tensorflow,pytorch,deeplearning4j")
    ap.add_argument("--tag-match", default="exact", choices=["exact", "substring"])
    ap.add_argument("--sweep")
    ap.add_argument("--confusion")
    ap.add_argument("--baseline")
    ap.add_argument("--report", required=True)
    ap.add_argument("--qclass")
    ap.add_argument("--labeled")
    ap.add_argument("--keywords")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--ci", type=float, default=0.95)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if (a.sweep or a.confusion or a.baseline) and not (a.qclass and a.labeled and a.keywords):
        ap.error("--sweep, --confusion and --baseline need --qclass, --labeled and --keywords")
    fws = a.frameworks.split(",")

    posts, dups = read_posts(a.posts)
    if a.answers:
        apply_answers(posts, a.answers)
    preds, pred_cats, pred_rows, pred_skipped = read_predictions(a.predictions)
    for p in posts:
        p["fw"] = [f for f in fws if any((t == f) if a.tag_match == "exact" else (f in t)
                                         for t in p["tags"])]

    # Table 1: every post read.
    table1 = [["framework", "questions", "total_views", "questions_without_views"]]
    for name, members in [(f, [p for p in posts if f in p["fw"]]) for f in fws] + [
            ("all", [p for p in posts if p["fw"]]), ("other", [p for p in posts if not p["fw"]])]:
        table1.append([name, str(len(members)), str(sum(p["views"] for p in members
                                                        if p["views"] is not None)),
                       str(sum(1 for p in members if p["views"] is None))])
    compare("table1_frameworks.csv", a.report, table1)

    analysed = []
    for p in posts:
        if p["fw"] and p["id"] in preds:
            cat, no_ev = preds[p["id"]]
            analysed.append((p, None if no_ev else cat))
    counts = {c: 0 for c in pred_cats}
    for _, c in analysed:
        if c is not None:
            counts[c] += 1
    cats = sorted(counts, key=lambda c: (-counts[c], c.encode("utf-8"))) + ["unclassified"]
    label = lambda c: "unclassified" if c is None else c  # noqa: E731

    used = {p["id"] for p in posts}
    compare("counts.csv", a.report, [["what", "posts"]] + [[k, str(v)] for k, v in [
        ("posts", len(posts)),
        ("duplicate_posts", dups),
        ("outside_frameworks", sum(1 for p in posts if not p["fw"])),
        ("no_prediction", sum(1 for p in posts if p["fw"] and p["id"] not in preds)),
        ("analysed", len(analysed)),
        ("unclassified", sum(1 for _, c in analysed if c is None)),
        ("no_creation_date", sum(1 for p, _ in analysed if p["created"] is None)),
        ("prediction_rows", pred_rows),
        ("skipped_predictions", pred_skipped),
        ("unused_predictions", sum(1 for i in preds if i not in used)),
    ]])

    # Fig. 1: overall and per framework.
    fig1 = [["scope", "category", "questions", "share", "share_low", "share_high"]]
    for scope in ["all"] + fws:
        members = [label(c) for p, c in analysed if scope == "all" or scope in p["fw"]]
        for c in cats:
            n = members.count(c)
            fig1.append([scope, c, str(n), fmt(share(n, len(members)))] +
                        wilson(n, len(members), a.ci))
    compare("fig1_categories.csv", a.report, fig1)

    # Fig. 5: per UTC year.
    fig5 = [["year", "category", "questions", "share", "share_low", "share_high"]]
    by_year = {}
    for p, c in analysed:
        if p["created"] is not None:
            y = datetime.fromtimestamp(p["created"], tz=timezone.utc).year
            by_year.setdefault(y, []).append(label(c))
    for y in sorted(by_year):
        for c in cats:
            n = by_year[y].count(c)
            fig5.append([str(y), c, str(n), fmt(share(n, len(by_year[y])))] +
                        wilson(n, len(by_year[y]), a.ci))
    compare("fig5_categories_by_year.csv", a.report, fig5)

    # Fig. 6 and Fig. 7.
    fig6 = [["category", "questions", "with_accepted_answer", "share", "share_low", "share_high"]]
    fig7 = [["category", "with_accepted_answer", "timed", "missing_time", "negative", "mean_hours",
             "min_hours", "q1_hours", "median_hours", "q3_hours", "max_hours", "mean_hours_low",
             "mean_hours_high", "median_hours_low", "median_hours_high"]]
    for c in cats + ["all"]:
        members = [p for p, pc in analysed if c == "all" or label(pc) == c]
        acc = [p for p in members if p["acc_id"] is not None or p["acc_time"] is not None]
        fig6.append([c, str(len(members)), str(len(acc)), fmt(share(len(acc), len(members)))] +
                    wilson(len(acc), len(members), a.ci))
        missing = [p for p in acc if p["created"] is None or p["acc_time"] is None]
        timed = [p["acc_time"] - p["created"] for p in acc if p not in missing]
        negative = [s for s in timed if s < 0]
        timed = [s for s in timed if s >= 0]  # input order, as resampled
        secs = sorted(timed)
        row = [c, str(len(acc)), str(len(secs)), str(len(missing)), str(len(negative))]
        if secs:
            xs = [float(s) for s in secs]
            q = [quantile(xs, t) / 3600.0 for t in (0.25, 0.5, 0.75)]
            # A second opinion from the statistics module (type 7 is "inclusive").
            if len(xs) >= 2:
                ref = statistics.quantiles(xs, n=4, method="inclusive")
                for mine, theirs in zip(q, ref):
                    if not math.isclose(mine, theirs / 3600.0, rel_tol=1e-12, abs_tol=1e-12):
                        fail(f"quantile definition disagrees with statistics: {mine} {theirs}")
            if not math.isclose(q[1], statistics.median(xs) / 3600.0, rel_tol=1e-12):
                fail("median disagrees with statistics.median")
            row += [fmt(sum(secs) / len(secs) / 3600.0), fmt(xs[0] / 3600.0), fmt(q[0]),
                    fmt(q[1]), fmt(q[2]), fmt(xs[-1] / 3600.0)]
        else:
            row += [""] * 6
        fig7.append(row + hours_bootstrap(timed, a.bootstrap, a.ci, a.seed))
    compare("fig6_accepted_answers.csv", a.report, fig6)
    compare("fig7_answer_hours.csv", a.report, fig7)

    # Evaluation files, recomputed from the labeled posts.
    evaluation_tables(a)
    for name, given in (("alpha_sweep.csv", a.sweep), ("confusion.csv", a.confusion),
                        ("baseline_comparison.csv", a.baseline)):
        if not given and os.path.exists(os.path.join(a.report, name)):
            fail(f"{name} written without its input file")

    # The page shows the same numbers.
    with open(os.path.join(a.report, "report.html"), encoding="utf-8") as f:
        html = f.read()
    for needle in [f"<b>{len(analysed):,}</b> Stack Overflow questions"] + [
            f'<td class="n">{int(r[2]):,}</td>' for r in table1[1:]]:
        if needle not in html:
            fail(f"report.html lacks {needle!r}")
    for needle in ["Wilson score interval", "percentile bootstrap", 'class="err"']:
        if analysed and needle not in html:
            fail(f"report.html lacks {needle!r} (the intervals and their captions)")
    if a.baseline and 'id="baseline"' not in html:
        fail("report.html lacks the baseline table")
    for bad in ["<script", "src=", 'href="http', "@import", "url("]:
        if bad in html:
            fail(f"report.html is not self-contained: it has {bad!r}")

    if problems:
        print("\n".join("FAIL " + p for p in problems))
        return 1
    print(f"report numbers agree: {len(analysed)} analysed posts, {len(cats)} categories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
