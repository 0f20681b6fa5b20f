"""Starting Record Reader's window under Xvfb for the drive scripts (.ci/drive-*.py)."""
import os
import subprocess
import time


class NoWindow(Exception):
    """The window did not appear; the message says why."""


def _xdotool(*args):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True)


def start(cmd, log_path):
    """Starts `cmd` (the app and its arguments), its output appended to `log_path`, and waits
    up to two minutes for its window (a debug build's first frame on a loaded machine, with
    software GL). Returns (process, window id). The X server is asked first; an app that exits
    at once unable to reach it ("Failed to open connection to X server", seen before Xvfb ran
    with -noreset) is started again, said on stdout, up to three times."""
    for attempt in range(3):
        for _ in range(20):
            if _xdotool("getdisplaygeometry").returncode == 0:
                break
            time.sleep(0.5)
        with open(log_path, "a") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=log)
        for _ in range(240):
            win = _xdotool("search", "--name", "^Record Reader").stdout.split("\n")[0].strip()
            if win:
                return proc, win
            if proc.poll() is not None:
                break
            time.sleep(0.5)
        said = open(log_path, encoding="utf-8", errors="replace").read() if os.path.exists(log_path) else ""
        if proc.poll() is None or "connection to X server" not in said:
            state = "runs" if proc.poll() is None else "exited"
            raise NoWindow(f"the window never appeared (the app {state}; see {log_path})")
        print(f"the app could not reach the X server (attempt {attempt + 1}); starting it again")
        time.sleep(2)
    raise NoWindow(f"the app could not reach the X server three times; see {log_path}")
