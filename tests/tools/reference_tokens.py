#!/usr/bin/env python3
"""Independent oracle for qclass's text pipeline and vocabulary.

Implements DEFINITIONS.md sections 1, 2 and 4 in plain Python with NLTK's
WordNetLemmatizer, runs `qclass tokens` and `qclass vocab` on the same JSONL
files, and requires identical tokens for every post and an identical
vocabulary. Run with Debian's /usr/bin/python3 (python3-nltk).

usage: reference_tokens.py QCLASS STOPWORDS.txt FILE.jsonl [FILE.jsonl ...]
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The DEFINITIONS.md 1.2/1.3 text functions and NLTK's WordNet reader (with the
# lexnames file wordnet-base lacks) are shared with the lemma oracle.
from check_lemmas_nltk import html_text, nltk_reader, plain_text, require_nltk  # noqa: E402

WORDNET = os.environ.get("QC_WORDNET_DIR", "/usr/share/wordnet")


class Normalizer:
    def __init__(self, wn, stopwords):
        self.wn = wn
        self.stop = stopwords
        self.cache = {}

    def L(self, w, pos):
        lemmas = self.wn._morphy(w, pos)
        return min(lemmas, key=len) if lemmas else w

    def norm(self, t):
        if t in self.cache:
            return self.cache[t]
        v = self.L(t, "v")
        lemma = v
        if v not in ("prosses", "acsses"):
            n = self.L(v, "n")
            if n != v and not v.endswith("ss"):
                lemma = n
        if lemma in self.stop or len(lemma) == 1:
            out = None
        elif re.fullmatch(r"[0-9]+d", lemma):
            out = "<dim>"
        elif re.fullmatch(r"[0-9]+gb", lemma):
            out = "<mem>"
        elif re.fullmatch(r"[0-9]+", lemma):
            out = "<digit>"
        else:
            out = lemma
        self.cache[t] = out
        return out

    def tokens(self, rec):
        title = rec.get("title") or ""
        body = rec.get("body") or ""
        fmt = rec.get("body_format")
        html = not (isinstance(fmt, str) and fmt != "html")
        raw = re.findall(r"[a-z0-9_]+", plain_text(title))
        raw += re.findall(r"[a-z0-9_]+", html_text(body, False) if html else plain_text(body))
        return [x for x in (self.norm(t) for t in raw) if x is not None]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    qclass, stop_path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    stop = set(w.strip() for w in open(stop_path) if w.strip() and not w.startswith("#"))
    tmp = tempfile.mkdtemp()
    try:
        require_nltk()
        norm = Normalizer(nltk_reader(WORDNET, tmp), stop)
        expected = []
        for path in files:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        rec = json.loads(line)
                        expected.append((rec["id"], norm.tokens(rec)))
    finally:
        shutil.rmtree(tmp)

    args = []
    for p in files:
        args += ["--input", p]
    out = subprocess.run([qclass, "tokens", "--threads", "2"] + args, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    got = [json.loads(line) for line in out]
    if len(got) != len(expected):
        sys.exit("FAIL: qclass gave %d posts, reference %d" % (len(got), len(expected)))
    diffs = 0
    for (rid, toks), g in zip(expected, got):
        if g["id"] != rid or g["tokens"] != toks:
            diffs += 1
            if diffs <= 10:
                print("DIFF id=%s\n  qclass:    %s\n  reference: %s" % (rid, g["tokens"], toks))
    n_tokens = sum(len(t) for _, t in expected)

    # Vocabulary (DEFINITIONS 4) over the same posts.
    df = {}
    for _, toks in expected:
        for w in set(toks):
            df[w] = df.get(w, 0) + 1
    ref_vocab = sorted((w for w in df if df[w] >= 5), key=lambda w: (-df[w], w.encode()))[:20000]
    vout = subprocess.run([qclass, "vocab"] + args, check=True, capture_output=True,
                          text=True).stdout.splitlines()[1:]
    got_vocab = [(line.split("\t")[1], int(line.split("\t")[2])) for line in vout]
    if got_vocab != [(w, df[w]) for w in ref_vocab]:
        diffs += 1
        print("DIFF vocabulary: qclass %d words, reference %d" % (len(got_vocab), len(ref_vocab)))
    print("compared %d posts, %d tokens, %d vocabulary words: %d differences"
          % (len(expected), n_tokens, len(ref_vocab), diffs))
    if diffs or n_tokens == 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
