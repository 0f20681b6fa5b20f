#!/usr/bin/env python3
"""A real client reads the citations: the corpus's whole pages (Markdown copies and saved
pages with their <html>, not the text excerpts or the HTML fragments that hold no address)
are added to a library, a note is put on each, the library's CSL-JSON is exported with the
command line, and pandoc's citeproc renders it. Every reference must carry its title,
publisher, date and web address, both in the CSL-JSON and in what pandoc prints.

usage: cite-corpus.py BIN CORPUS_DIR OUT_DIR
"""
import json
import os
import re
import subprocess
import sys


def run(*args, **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def whole(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        head = f.read(4096)
    if path.endswith(".md"):
        return True
    return path.endswith(".html") and "<html" in head.lower()


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, corpus, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ, RECORD_READER_LIBRARY_DIR=f"{out}/library", RECORD_READER_NOTES_DIR=f"{out}/notes")
    names = [n for n in json.load(open(os.path.join(corpus, "expect.json"), encoding="utf-8")) if not n.startswith("_")]
    pages = sorted(os.path.join(corpus, n) for n in names if whole(os.path.join(corpus, n)))
    if len(pages) < 15:
        sys.exit(f"FAIL: only {len(pages)} whole pages in {corpus}")
    for page in pages:
        run(binary, "notes", "add", page, "--entry", "1.1", "--body", "Cited.", env=env)
    run(binary, "library", "add", corpus, env=env)
    refs = f"{out}/refs.json"
    run(binary, "library", "export", "--format", "csl-json", "--output", refs, env=env)
    items = json.load(open(refs, encoding="utf-8"))
    failed = []
    if len(items) != len(pages):
        failed.append(f"{len(items)} references for {len(pages)} pages")
    for it in items:
        missing = [k for k in ("title", "publisher", "issued", "URL") if not it.get(k)]
        if missing:
            failed.append(f"{it.get('title', it.get('id'))!r} lacks {', '.join(missing)}")
    # pandoc's citeproc, Chicago author-date (its default style), as plain text.
    md = f"{out}/cite.md"
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\nnocite: '@*'\n---\n\n# References\n")
    rendered = run("pandoc", md, "--citeproc", "--bibliography", refs, "-t", "plain", "--wrap=none")
    with open(f"{out}/references.txt", "w", encoding="utf-8") as f:
        f.write(rendered)
    flat = " ".join(rendered.split())
    for it in items:
        title_words = " ".join(it["title"].split()[:4])
        url = it.get("URL", "")
        year = str(it.get("issued", {}).get("date-parts", [[None]])[0][0])
        title = " ".join(it["title"].split())
        ref = next((r for r in rendered.split("\n\n") if title in " ".join(r.split())), None)
        if ref is None:
            failed.append(f"pandoc printed no reference titled {title_words!r}…")
            continue
        ref = " ".join(ref.split())
        for what, want in (("publisher", it.get("publisher", "")), ("year", year), ("address", url)):
            if not want or want not in ref:
                failed.append(f"pandoc's reference {title_words!r}… lacks its {what} {want!r}")
    print(rendered)
    if failed:
        print("\n".join(f"FAIL: {f}" for f in failed))
        return 1
    print(f"all {len(items)} references of the corpus's whole pages carry title, publisher, date and address")
    return 0


if __name__ == "__main__":
    sys.exit(main())
