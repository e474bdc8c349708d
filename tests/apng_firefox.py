#!/usr/bin/python3
"""apng_firefox.py: does Firefox play ganscope's animated PNG? Opens a page holding it in
headless Firefox (a fresh profile, no network) and takes a screenshot early and another
after the animation has moved on, through Firefox's Marionette protocol on a local TCP port
Firefox picks itself (Python's standard library only), and writes both. Exit 0: both taken;
77: no Firefox; 1: it failed. Usage: apng_firefox.py PAGE.html OUT_DIR FIRST_MS SECOND_MS"""
import base64, json, os, shutil, socket, subprocess, sys, tempfile, time

page, out, t1, t2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
exe = shutil.which("firefox-esr") or shutil.which("firefox")
if not exe:
    print("no firefox: skipped")
    sys.exit(77)
profile = tempfile.mkdtemp(prefix="gs-firefox-")
with open(os.path.join(profile, "user.js"), "w") as f:
    for pref, value in (("marionette.port", 0),  # a free port, written to MarionetteActivePort
                        ("browser.shell.checkDefaultBrowser", False),
                        ("datareporting.policy.dataSubmissionEnabled", False),
                        ("toolkit.telemetry.reportingpolicy.firstRun", False),
                        ("app.update.disabledForTesting", True),
                        ("network.proxy.type", 0)):
        f.write("user_pref(%s, %s);\n" % (json.dumps(pref), json.dumps(value)))
proc = subprocess.Popen([exe, "--headless", "--marionette", "--no-remote", "-profile", profile,
                         "--window-size=400,400"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
sock, buf, next_id = None, b"", 0


def read_message():
    """One Marionette message: its length in decimal, a colon, then that much JSON."""
    global buf
    while True:
        if b":" in buf:
            n, rest = buf.split(b":", 1)
            if len(rest) >= int(n):
                buf = rest[int(n):]
                return json.loads(rest[:int(n)])
        chunk = sock.recv(1 << 20)
        if not chunk:
            raise RuntimeError("firefox closed the connection")
        buf += chunk


def call(command, params=None):
    """Sends one command and returns its result: [0, id, name, params] -> [1, id, error, result]."""
    global next_id
    next_id += 1
    body = json.dumps([0, next_id, command, params or {}]).encode()
    sock.sendall(str(len(body)).encode() + b":" + body)
    while True:
        reply = read_message()
        if isinstance(reply, list) and reply[0] == 1 and reply[1] == next_id:
            if reply[2]:
                raise RuntimeError(command + ": " + str(reply[2]))
            return reply[3]


status = 1
try:
    port_file = os.path.join(profile, "MarionetteActivePort")
    for _ in range(600):  # Firefox's first start in a fresh profile: seconds
        if os.path.exists(port_file) and open(port_file).read().strip():
            break
        time.sleep(0.1)
    else:
        raise RuntimeError("firefox did not open its Marionette port")
    sock = socket.create_connection(("127.0.0.1", int(open(port_file).read().strip())), timeout=60)
    read_message()  # the greeting
    call("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": True}}})
    call("WebDriver:Navigate", {"url": "file://" + os.path.abspath(page)})  # returns once loaded
    start = time.monotonic()
    for name, at in (("first", t1), ("second", t2)):
        time.sleep(max(0.0, start + at / 1000.0 - time.monotonic()))
        shot = call("WebDriver:TakeScreenshot", {"full": False})["value"]
        with open(os.path.join(out, name + ".png"), "wb") as f:
            f.write(base64.b64decode(shot))
    status = 0
except Exception as e:  # one line, as every ganscope test reports
    print("apng_firefox: " + str(e))
finally:
    try:
        call("Marionette:Quit")
    except Exception:
        pass
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(profile, ignore_errors=True)
sys.exit(status)
