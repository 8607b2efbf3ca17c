#!/usr/bin/env python3
"""Renders a qclass report.html in headless Chromium and checks that every
chart rendered: the page parsed into the expected charts, each chart has the
number of data marks its CSV implies, has a real size on the page, and its
part of a screenshot is not blank and shows its marks' colors.

    check_report_chromium.py REPORT_DIR [--min-year-questions 30] [--keep DIR]

Chromium is Debian's `chromium` (or $QC_CHROMIUM). Without it the check
fails: it never passes silently. Standard library only (PNG decoded here).
"""
import argparse
import csv
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1"]
WIDTH = 1280

# Appended to a copy of the page: records, for each chart, what the browser
# made of it (marks found, their colors, the chart's box on the page).
PROBE = """<script>
(function () {
  var charts = [];
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    var r = svg.getBoundingClientRect();
    var marks = svg.querySelectorAll('.mark');
    var colors = {};
    marks.forEach(function (m) {
      // Colors of the marks big enough to see (a 0% bar has no width).
      var b = m.getBoundingClientRect();
      if (b.width < 2 || b.height < 2) return;
      var st = getComputedStyle(m);
      var c = st.fill !== 'none' ? st.fill : st.stroke;
      colors[c] = (colors[c] || 0) + 1;
    });
    var texts = Array.prototype.map.call(svg.querySelectorAll('text'), function (t) {
      return t.textContent; });
    charts.push({id: svg.id, marks: marks.length, declared: svg.getAttribute('data-marks'),
                 x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height,
                 colors: colors, texts: texts});
  });
  document.body.setAttribute('data-probe', JSON.stringify(
      {charts: charts, height: document.documentElement.scrollHeight}));
})();
</script>"""


def fail(msg):
    print("FAIL " + msg)
    sys.exit(1)


def chromium():
    exe = os.environ.get("QC_CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    if not exe:
        fail("chromium not found: install Debian's chromium (apt-get install --no-install-recommends "
             "chromium, or scripts/setup.sh as root), or set QC_CHROMIUM")
    return exe


def run_chromium(exe, extra, url):
    profile = tempfile.mkdtemp(prefix="qc-chromium-")
    try:
        p = subprocess.run([exe] + FLAGS + ["--user-data-dir=" + profile] + extra + [url],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if p.returncode != 0:
        fail(f"chromium exited with {p.returncode}: {p.stderr.decode(errors='replace')[-2000:]}")
    return p.stdout.decode("utf-8", errors="replace")


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG")
    pos, idat, w, h, bpp = 8, b"", 0, 0, 0
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                fail(f"{path}: unexpected PNG format (depth {depth}, type {ctype})")
            bpp = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += body
        elif typ == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((a + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                pp = a + b - c
                pa, pb, pc = abs(pp - a), abs(pp - b), abs(pp - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def rgb(css):
    m = re.match(r"rgba?\((\d+),\s*(\d+),\s*(\d+)", css)
    return tuple(int(v) for v in m.groups()) if m else None


def csv_rows(report, name):
    path = os.path.join(report, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_marks(report, min_year):
    """Chart id -> marks its CSV implies (one per drawn bar, line, box or cell)."""
    exp = {}
    fig1 = csv_rows(report, "fig1_categories.csv")
    exp["chart-fig1-all"] = sum(1 for r in fig1 if r["scope"] == "all" and r["share"])
    per = sum(1 for r in fig1 if r["scope"] != "all" and r["share"])
    if per:
        exp["chart-fig1-frameworks"] = per
    fig5 = csv_rows(report, "fig5_categories_by_year.csv")
    totals = {}
    for r in fig5:
        totals[r["year"]] = totals.get(r["year"], 0) + int(r["questions"])
    shown = {y for y, n in totals.items() if n >= min_year}
    if shown:
        exp["chart-fig5"] = len({r["category"] for r in fig5 if r["year"] in shown and r["share"]})
    exp["chart-fig6"] = sum(1 for r in csv_rows(report, "fig6_accepted_answers.csv") if r["share"])
    exp["chart-fig7"] = sum(1 for r in csv_rows(report, "fig7_answer_hours.csv")
                            if r["median_hours"])
    sweep = csv_rows(report, "alpha_sweep.csv")
    if sweep is not None:
        exp["chart-alpha-sweep"] = sum(
            1 for m in ["precision", "recall", "f1", "study_precision", "study_recall"]
            if any(r[m] for r in sweep))
    conf = csv_rows(report, "confusion.csv")
    if conf is not None:
        exp["chart-confusion"] = len(conf) * len(conf)
    return exp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--min-year-questions", type=int, default=30)
    ap.add_argument("--keep", help="folder to keep the screenshot in")
    a = ap.parse_args()
    html_path = os.path.abspath(os.path.join(a.report, "report.html"))
    if not os.path.exists(html_path):
        fail(f"{html_path}: missing")
    exe = chromium()
    exp = expected_marks(a.report, a.min_year_questions)
    work = tempfile.mkdtemp(prefix="qc-report-check-")
    try:
        # 1. The DOM as Chromium built it, with the probe's measurements.
        with open(html_path, encoding="utf-8") as f:
            page = f.read()
        if "</body>" not in page:
            fail("report.html has no </body>")
        probe_path = os.path.join(work, "probe.html")
        with open(probe_path, "w", encoding="utf-8") as f:
            f.write(page.replace("</body>", PROBE + "</body>"))
        dom = run_chromium(exe, ["--window-size=%d,1200" % WIDTH, "--dump-dom"],
                           "file://" + probe_path)
        m = re.search(r'data-probe="([^"]*)"', dom)
        if not m:
            fail("the probe did not run: no data-probe in the dumped DOM")
        import html as html_mod
        probe = json.loads(html_mod.unescape(m.group(1)))
        charts = {c["id"]: c for c in probe["charts"]}
        if sorted(charts) != sorted(exp):
            fail(f"charts on the page {sorted(charts)}, expected {sorted(exp)}")
        for cid, want in sorted(exp.items()):
            c = charts[cid]
            if c["marks"] != want or str(want) != c["declared"]:
                fail(f"{cid}: {c['marks']} marks rendered (data-marks {c['declared']}), "
                     f"expected {want} from the CSV")
            if want == 0:
                fail(f"{cid}: no marks")
            if c["w"] < 300 or c["h"] < 150:
                fail(f"{cid}: rendered {c['w']:.0f}x{c['h']:.0f} px, too small to read")
            if c["x"] < 0 or c["x"] + c["w"] > WIDTH + 1:
                fail(f"{cid}: wider than a {WIDTH} px window")
            if len([t for t in c["texts"] if t.strip()]) < 4:
                fail(f"{cid}: fewer than 4 text labels (title, axes)")
            print(f"ok  {cid}: {want} marks, {c['w']:.0f}x{c['h']:.0f} px, "
                  f"{len(c['texts'])} labels")

        # 2. A screenshot of the page itself (no probe) as tall as the page.
        height = min(int(probe["height"]) + 20, 16000)
        shot = os.path.join(work, "report.png")
        run_chromium(exe, ["--window-size=%d,%d" % (WIDTH, height), "--screenshot=" + shot],
                     "file://" + html_path)
        if not os.path.exists(shot):
            fail("chromium wrote no screenshot")
        w, h, bpp, rows = read_png(shot)
        for cid in sorted(exp):
            c = charts[cid]
            x0, y0 = max(0, int(c["x"])), max(0, int(c["y"]))
            x1, y1 = min(w, int(c["x"] + c["w"])), min(h, int(c["y"] + c["h"]))
            if y1 <= y0 or x1 <= x0:
                fail(f"{cid}: outside the screenshot")
            colors = {}
            inked = 0
            for y in range(y0, y1):
                row = rows[y]
                for x in range(x0, x1):
                    px = tuple(row[x * bpp:x * bpp + 3])
                    colors[px] = colors.get(px, 0) + 1
                    if px != (255, 255, 255):
                        inked += 1
            area = (y1 - y0) * (x1 - x0)
            if inked < area * 0.01:
                fail(f"{cid}: blank in the screenshot ({inked} of {area} pixels inked)")
            visible = [css for css in c["colors"] if rgb(css) and min(rgb(css)) < 240]
            if not visible:
                fail(f"{cid}: every mark is drawn in the page's background color")
            # Each distinct mark color must appear (flat fills exactly, strokes nearly).
            for css, n in c["colors"].items():
                want = rgb(css)
                if want is None:
                    continue
                near = sum(k for px, k in colors.items()
                           if max(abs(px[i] - want[i]) for i in range(3)) <= 6)
                if near == 0:
                    fail(f"{cid}: mark color {css} ({n} marks) not in the screenshot")
            print(f"ok  {cid}: {inked * 100 // area}% of its area inked, "
                  f"{len(c['colors'])} mark colors seen")
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            shutil.copy(shot, os.path.join(a.keep, "report.png"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"report renders in Chromium: {len(exp)} charts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
