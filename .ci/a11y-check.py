#!/usr/bin/python3
"""Reads Record Reader's AT-SPI tree as a screen reader (Orca) does, and checks it.

Run inside the app's D-Bus session with accessibility on (see .ci/run). Checks that:
- the window (frame) has a name;
- the record's title and its sections are headings;
- the quote is a block quote;
- the Find box is named "Find in document", and keeps that name after text is typed.
Exits 1 with what is wrong, 0 when all hold. Writes the tree to the file given.
"""
import sys
import time
import warnings

import gi

warnings.simplefilter("ignore", DeprecationWarning)
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else "/dev/null"


def app_node(wait=40.0):
    t0 = time.time()
    while time.time() - t0 < wait:
        desk = Atspi.get_desktop(0)
        for i in range(desk.get_child_count()):
            a = desk.get_child_at_index(i)
            if a is not None and "record" in (a.get_name() or "").lower() and a.get_child_count() > 0:
                return a
        time.sleep(0.5)
    sys.exit("FAIL: record-reader did not appear on the accessibility bus")


def walk(node, depth=0):
    yield depth, node
    if depth > 14:
        return
    for i in range(node.get_child_count()):
        c = node.get_child_at_index(i)
        if c is not None:
            yield from walk(c, depth + 1)


def nodes(app):
    out = []
    for depth, n in walk(app):
        try:
            out.append((depth, n.get_role_name(), n.get_name() or "", n))
        except gi.repository.GLib.GError:
            continue  # a node that went away while being read
    return out


def dump(found, path):
    with open(path, "w") as f:
        for depth, role, name, _ in found:
            f.write(f"{'  ' * depth}{role} {name!r}\n")


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
