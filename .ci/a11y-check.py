#!/usr/bin/python3
"""Reads Record Reader's AT-SPI tree as a screen reader (Orca) does, and checks it.

Run inside the app's D-Bus session with accessibility on (see .ci/run). Checks that:
- the window (frame) has a name;
- the record's title and its sections are headings;
- the quote is a block quote;
- the Find box is named "Find in document", and keeps that name after text is typed.
Exits 1 with what is wrong, 0 when all hold. Writes the tree to the file given.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from a11y_tree import Atspi, app_node, dump, nodes  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else "/dev/null"


app = app_node()
time.sleep(1.0)
found = nodes(app)
dump(found, OUT)
problems = []
frames = [name for _, role, name, _ in found if role == "frame"]
if not frames or not frames[0].strip():
    problems.append(f"the window has no name: {frames}")
headings = [name for _, role, name, _ in found if role == "heading"]
if len(headings) < 2 or not all(h.strip() for h in headings):
    problems.append(f"expected the title and the sections as named headings, found {headings}")
if not any(role == "block quote" for _, role, _, _ in found):
    problems.append("the quote is not a block quote")
boxes = [n for _, role, name, n in found if role == "entry" and name == "Find in document"]
if not boxes:
    problems.append("no text box named 'Find in document'")
else:
    Atspi.EditableText.set_text_contents(boxes[0], "Cuba")
    time.sleep(1.5)
    after = nodes(app)
    dump(after, OUT + ".after")
    typed = [name for _, role, name, n in after if role == "entry" and name == "Find in document"]
    if not typed:
        entries = [name for _, role, name, _ in after if role == "entry"]
        problems.append(f"after typing, the Find box lost its name: entries are {entries}")
    if not any("of" in name and role == "label" and name.split()[0].isdigit() for _, role, name, _ in after):
        problems.append("after typing, no 'n of m' count of matches is shown")
for p in problems:
    print("FAIL:", p)
if problems:
    sys.exit(1)
print(f"a11y: window {frames[0]!r}, {len(headings)} headings, a block quote, the Find box named before and after typing")
