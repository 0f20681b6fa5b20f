#!/usr/bin/python3
"""Record Reader's AT-SPI tree, as a screen reader (Orca) reads it.

As a program: writes the tree, one node a line ("role 'name'", indented by depth), to the
file given. As a module (.ci/a11y-check.py): `app_node()` and `nodes(app)`. Run inside the
app's D-Bus session with accessibility on (see .ci/run). Exits 1 if the app never shows up.
"""
import sys
import time
import warnings

import gi

warnings.simplefilter("ignore", DeprecationWarning)
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

GError = gi.repository.GLib.GError


def app_node(wait=40.0):
    """The running record-reader's application node, once it has children."""
    t0 = time.time()
    while time.time() - t0 < wait:
        desk = Atspi.get_desktop(0)
        for i in range(desk.get_child_count()):
            a = desk.get_child_at_index(i)
            if a is not None and "record" in (a.get_name() or "").lower() and a.get_child_count() > 0:
                return a
        time.sleep(0.5)
    sys.exit("FAIL: record-reader did not appear on the accessibility bus")


def nodes(node, depth=0):
    """(depth, role, name, node) of `node` and everything under it, depth first; a node that
    goes away while being read is left out."""
    try:
        found = [(depth, node.get_role_name(), node.get_name() or "", node)]
        count = node.get_child_count()
    except GError:
        return []
    if depth > 40:
        return found
    for i in range(count):
        child = node.get_child_at_index(i)
        if child is not None:
            found.extend(nodes(child, depth + 1))
    return found


def dump(found, path):
    with open(path, "w") as f:
        for depth, role, name, _ in found:
            f.write(f"{'  ' * depth}{role} {name!r}\n")


if __name__ == "__main__":
    app = app_node()
    time.sleep(1.0)
    dump(nodes(app), sys.argv[1])
