#!/usr/bin/python3
"""The daily loop in the real window, driven as a reader drives it, each effect checked where
it lands (for .ci/run): the notes file on disk, the clipboard (xclip), the screen (AT-SPI
positions, screenshots), the window's title.

Open a record with Ctrl+O and a typed path; drag from inside one word to inside another and
highlight it (the quote saved starts and ends on word boundaries); N, a body, Tab, two tags
with Enter between, Esc (the file holds them); Copy with citation (the clipboard holds the
passage and a citation naming the title and the address); Ctrl+C on a selection; ] three
times (the third section's header is in the top quarter); Ctrl+Plus twice and Ctrl+0 (the
same entry at the top); Ctrl+Q and a relaunch with no file (the same record, at the same
entry).

usage (inside dbus-run-session and xvfb-run, a screen of 1280x1000, from the repository):
    .ci/drive-daily-loop.py OUT_DIR
Needs xdotool, xclip, imagemagick, python3-gi with Atspi. Exits 1 with what failed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import window  # noqa: E402
from a11y_tree import Atspi, app_node, nodes  # noqa: E402

OUT = os.path.abspath(sys.argv[1])
BIN = os.path.abspath("target/debug/record-reader")
NOTES = os.path.join(OUT, "notes")
SIZE = (1100, 900)
URL = "https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html"
# The copy's own title (its details file), told apart from the built-in record's.
TITLE = "Promoting Democracy and Human Rights (archived copy)"
os.makedirs(NOTES, exist_ok=True)
os.environ["RECORD_READER_NOTES_DIR"] = NOTES
os.environ.setdefault("XDG_RUNTIME_DIR", os.path.join(OUT, "runtime"))
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
shot_count = 0


def fail(why):
    shot("failure")
    sys.exit(f"FAIL: {why}")


def run(*cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True, text=True).stdout


def shot(name):
    global shot_count
    shot_count += 1
    path = os.path.join(OUT, f"{shot_count:02d}-{name}.png")
    subprocess.run(["import", "-window", "root", path], check=False)
    return path


def key(*keys):
    run("xdotool", "key", "--clearmodifiers", *keys)
    time.sleep(0.6)


def type_text(text):
    run("xdotool", "type", "--delay", "30", text)
    time.sleep(0.5)


def clipboard():
    return run("xclip", "-o", "-selection", "clipboard", check=False)


def launch(*args):
    try:
        proc, win = window.start([BIN, "--size", f"{SIZE[0]}x{SIZE[1]}", *args], os.path.join(OUT, "app.log"))
    except window.NoWindow as e:
        fail(str(e))
    time.sleep(3)
    run("xdotool", "windowfocus", "--sync", win)
    return proc, win


def title(win):
    return run("xdotool", "getwindowname", win).strip()


def tree():
    time.sleep(0.8)
    return nodes(app_node())


def extents(node):
    e = Atspi.Component.get_extents(node, Atspi.CoordType.SCREEN)
    return e.x, e.y, e.width, e.height


def find(role, name_part, found=None):
    for _, r, n, node in found or tree():
        if r == role and name_part in n:
            return node
    return None


def click_node(node):
    x, y, w, h = extents(node)
    run("xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1")
    time.sleep(0.8)


def drag(a, b):
    run("xdotool", "mousemove", str(a[0]), str(a[1]), "mousedown", "1")
    time.sleep(0.2)
    for k in range(1, 6):
        x = a[0] + (b[0] - a[0]) * k // 5
        y = a[1] + (b[1] - a[1]) * k // 5
        run("xdotool", "mousemove", str(x), str(y))
        time.sleep(0.1)
    run("xdotool", "mouseup", "1")
    time.sleep(1.0)


def inspect(path):
    return json.loads(run(BIN, "inspect", "--json", path))


def entries(doc):
    return [(e["number"], e["text"]) for s in doc["sections"] for e in s["entries"]]


def notes_file(doc_id):
    path = os.path.join(NOTES, f"{doc_id}.notes.ron")
    for _ in range(20):
        if os.path.exists(path):
            break
        time.sleep(0.5)
    time.sleep(1.0)  # the autosave's pause
    with open(path, encoding="utf-8") as f:
        return f.read()


def on_word_edges(text, quote):
    at = text.find(quote)
    if at < 0 or not quote:
        return False
    before = text[at - 1] if at > 0 else " "
    after = text[at + len(quote)] if at + len(quote) < len(text) else " "
    return not before.isalnum() and not after.isalnum() and quote[0].isalnum() and quote[-1].isalnum()


def entry_nodes(found, doc):
    """(number, node, y) of the entries laid out, top to bottom."""
    by_text = {t[:60]: n for n, t in entries(doc)}
    out = []
    for _, role, name, node in found:
        if role == "label" and name[:60] in by_text:
            out.append((by_text[name[:60]], node, extents(node)[1]))
    return sorted(out, key=lambda e: e[2])


def top_entry(win, doc):
    """The entry the reader is at: the first whose text starts in the window, below its bars."""
    top = window_y(win)
    laid_out = entry_nodes(tree(), doc)
    visible = [(n, y) for n, _, y in laid_out if y >= top + 40]
    if not visible:
        fail(f"no entry in view: {laid_out}")
    return visible[0]


def window_y(win):
    geometry = dict(line.split("=") for line in run("xdotool", "getwindowgeometry", "--shell", win).split())
    return int(geometry["Y"])


def main():
    # A screen reader's switch: with it off, the app has no accessibility tree to read.
    run("gdbus", "call", "--session", "--dest", "org.a11y.Bus", "--object-path", "/org/a11y/bus", "--method",
        "org.freedesktop.DBus.Properties.Set", "org.a11y.Status", "IsEnabled", "<true>")
    record = os.path.join(OUT, "nsc-25.txt")
    shutil.copy("assets/documents/promoting-democracy-and-human-rights.txt", record)
    with open(record + ".record.ron", "w") as f:
        f.write(f'(title: Some("{TITLE}"), url: Some("{URL}"))\n')
    doc = inspect(record)
    proc, win = launch()
    before = title(win)

    # 1. Ctrl+O and a typed path.
    key("ctrl+o")
    time.sleep(1.0)
    type_text(record)
    key("Return")
    for _ in range(20):
        if title(win) != before:
            break
        time.sleep(0.5)
    print(f"title: {before!r} → {title(win)!r}")
    if TITLE not in title(win):
        fail(f"Ctrl+O and a typed path did not open the record: the window is {title(win)!r}")
    shot("opened")
    found = tree()

    # 2. A drag from inside a word to inside another, then a highlight.
    laid_out = entry_nodes(found, doc)
    number, node, _ = laid_out[0]
    text = dict(entries(doc))[number]
    x, y, w, h = extents(node)
    drag((x + 23, y + 10), (x + int(w * 0.55), y + 10))
    shot("dragged")
    swatch = find("push button", "Highlight in")
    if swatch is None:
        fail("no selection toolbar after a drag")
    click_node(swatch)
    saved = notes_file(doc["doc_id"])
    quotes = re.findall(r'exact: "((?:[^"\\]|\\.)*)"', saved)
    if not quotes:
        fail(f"the notes file holds no highlight:\n{saved}")
    quote = quotes[0].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
    print(f"highlight saved: {quote!r}")
    if not on_word_edges(text, quote):
        fail(f"the quote does not start and end on word boundaries: {quote!r} in {text[:120]!r}")

    # 3. N, a body, Tab, two tags with Enter between, Esc: no click.
    key("Down", "Down")
    key("n")
    type_text("Compare the 1998 report")
    key("Tab")
    type_text("asylum")
    key("Return")
    type_text("labor")
    key("Return")
    key("Escape")
    shot("note")
    saved = notes_file(doc["doc_id"])
    if "Compare the 1998 report" not in saved:
        fail(f"the note's body is not in the notes file:\n{saved}")
    if not re.search(r'tags: \[\s*"asylum",\s*"labor",?\s*\]', saved):
        fail(f"the two tags are not in the notes file:\n{saved}")
    print("note saved with its body and both tags")

    # 4. Copy with citation.
    found = tree()
    number, node, _ = entry_nodes(found, doc)[1]
    text = dict(entries(doc))[number]
    x, y, w, h = extents(node)
    drag((x + 5, y + 10), (x + int(w * 0.5), y + 10))
    button = find("push button", "Copy with citation")
    if button is None:
        fail("no Copy with citation after a drag")
    click_node(button)
    cited = clipboard()
    print(f"clipboard after Copy with citation: {cited!r}")
    passage = cited.split("\n")[0].strip("“”")
    if not passage or passage not in text:
        fail(f"the clipboard does not start with the passage: {cited!r}")
    for part in (TITLE, URL):
        if part.lower() not in cited.lower():  # (Chicago sets titles in title case)
            fail(f"the citation does not name {part!r}: {cited!r}")

    # 5. Ctrl+C on a selection.
    drag((x + 5, y + 10), (x + int(w * 0.3), y + 10))
    key("ctrl+c")
    copied = clipboard()
    print(f"clipboard after Ctrl+C: {copied!r}")
    if not copied or copied not in text or not on_word_edges(text, copied):
        fail(f"Ctrl+C did not copy the selection: {copied!r}")

    # 6. ] three times: the third section's header at the top.
    key("Escape")
    key("Home")
    for _ in range(3):
        key("bracketright")
    shot("third-section")
    third = doc["sections"][2]["title"]
    header = find("heading", third)
    if header is None:
        fail(f"the third section's header ({third}) is not laid out")
    top = window_y(win)
    hy = extents(header)[1] - top
    print(f"third section's header at y={hy} of {SIZE[1]}")
    if hy > SIZE[1] / 4:
        fail(f"the third section's header is at {hy}, below the top quarter")

    # 7. Ctrl+Plus twice, then Ctrl+0: the same entry at the top.
    key("Down")
    start, _ = top_entry(win, doc)
    key("ctrl+plus")
    key("ctrl+plus")
    shot("larger")
    key("ctrl+0")
    after, _ = top_entry(win, doc)
    print(f"entry at the top: {start} before zooming, {after} after")
    if after != start:
        fail(f"zooming moved the reader from entry {start} to {after}")

    # 8. Quit, relaunch with no file: the same record, at the same entry.
    shot("before-quit")
    key("ctrl+q")
    proc.wait(timeout=20)
    if proc.returncode != 0:
        fail(f"the window exited with {proc.returncode}")
    proc, win = launch()
    shot("relaunched")
    if TITLE not in title(win):
        fail(f"relaunched on {title(win)!r}, not on the record file")
    again, _ = top_entry(win, doc)
    print(f"relaunched: {title(win)!r}, entry {again} at the top")
    if again != after:
        fail(f"relaunched at entry {again}, not {after}")
    proc.terminate()
    proc.wait(timeout=20)
    print("the daily loop holds in the real window")


main()
