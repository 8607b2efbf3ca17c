#!/usr/bin/env python3
"""Drives the labeling page of `qclass sample --html` in headless Chromium
through Selenium, then merges its export and trains on the result:

  1. `qclass sample` on the bundled pytorch posts plus two posts whose title
     and body try to break out of the page (script tags, U+2028), writing the
     CSV sheet and the page;
  2. the page, opened from a file:// URL: every post shown as plain text,
     its export before any labeling equal to the CSV sheet byte for byte;
  3. labels given with clicks and keys, a second label with Shift+click and
     Shift+key, an undo; a reload keeps them and the position;
  4. a real click on Export downloads the CSV (into a temporary folder set
     through Chrome's preferences), equal to the page's own export text;
  5. `qclass labels merge` of the download, then `qclass train` on it.

    check_label_page_selenium.py QCLASS DATA_DIR WORK_DIR

Exits 77 (CTest SKIP_RETURN_CODE), saying why, only when chromium,
chromedriver or Python's selenium is missing (Debian: chromium,
chromium-driver, python3-selenium); any other problem fails.
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
CATEGORIES_FILE = "keywords/seven_categories.tsv"


def fail(msg):
    print("FAIL " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def skip(msg):
    print("SKIP " + msg)
    sys.exit(SKIP)


def find_tools():
    try:
        from selenium import webdriver  # noqa: F401
    except ImportError:
        skip("Python's selenium is missing (Debian: python3-selenium)")
    chromium = os.environ.get("QC_CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    if not chromium:
        skip("chromium is missing (Debian: chromium)")
    driver = os.environ.get("QC_CHROMEDRIVER") or shutil.which("chromedriver")
    if not driver:
        skip("chromedriver is missing (Debian: chromium-driver)")
    return chromium, driver


def run(cmd, want_rc=0):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != want_rc:
        fail(f"{' '.join(cmd)} exited {p.returncode} (wanted {want_rc}):\n{p.stdout}{p.stderr}")
    return p


# Two posts that would break a page that pastes text into HTML or a script.
NASTY = [
    {"id": 990000001, "title": "</script><script>window.pwned = 1</script> & <b>bold</b> <!--",
     "body": "<p>a &lt;/script&gt; b</p><pre><code>x = 1 \u2028 y = 2 \u2029</code></pre>",
     "tags": ["pytorch", "<img src=x onerror=window.pwned=2>"], "view_count": 10 ** 9},
    {"id": 990000002, "title": "Quotes \" ' and `backticks` ${x} \u2028 \u2029 end", "body": None,
     "tags": ["pytorch"], "view_count": 10 ** 9 - 1},
]


def make_sheet(qclass, data, work):
    posts = [os.path.join(data, "pytorch_sample.jsonl"), os.path.join(work, "nasty.jsonl")]
    with open(posts[1], "w", encoding="utf-8") as f:
        for p in NASTY:
            f.write(json.dumps(p) + "\n")
    sheet, page = os.path.join(work, "batch.csv"), os.path.join(work, "batch.html")
    run([qclass, "sample", "-i", posts[0], "-i", posts[1], "--frameworks", "pytorch",
         "--top-viewed", "3", "--random", "5", "--seed", "11", "-o", sheet, "--html", page,
         "--categories", os.path.join(data, CATEGORIES_FILE)])
    with open(sheet, encoding="utf-8", newline="") as f:
        text = f.read()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    check(len(rows) == 8, f"the sheet has {len(rows)} rows, not 8")
    check(rows[0]["id"] == "990000001" and rows[1]["id"] == "990000002",
          "the two nasty posts are not the top-viewed ones")
    return posts, sheet, page, text, rows


def start_browser(chromium, driver_path, profile, downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900"]:
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {
        "download.default_directory": downloads, "download.prompt_for_download": False,
        "download.directory_upgrade": True, "safebrowsing.enabled": False})
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)


def text_of(drv, css):
    return drv.execute_script("return document.querySelector(arguments[0]).textContent;", css)


def press(drv, key, shift=False):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    a = ActionChains(drv)
    if shift:
        a.key_down(Keys.SHIFT).send_keys(key).key_up(Keys.SHIFT)
    else:
        a.send_keys(key)
    a.perform()


def click_category(drv, index, shift=False):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    b = drv.find_elements(By.CSS_SELECTOR, "button.category")[index]
    if shift:
        ActionChains(drv).key_down(Keys.SHIFT).click(b).key_up(Keys.SHIFT).perform()
    else:
        b.click()


def position(drv):
    return drv.execute_script("return window.qclassLabeling.position();")


def check_rendering(drv, rows, sheet_text, categories):
    from selenium.webdriver.common.by import By
    check(drv.execute_script("return window.pwned === undefined;"), "a post's text ran as script")
    buttons = [b.text for b in drv.find_elements(By.CSS_SELECTOR, "button.category")]
    check(len(buttons) == len(categories), f"{len(buttons)} category buttons")
    for b, c, k in zip(buttons, categories, "1234567"):
        check(b.split() == [k] + c.split(), f"button {b!r} is not {k} {c}")
    check(text_of(drv, "#progress") == f"0 of {len(rows)} labeled", "progress at the start")
    for i in (0, 1, 2):
        r = rows[i]
        check(position(drv) == i, f"position {position(drv)}, not {i}")
        check(text_of(drv, "#post-title") == r["title"], f"title of post {i} shown differently")
        shown = text_of(drv, "#post-text")
        check(shown == (r["text"] or "(no body)"), f"text of post {i} shown differently")
        tags = drv.execute_script(
            "return Array.from(document.querySelectorAll('#post-tags li'), e => e.textContent);")
        check(tags == r["tags"].split(), f"tags of post {i}: {tags}")
        href = drv.find_element(By.ID, "post-link").get_attribute("href")
        check(href == r["link"], f"link of post {i}: {href}")
        check(drv.execute_script(
            "return ['#post-title', '#post-text', '#post-tags li'].every(s => "
            "Array.from(document.querySelectorAll(s)).every(e => e.children.length === 0));"),
            f"the text of post {i} became elements")
        press(drv, "n")
    check("\u2028" in rows[1]["title"], "the nasty title lost its U+2028")
    check(drv.execute_script("return window.qclassLabeling.csv();") == sheet_text,
          "the export before labeling is not the sheet, byte for byte")
    press(drv, "p")
    press(drv, "p")
    press(drv, "p")
    check(position(drv) == 0, "p did not go back to the first post")


def label_posts(drv, rows, cats):
    """Labels posts 0-4 with clicks and keys; returns what the page must hold."""
    click_category(drv, 0)                   # post 0: program crash, then post 1
    press(drv, "3")                          # post 1: implementation, then post 2
    press(drv, "7")                          # post 2: performance, then post 3
    press(drv, "2")                          # post 3: model migration and deployment
    check(position(drv) == 4, f"position {position(drv)} after four labels")
    press(drv, "p")
    press(drv, "p")                          # back to post 2
    click_category(drv, 4, shift=True)       # second label: comprehension
    press(drv, "n")                          # post 3
    press(drv, "4", shift=True)              # second label: training anomaly
    press(drv, "n")                          # post 4
    press(drv, "6")                          # installation, then post 5
    press(drv, "5")                          # post 5: comprehension, then post 6
    press(drv, "u")                          # undo: post 5 unlabeled, back on it
    check(position(drv) == 5, f"undo left the page on post {position(drv)}")
    check(text_of(drv, "#current-labels") == "none", "undo did not clear post 5")
    press(drv, "1", shift=True)              # Shift on an unlabeled post: the main label
    press(drv, "x")                          # and clear it
    want = {rows[0]["id"]: [cats[0]], rows[1]["id"]: [cats[2]],
            rows[2]["id"]: [cats[6], cats[4]], rows[3]["id"]: [cats[1], cats[3]],
            rows[4]["id"]: [cats[5]]}
    got = drv.execute_script("return window.qclassLabeling.labels();")
    check(got == want, f"labels {got}, wanted {want}")
    check(text_of(drv, "#progress") == f"5 of {len(rows)} labeled", "progress after labeling")
    press(drv, ".")                          # next unlabeled after post 5: post 6
    check(position(drv) == 6, f"'.' went to post {position(drv)}, not 6")
    return want


def export_by_click(drv, downloads, name):
    """The text Export downloads, once no part of it is still being written:
    the file named `name` present and no .crdownload left in the folder."""
    from selenium.webdriver.common.by import By
    drv.find_element(By.ID, "export").click()
    path = os.path.join(downloads, name)
    for _ in range(100):
        busy = any(f.endswith(".crdownload") for f in os.listdir(downloads))
        if os.path.exists(path) and not busy:
            with open(path, encoding="utf-8", newline="") as f:
                return f.read()
        time.sleep(0.1)
    fail(f"the Export button downloaded nothing into {downloads}: {os.listdir(downloads)}")


def check_export(text, sheet_rows, want):
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    check(len(rows) == len(sheet_rows), "the export has another number of rows")
    for r, s in zip(rows, sheet_rows):
        for col in s:
            if col != "labels":
                check(r[col] == s[col], f"export column {col} of id {s['id']} differs")
        labels = ";".join(want.get(s["id"], []))
        check(r["labels"] == labels, f"export labels of {s['id']}: {r['labels']!r}")


def want_id_of(want, label):
    return next(i for i, ls in want.items() if ls == [label])


def merge_and_train(qclass, data, work, posts, export, want):
    cats = os.path.join(data, CATEGORIES_FILE)
    merged = os.path.join(work, "labeled.jsonl")
    out = run([qclass, "labels", "merge", "--sheet", export, "-i", posts[0], "-i", posts[1],
               "--categories", cats, "-o", merged]).stdout
    check("8 rows, 5 labeled, 3 unlabeled (left out)" in out, "merge summary: " + out)
    with open(merged, encoding="utf-8") as f:
        got = {str(json.loads(line)["id"]): json.loads(line)["labels"] for line in f}
    check(got == want, f"merged labels {got}")
    run([qclass, "train", "-i", merged, "--keywords", cats, "--min-df", "1", "-o",
         os.path.join(work, "model.json")])
    check(os.path.getsize(os.path.join(work, "model.json")) > 0, "train wrote no model")
    # A label outside the categories is an error naming the sheet's line.
    with open(export, encoding="utf-8", newline="") as f:
        bad = f.read().replace(",installation\n", ",instalation\n")
    bad_path = os.path.join(work, "bad.csv")
    with open(bad_path, "w", encoding="utf-8", newline="") as f:
        f.write(bad)
    err = run([qclass, "labels", "merge", "--sheet", bad_path, "-i", posts[0], "-i", posts[1],
               "--categories", cats, "-o", os.path.join(work, "bad.jsonl")], want_rc=1).stderr
    m = re.search(re.escape(bad_path) + r":(\d+): unknown category 'instalation' for id (\d+)", err)
    check(m and m.group(2) == want_id_of(want, "installation"), "merge error: " + err)
    line = bad.split("\n")[int(m.group(1)) - 1]
    check(line.startswith(m.group(2) + ","), f"the error's line {m.group(1)} is not the row's")

def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    qclass, data, work = sys.argv[1:]
    chromium, driver_path = find_tools()
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    posts, sheet, page, sheet_text, rows = make_sheet(qclass, data, work)
    cats = [line.split("\t")[0] for line in open(os.path.join(data, CATEGORIES_FILE),
                                                  encoding="utf-8")
            if line.strip() and not line.startswith("#")]
    profile = tempfile.mkdtemp(prefix="qc-label-page-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    drv = start_browser(chromium, driver_path, profile, downloads)
    try:
        drv.get("file://" + os.path.abspath(page))
        check_rendering(drv, rows, sheet_text, cats)
        want = label_posts(drv, rows, cats)
        drv.refresh()
        check(drv.execute_script("return window.qclassLabeling.labels();") == want,
              "the labels did not survive a reload")
        check(position(drv) == 6, f"the position did not survive a reload: {position(drv)}")
        check(text_of(drv, "#progress") == f"5 of {len(rows)} labeled", "progress after reload")
        hooked = drv.execute_script("return window.qclassLabeling.csv();")
        downloaded = export_by_click(drv, downloads, "batch.labels.csv")
        check(downloaded == hooked, "the downloaded CSV is not the page's export text")
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)
    check_export(downloaded, rows, want)
    # The downloaded text, kept outside the browser's folder: a browser that
    # quits may still remove a download it had not finished recording.
    export = os.path.join(work, "batch.labels.csv")
    with open(export, "w", encoding="utf-8", newline="") as f:
        f.write(downloaded)
    merge_and_train(qclass, data, work, posts, export, want)
    print("OK: labeled 5 of 8 posts in Chromium (clicks, keys, second labels, undo), kept them "
          "across a reload, exported by a real download, merged and trained")


if __name__ == "__main__":
    main()
