#!/usr/bin/python3
"""Oracle check: qclass's WordNet lemmas against NLTK 3.8's WordNetLemmatizer.

Usage: check_lemmas_nltk.py [--wordnet-dir DIR] QCLASS POSTS.jsonl [POSTS.jsonl ...]

Collects every raw token of the posts (title, body, and `text` when present;
bodies are tokenized as raw text, as HTML per DEFINITIONS.md 1.3 with and
without <code> removal, and after entity decoding, so the set is a superset of
what qclass sees), computes L(w, verb), L(w, noun) and the `vn` lemma with
NLTK, runs `QCLASS lemma --wordnet-dir DIR` on the same words and requires
identical output.

NLTK's WordNetCorpusReader needs a `lexnames` file, which Debian's
wordnet-base lacks, so NLTK reads a scratch copy of the folder (symlinks plus
a generated lexnames); qclass reads the real folder.

Run it with Debian's /usr/bin/python3 (package python3-nltk). Exit status: 0
when more than 1000 distinct words were compared and none differ, 1 otherwise.
"""

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings

MIN_WORDS = 1000
MAX_SHOWN = 50

# The standard WordNet 3.0 lexnames file (see lexnames(5WN)): number, name,
# syntactic category (1 noun, 2 verb, 3 adjective, 4 adverb).
LEXNAMES = [
    ("adj.all", 3), ("adj.pert", 3), ("adv.all", 4), ("noun.Tops", 1),
    ("noun.act", 1), ("noun.animal", 1), ("noun.artifact", 1),
    ("noun.attribute", 1), ("noun.body", 1), ("noun.cognition", 1),
    ("noun.communication", 1), ("noun.event", 1), ("noun.feeling", 1),
    ("noun.food", 1), ("noun.group", 1), ("noun.location", 1),
    ("noun.motive", 1), ("noun.object", 1), ("noun.person", 1),
    ("noun.phenomenon", 1), ("noun.plant", 1), ("noun.possession", 1),
    ("noun.process", 1), ("noun.quantity", 1), ("noun.relation", 1),
    ("noun.shape", 1), ("noun.state", 1), ("noun.substance", 1),
    ("noun.time", 1), ("verb.body", 2), ("verb.change", 2),
    ("verb.cognition", 2), ("verb.communication", 2), ("verb.competition", 2),
    ("verb.consumption", 2), ("verb.contact", 2), ("verb.creation", 2),
    ("verb.emotion", 2), ("verb.motion", 2), ("verb.perception", 2),
    ("verb.possession", 2), ("verb.social", 2), ("verb.stative", 2),
    ("verb.weather", 2), ("adj.ppl", 3),
]
assert len(LEXNAMES) == 45

TOKEN_RE = re.compile(r"[a-z0-9_]+")
CODE_RE = re.compile(r"<code[^>]*>[^<]+</code>")
BETWEEN_TAGS_RE = re.compile(r">([^<>]*)<")
ENTITY_RE = re.compile(r"&(lt|gt|amp|quot|apos|nbsp);|&#([0-9]+);|&#x([0-9a-f]+);")
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'", "nbsp": " "}


def ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def drop_non_ascii(s):
    return "".join(c for c in s if ord(c) <= 127)


def plain_text(s):
    """DEFINITIONS.md 1.2."""
    return ascii_lower(drop_non_ascii(s))


def decode_entities(s):
    def repl(m):
        if m.group(1):
            return NAMED[m.group(1)]
        value = int(m.group(2), 10) if m.group(2) is not None else int(m.group(3), 16)
        return chr(value) if value <= 127 else ""

    return ENTITY_RE.sub(repl, s)


def html_text(body, keep_code):
    """DEFINITIONS.md 1.3."""
    s = ascii_lower(body)
    if not keep_code:
        s = CODE_RE.sub("", s)
    s = " ".join(BETWEEN_TAGS_RE.findall(s))
    s = decode_entities(s)
    return ascii_lower(drop_non_ascii(s))


def post_tokens(record):
    tokens = set()
    for field in ("title", "text"):
        value = record.get(field)
        if isinstance(value, str):
            tokens.update(TOKEN_RE.findall(plain_text(value)))
    body = record.get("body")
    if isinstance(body, str):
        tokens.update(TOKEN_RE.findall(plain_text(body)))
        tokens.update(TOKEN_RE.findall(plain_text(html.unescape(body))))
        tokens.update(TOKEN_RE.findall(html_text(body, keep_code=False)))
        tokens.update(TOKEN_RE.findall(html_text(body, keep_code=True)))
    return tokens


def collect_tokens(paths):
    tokens = set()
    n_records = 0
    for path in paths:
        with open(path, encoding="utf-8") as fp:
            for lineno, line in enumerate(fp, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as e:
                    sys.exit(f"{path}:{lineno}: invalid JSON: {e}")
                if isinstance(record, dict):
                    tokens |= post_tokens(record)
                    n_records += 1
    return tokens, n_records


def require_nltk():
    try:
        import nltk  # noqa: F401
        from nltk.corpus.reader.wordnet import WordNetCorpusReader  # noqa: F401
    except ImportError as e:
        sys.exit(
            f"error: {sys.executable} cannot import nltk ({e}); install Debian's python3-nltk "
            "(apt-get install python3-nltk) and run this script with /usr/bin/python3"
        )


def nltk_reader(wordnet_dir, scratch):
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    for name in os.listdir(wordnet_dir):
        if name != "lexnames":
            os.symlink(os.path.join(os.path.abspath(wordnet_dir), name), os.path.join(scratch, name))
    with open(os.path.join(scratch, "lexnames"), "w", encoding="ascii") as fp:
        for i, (name, category) in enumerate(LEXNAMES):
            fp.write(f"{i:02d}\t{name}\t{category}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        return WordNetCorpusReader(scratch, None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("qclass", help="path to the qclass executable")
    ap.add_argument("posts", nargs="+", help="JSONL files of posts (fields title, body)")
    ap.add_argument(
        "--wordnet-dir",
        default=os.environ.get("QC_WORDNET_DIR") or "/usr/share/wordnet",
        help="WordNet 3.0 dict folder (default: $QC_WORDNET_DIR, else /usr/share/wordnet)",
    )
    args = ap.parse_args()
    require_nltk()

    for name in ("index.noun", "index.verb", "noun.exc", "verb.exc", "data.adj"):
        if not os.path.isfile(os.path.join(args.wordnet_dir, name)):
            sys.exit(f"error: {args.wordnet_dir}/{name} is missing; install Debian's wordnet-base")

    tokens, n_records = collect_tokens(args.posts)
    words = sorted(tokens)
    print(f"{n_records} records, {len(words)} distinct tokens")

    with tempfile.TemporaryDirectory(prefix="qc_wordnet_") as scratch:
        wn = nltk_reader(args.wordnet_dir, scratch)
        import nltk
        from nltk.stem import WordNetLemmatizer

        # WordNetLemmatizer.lemmatize() is `min(wn._morphy(w, pos), key=len)`
        # or w on the module-level corpus; apply the same to this reader.
        def lemmatize(w, pos):
            lemmas = wn._morphy(w, pos)
            return min(lemmas, key=len) if lemmas else w

        # Guard against a future NLTK whose lemmatize() differs from the above.
        import inspect

        src = inspect.getsource(WordNetLemmatizer.lemmatize)
        if "min(lemmas, key=len) if lemmas else word" not in src:
            sys.exit(f"error: NLTK {nltk.__version__} WordNetLemmatizer.lemmatize changed; "
                     "update this oracle")

        expected = []
        for w in words:
            v = lemmatize(w, "v")
            n = lemmatize(w, "n")
            if v in ("prosses", "acsses"):
                vn = v
            else:
                nv = lemmatize(v, "n")
                vn = nv if nv != v and not v.endswith("ss") else v
            expected.append(f"{w}\t{v}\t{n}\t{vn}")

    proc = subprocess.run(
        [args.qclass, "lemma", "--wordnet-dir", args.wordnet_dir],
        input="".join(w + "\n" for w in words),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit(f"error: {args.qclass} lemma exited with status {proc.returncode}")
    got = proc.stdout.split("\n")
    if got and got[-1] == "":
        got.pop()

    diffs = []
    if len(got) != len(expected):
        diffs.append(f"qclass printed {len(got)} lines for {len(expected)} words")
    for e, g in zip(expected, got):
        if e != g:
            diffs.append(f"word {e.split(chr(9))[0]!r}: nltk {e!r} qclass {g!r}")

    compared = min(len(got), len(expected))
    print(f"NLTK {nltk.__version__}: compared {compared} distinct words "
          f"(verb, noun and vn lemmas), {len(diffs)} differences")
    for d in diffs[:MAX_SHOWN]:
        print("  " + d)
    if len(diffs) > MAX_SHOWN:
        print(f"  ... and {len(diffs) - MAX_SHOWN} more")
    if diffs:
        return 1
    if compared <= MIN_WORDS:
        print(f"error: only {compared} distinct words; need more than {MIN_WORDS}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
