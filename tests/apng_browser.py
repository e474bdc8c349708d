#!/usr/bin/python3
"""apng_browser.py: does a browser play ganscope's animated PNG? Opens a page holding it in
headless Chromium (no network, a fresh profile), takes a screenshot early and another after
the animation has moved on, through the DevTools protocol on a pipe (Python's standard
library only), and writes both. Exit 0: both taken; 77: no chromium; 1: it failed.
Usage: apng_browser.py PAGE.html OUT_DIR FIRST_MS SECOND_MS"""
import base64, json, os, shutil, subprocess, sys, tempfile, time

page, out, t1, t2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
exe = shutil.which("chromium") or shutil.which("chromium-browser")
if not exe:
    print("no chromium: skipped")
    sys.exit(77)
profile = tempfile.mkdtemp(prefix="gs-chromium-")
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()


def child_fds():
    """Chromium reads commands on fd 3 and writes replies on fd 4."""
    r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)  # out of the way of 3 and 4
    os.dup2(r, 3)
    os.dup2(w, 4)
    for fd in (r, w, to_chrome_r, to_chrome_w, from_chrome_r, from_chrome_w):
        if fd > 4:
            os.close(fd)


args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--remote-debugging-pipe", "--window-size=400,400",
        "about:blank"]
proc = subprocess.Popen(args, preexec_fn=child_fds, close_fds=False,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_chrome_r)
os.close(from_chrome_w)
writer = os.fdopen(to_chrome_w, "wb")
reader = os.fdopen(from_chrome_r, "rb")
buf = b""
next_id = 0


def call(method, params=None, session=None):
    """Sends one command and returns its result (events in between are skipped)."""
    global buf, next_id
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params or {}}
    if session:
        msg["sessionId"] = session
    writer.write(json.dumps(msg).encode() + b"\0")
    writer.flush()
    while True:
        while b"\0" not in buf:
            chunk = reader.read1(1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            buf += chunk
        raw, buf = buf.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise RuntimeError(method + ": " + str(reply["error"]))
            return reply["result"]


status = 1
try:
    target = call("Target.createTarget", {"url": "file://" + os.path.abspath(page)})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    start = time.monotonic()
    for name, at in (("first", t1), ("second", t2)):
        time.sleep(max(0.0, start + at / 1000.0 - time.monotonic()))
        shot = call("Page.captureScreenshot", {"format": "png"}, session)["data"]
        with open(os.path.join(out, name + ".png"), "wb") as f:
            f.write(base64.b64decode(shot))
    status = 0
except Exception as e:  # one line, as every ganscope test reports
    print("apng_browser: " + str(e))
finally:
    try:
        call("Browser.close")
    except Exception:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(profile, ignore_errors=True)
sys.exit(status)
