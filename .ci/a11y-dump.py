#!/usr/bin/python3
"""Writes Record Reader's AT-SPI tree, as a screen reader (Orca) reads it, one node a line
("role 'name'", indented by depth), to the file given. Run inside the app's D-Bus session
with accessibility on (see .ci/run). Exits 1 if the app never shows up."""
import sys
import time
import warnings

import gi

warnings.simplefilter("ignore", DeprecationWarning)
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402


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


def lines(node, depth=0):
    try:
        yield f"{'  ' * depth}{node.get_role_name()} {node.get_name() or ''!r}"
        count = node.get_child_count()
    except gi.repository.GLib.GError:
        return  # a node that went away while being read
    if depth > 40:
        return
    for i in range(count):
        child = node.get_child_at_index(i)
        if child is not None:
            yield from lines(child, depth + 1)


app = app_node()
time.sleep(1.0)
with open(sys.argv[1], "w") as f:
    f.write("\n".join(lines(app)) + "\n")
