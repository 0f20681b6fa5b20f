#!/usr/bin/python3
"""A real Syncthing conflict copy of a notes file, merged by Record Reader (issue 29, for
.ci/run): two Syncthing instances on loopback share one notes folder; each adds a note to the
same record while the other is stopped; started again, Syncthing leaves a
`.sync-conflict-…` copy; `record-reader notes merge-conflicts` merges it note by note and
removes it, and both notes are in the notes file, which Syncthing then carries to the other.

usage: .ci/syncthing-conflict.py BIN OUT_DIR      (needs the syncthing package)
Exits 1 with what failed.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

BIN, OUT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
PORTS = {"a": (22101, 28101), "b": (22102, 28102)}  # sync, GUI (loopback only)
procs = {}


def fail(why):
    for p in procs.values():
        p.terminate()
    for who in PORTS:
        log = os.path.join(OUT, who, "syncthing.log")
        if os.path.exists(log):
            print(f"--- {log} (end)")
            print(open(log, encoding="utf-8", errors="replace").read()[-3000:])
    sys.exit(f"FAIL: {why}")


def run(*cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"{' '.join(cmd)}: {out.stderr.strip()}")
    return out.stdout


def home(who):
    return os.path.join(OUT, who, "home")


def notes(who):
    return os.path.join(OUT, who, "notes")


def generate(who):
    run("syncthing", "generate", f"--home={home(who)}", "--no-default-folder", "--skip-port-probing")
    tree = ET.parse(os.path.join(home(who), "config.xml"))
    return tree.getroot().find("device").get("id")


def configure(who, me, other, other_id):
    path = os.path.join(home(who), "config.xml")
    tree = ET.parse(path)
    root = tree.getroot()
    sync_port, gui_port = PORTS[who]
    root.find("gui").find("address").text = f"127.0.0.1:{gui_port}"
    opts = root.find("options")
    values = {
        "listenAddress": f"tcp://127.0.0.1:{sync_port}",
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "startBrowser": "false",
        "urAccepted": "-1",
        "crashReportingEnabled": "false",
        "autoUpgradeIntervalH": "0",
        "reconnectionIntervalS": "1",
    }
    for key, value in values.items():
        node = opts.find(key)
        if node is None:
            node = ET.SubElement(opts, key)
        node.text = value
    device = ET.SubElement(root, "device", id=other_id, name=other, compression="metadata", introducer="false")
    ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{PORTS[other][0]}"
    folder = ET.Element("folder", id="notes", label="notes", path=notes(who), type="sendreceive",
                        rescanIntervalS="2", fsWatcherEnabled="false", ignorePerms="false")
    ET.SubElement(folder, "device", id=me)
    ET.SubElement(folder, "device", id=other_id)
    # Missing, it reads as 0: no conflict copies, the older change silently replaced.
    ET.SubElement(folder, "maxConflicts").text = "10"
    root.insert(0, folder)
    tree.write(path)


def start(who):
    log = open(os.path.join(OUT, who, "syncthing.log"), "a")
    env = dict(os.environ, STNORESTART="1", STNOUPGRADE="1", STGUIADDRESS="")
    procs[who] = subprocess.Popen(["syncthing", "serve", f"--home={home(who)}", "--no-browser", "--no-restart"],
                                  stdout=log, stderr=log, env=env)


def stop(who):
    procs[who].terminate()
    procs[who].wait(timeout=30)
    del procs[who]


def add_note(who, body):
    run(BIN, "notes", "add", "--entry", "1.1", "--body", body, "--notes-dir", notes(who))


def notes_file(who):
    files = [f for f in glob.glob(os.path.join(notes(who), "*.notes.ron")) if "sync-conflict" not in f]
    return files[0] if files else None


def wait(what, done, seconds=60):
    t0 = time.time()
    while time.time() - t0 < seconds:
        if done():
            return
        time.sleep(0.5)
    fail(f"{what} did not happen in {seconds} s")


def holds(who, *bodies):
    f = notes_file(who)
    if not f:
        return False
    text = open(f, encoding="utf-8").read()
    return all(b in text for b in bodies)


def main():
    t0 = time.time()
    shutil.rmtree(OUT, ignore_errors=True)
    for who in PORTS:
        os.makedirs(notes(who))
    ids = {who: generate(who) for who in PORTS}
    configure("a", ids["a"], "b", ids["b"])
    configure("b", ids["b"], "a", ids["a"])
    # A note written on A reaches B.
    add_note("a", "first, from A")
    start("a")
    start("b")
    wait("the first note to reach B", lambda: holds("b", "first, from A"), 90)
    # Each adds a note while the other is away.
    stop("b")
    add_note("a", "written on A while B was away")
    add_note("b", "written on B while A could not hear")
    start("b")
    conflicts = lambda: glob.glob(os.path.join(OUT, "*", "notes", "*sync-conflict*"))  # noqa: E731
    wait("Syncthing to leave a conflict copy", lambda: bool(conflicts()), 90)
    copy = conflicts()[0]
    who = copy.split(os.sep)[-3]
    print(f"conflict copy: {os.path.relpath(copy, OUT)}")
    if not re.search(r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}\.ron$", copy):
        fail(f"an unexpected name: {copy}")
    # Merged by the command line, note by note, and removed.
    out = subprocess.run([BIN, "notes", "merge-conflicts", "--notes-dir", notes(who)], capture_output=True, text=True)
    print(out.stdout.strip(), out.stderr.strip())
    if out.returncode != 0:
        fail(f"merge-conflicts exited {out.returncode}")
    if os.path.exists(copy):
        fail("the conflict copy is still there")
    both = ("written on A while B was away", "written on B while A could not hear", "first, from A")
    if not holds(who, *both):
        fail("the merged notes file lacks a note")
    # Syncthing carries the merged file to the other side.
    other = "b" if who == "a" else "a"
    wait("the merged notes to reach the other side", lambda: holds(other, *both), 90)
    for p in list(procs):
        stop(p)
    print(f"a real Syncthing conflict copy merged and removed; both sides hold both notes ({time.time() - t0:.0f} s)")


main()
