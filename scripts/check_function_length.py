#!/usr/bin/env python3
"""Fails when a function body in host/ is longer than the limit (default 80 lines).

A heuristic, not a parser: a function starts at a line that opens a brace
after a closing parenthesis (or a constructor's initializer list) at
namespace or class level, and ends at its matching brace. String and
character literals and comments are blanked first. Tables of data (brace
initializers after '=') are not functions and are skipped.
  check_function_length.py [--max N] [--report M] DIR...
"""
import re
import sys
from pathlib import Path


def strip(text):
    # Blank comments, strings and chars, keeping line breaks.
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (j + 1 - i)); i = j + 1
        else:
            out.append(c); i += 1
    return "".join(out)


def functions(path):
    text = strip(path.read_text(errors="replace"))
    lines = text.split("\n")
    stack = []  # (kind, start line, name)
    found = []
    for ln, line in enumerate(lines, 1):
        for pos, ch in enumerate(line):
            if ch == "{":
                before = text_before(lines, ln, pos)
                kind = "block"
                enclosing = [k for k, _, _ in stack]
                if all(k in ("ns", "class") for k in enclosing):
                    if re.search(r"\b(namespace)\b[^;{}]*$", before):
                        kind = "ns"
                    elif re.search(r"\b(class|struct|union|enum)\b[^;{}()]*$", before):
                        kind = "class"
                    elif re.search(r"=\s*$", before):
                        kind = "table"
                    elif re.search(r"\)\s*(const|noexcept|override|final|->[^{;]*|\s)*$", before) or \
                            re.search(r"\)\s*:\s*[^;{}]*$", before) or re.search(r"\w\s*[({][^;]*[)}]\s*$", before):
                        kind = "fn"
                name = before.strip().split("\n")[-1][-70:] if kind == "fn" else ""
                stack.append((kind, ln, name))
            elif ch == "}" and stack:
                kind, start, name = stack.pop()
                if kind == "fn":
                    found.append((ln - start + 1, start, name))
    return found


def text_before(lines, ln, pos):
    # The statement text before a brace: this line up to it and a few lines above.
    prev = lines[max(0, ln - 6):ln - 1]
    return "\n".join(prev + [lines[ln - 1][:pos]])


def main(argv):
    limit, report, dirs = 80, 0, []
    it = iter(argv)
    for a in it:
        if a == "--max":
            limit = int(next(it))
        elif a == "--report":
            report = int(next(it))
        else:
            dirs.append(a)
    rows = []
    for d in dirs:
        for p in sorted(Path(d).rglob("*")):
            if p.suffix in (".cpp", ".hpp", ".cu", ".cuh"):
                rows += [(n, f"{p}:{s}", name) for n, s, name in functions(p)]
    rows.sort(reverse=True)
    for n, where, name in rows[:report]:
        print(f"{n:5d} {where}  {name.strip()}")
    long = [r for r in rows if r[0] > limit]
    for n, where, name in long:
        print(f"function of {n} lines (limit {limit}): {where}  {name.strip()}", file=sys.stderr)
    return 1 if long else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
