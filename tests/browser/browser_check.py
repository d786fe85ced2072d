#!/usr/bin/env python3
"""Opens HTML reports in headless Chromium and checks them as a reader sees them.

For every page and every window width (1280 and 400 px by default) the page is
opened from a file:// URL, the browser console must hold no error, and
page_checks.js must find no problem: no sideways scrolling, every SVG picture
visible, inside the viewport and labelled for screen readers, every SVG image
loaded, no script ran (window.__tn_pwned, set by the hostile inputs' payloads,
is undefined, and no alert/confirm/prompt dialog opened). A full-page
screenshot <page-stem>.<width>.png goes to --artifacts.

    browser_check.py [--artifacts DIR] [--widths 1280,400] PAGE.html...
    browser_check.py --generate NAME --tracenote BIN --artifacts DIR -- INPUT... [REPORT OPTIONS]

The second form first writes DIR/NAME.<lang>.html with `tracenote report
INPUT... --lang <lang> --format html` for each of --langs (en,ru), then checks
those pages. With --expect-fail REGEX (repeatable) the run is a test of the
checker itself: it passes only when every REGEX matches some reported failure.

Exit status: 0 all fine, 1 a check failed (or the browser misbehaved), 77 when
chromium or chromedriver is not installed (ctest counts that as skipped).
Standard library only: the WebDriver client is the few HTTP calls it needs.
"""

import argparse
import base64
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

EXIT_OK, EXIT_FAILED, EXIT_SKIP = 0, 1, 77
HTTP_TIMEOUT_S = 60  # no single WebDriver call may take longer
MAX_SCREENSHOT_HEIGHT = 16000
MAX_DIALOGS = 5  # JavaScript dialogs one page may open before it is given up
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic", "--disable-dev-shm-usage",
]
CHECK_SCRIPT = (pathlib.Path(__file__).resolve().parent / "page_checks.js").read_text()


class WebDriverError(Exception):
    """A WebDriver call failed: an HTTP error, a timeout, or an error reply."""


class ChromeDriver:
    """Owns one chromedriver process on a free local port.

    start() returns once the driver answers /status; stop() ends the driver and
    every browser it started (they share its process group), and is safe to
    call more than once or after a failed start.
    """

    def __init__(self, executable, work_dir):
        self.executable = executable
        self.log_path = os.path.join(work_dir, "chromedriver.log")
        # The browser's home: crash reports, caches and certificate stores go
        # to the temporary work directory, never to the user's home.
        self.env = dict(os.environ, HOME=work_dir, XDG_CONFIG_HOME=work_dir,
                        XDG_CACHE_HOME=work_dir)
        self.process = None
        self.url = None

    def start(self):
        for _ in range(3):  # another process may grab the port between probe and bind
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    [self.executable, f"--port={port}", "--allowed-ips=127.0.0.1"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=self.env,
                    start_new_session=True)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    if request(self.url, "GET", "/status", timeout=2).get("ready"):
                        return
                except WebDriverError:
                    pass
                time.sleep(0.1)
            self.stop()
        raise WebDriverError("chromedriver did not start: " + tail(self.log_path))

    def stop(self):
        if self.process is None:
            return
        for sig, wait_s in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait_s)
                break
            except subprocess.TimeoutExpired:
                continue
        self.process = None


class Session:
    """One headless Chromium window of a fixed width, driven over WebDriver.

    The context manager quits the browser on exit, also after an error.
    """

    def __init__(self, driver_url, chromium, profile_dir, width):
        capabilities = {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": {"pageLoad": 30000, "script": 30000},
            "goog:loggingPrefs": {"browser": "ALL"},
            # A JavaScript dialog is dismissed, and the next command fails
            # with "unexpected alert open" (see call_noting_dialogs).
            "unhandledPromptBehavior": "dismiss and notify",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": CHROMIUM_ARGS + [f"--user-data-dir={profile_dir}",
                                         f"--window-size={width},900"],
            },
        }
        reply = request(driver_url, "POST", "/session",
                        {"capabilities": {"alwaysMatch": capabilities}})
        self.url = f"{driver_url}/session/{reply['sessionId']}"
        self.width = width
        # Headless Chromium keeps windows at least 500 px wide when started and
        # reports outerWidth unreliably: the window is sized over WebDriver and
        # corrected until innerWidth is the width under test.
        self.window_width = width
        self.log_route = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            request(self.url, "DELETE", "", timeout=15)
        except WebDriverError as error:
            print(f"warning: could not quit the browser: {error}", file=sys.stderr)

    def call(self, method, path, body=None):
        return request(self.url, method, path, body)

    def console_entries(self):
        """Returns and clears the browser console log (chromedriver extension)."""
        routes = [self.log_route] if self.log_route else [("POST", "/se/log"), ("POST", "/log")]
        last_error = None
        for method, path in routes:
            try:
                entries = self.call(method, path, {"type": "browser"})
                self.log_route = (method, path)
                return entries
            except WebDriverError as error:
                last_error = error
        raise WebDriverError(f"cannot read the browser console: {last_error}")

    def call_noting_dialogs(self, method, path, body, label, failures):
        """A call during which the page may open alert/confirm/prompt dialogs:
        each one is a failure (a script ran), and the call is made again."""
        for _ in range(MAX_DIALOGS):
            try:
                return self.call(method, path, body)
            except WebDriverError as error:
                if "unexpected alert open" not in str(error):
                    raise
                failures.append(f"{label}: a JavaScript dialog opened: {str(error)[:200]}")
        raise WebDriverError(f"{label}: the page opened more than {MAX_DIALOGS} dialogs")

    def set_window(self, width, height):
        self.call("POST", "/window/rect", {"width": width, "height": height})

    def check_page(self, page, artifacts):
        """Opens page, returns the list of failure lines; saves the screenshot."""
        label = f"{page.name} @{self.width}px"
        self.console_entries()  # drop what an earlier page left
        self.set_window(self.window_width, 900)
        failures = []
        self.call_noting_dialogs("POST", "/url", {"url": page.resolve().as_uri()}, label,
                                 failures)
        result = self.call_noting_dialogs("POST", "/execute/async",
                                          {"script": CHECK_SCRIPT, "args": []}, label, failures)
        if result["width"] != self.width:
            # Window decorations take part of the width: widen the window by
            # the difference and measure again.
            self.window_width += self.width - result["width"]
            self.set_window(self.window_width, 900)
            result = self.call("POST", "/execute/async", {"script": CHECK_SCRIPT, "args": []})
            if result["width"] != self.width:
                failures.append(f"{label}: viewport is {result['width']} px wide, "
                                f"not {self.width}")
        failures += [f"{label}: {problem}" for problem in result["problems"]]
        for entry in self.console_entries():
            if entry.get("level") in ("SEVERE", "error"):
                failures.append(f"{label}: console error: {entry.get('message', entry)}")
        if artifacts:
            height = min(result["height"] + result["chromeHeight"], MAX_SCREENSHOT_HEIGHT)
            self.set_window(self.window_width, max(height, 100))
            png = base64.b64decode(self.call("GET", "/screenshot"))
            (artifacts / f"{page.stem}.{self.width}.png").write_bytes(png)
        if not failures:
            print(f"ok   {label}: {result['svgs']} svg, {result['images']} svg img")
        for line in failures:
            print(f"FAIL {line}")
        return failures


def request(base, method, path, body=None, timeout=HTTP_TIMEOUT_S):
    """One WebDriver HTTP call; returns the reply's "value"."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as reply:
            payload = json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:500]
        raise WebDriverError(f"{method} {path}: HTTP {error.code}: {detail}") from None
    except (OSError, ValueError) as error:  # URLError, timeouts, bad JSON
        raise WebDriverError(f"{method} {path}: {error}") from None
    value = payload.get("value")
    if isinstance(value, dict) and "error" in value:
        raise WebDriverError(f"{method} {path}: {value['error']}: {value.get('message', '')[:500]}")
    return value


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tail(path, lines=20):
    try:
        return "\n".join(pathlib.Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def generate_reports(args, report_args):
    """Writes NAME.<lang>.html for each language; returns the pages or None."""
    pages = []
    for lang in args.langs.split(","):
        page = args.artifacts / f"{args.generate}.{lang}.html"
        command = [args.tracenote, "report", *report_args, "--lang", lang,
                   "--format", "html", "-o", str(page)]
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as error:
            print(f"FAIL {' '.join(command)}: {error}")
            return None
        if done.returncode != 0:
            print(f"FAIL {' '.join(command)}: exit {done.returncode}\n{done.stderr}")
            return None
        pages.append(page)
    return pages


def check_pages(pages, widths, artifacts, chromium, chromedriver):
    """Runs every page at every width; returns all failure lines."""
    work_dir = tempfile.mkdtemp(prefix="tracenote-browser-")
    driver = ChromeDriver(chromedriver, work_dir)
    failures = []
    try:
        driver.start()
        for width in widths:
            profile_dir = tempfile.mkdtemp(prefix=f"profile-{width}-", dir=work_dir)
            with Session(driver.url, chromium, profile_dir, width) as session:
                for page in pages:
                    failures += session.check_page(page, artifacts)
    finally:
        driver.stop()
        shutil.rmtree(work_dir, ignore_errors=True)
    return failures


def parse_args(argv):
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=pathlib.Path, help="HTML files to check")
    parser.add_argument("--artifacts", type=pathlib.Path, help="where screenshots go")
    parser.add_argument("--widths", default="1280,400", help="window widths in px")
    parser.add_argument("--expect-fail", action="append", default=[], metavar="REGEX",
                        help="pass only if a failure line matches REGEX (repeatable)")
    parser.add_argument("--generate", metavar="NAME",
                        help="first write NAME.<lang>.html reports from the inputs after --")
    parser.add_argument("--tracenote", help="the tracenote binary (with --generate)")
    parser.add_argument("--langs", default="en,ru", help="report languages (with --generate)")
    parser.add_argument("--deadline", type=int, default=270,
                        help="give up after this many seconds")
    args = parser.parse_args(argv[:split])
    report_args = argv[split + 1:]
    if args.generate and not (args.tracenote and args.artifacts and report_args):
        parser.error("--generate needs --tracenote, --artifacts and inputs after --")
    if not args.generate and (report_args or not args.pages):
        parser.error("give HTML pages, or --generate with inputs after --")
    return args, report_args


def on_signal(signum, _frame):
    # Turn ctest's timeout kill and the deadline alarm into an exception, so
    # the finally blocks stop the browser and remove the temporary profile.
    raise SystemExit(f"stopped by signal {signum} (deadline or ctest timeout)")


def main(argv):
    args, report_args = parse_args(argv)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    chromedriver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    if not os.access(chromium, os.X_OK) or not chromedriver:
        print(f"SKIP: needs chromium ({chromium}) and chromedriver; "
              "install the Debian packages chromium and chromium-driver")
        return EXIT_SKIP
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGALRM, on_signal)
    signal.alarm(args.deadline)
    if args.artifacts:
        args.artifacts.mkdir(parents=True, exist_ok=True)
    pages = generate_reports(args, report_args) if args.generate else args.pages
    if pages is None:
        return EXIT_FAILED
    widths = [int(width) for width in args.widths.split(",")]
    try:
        failures = check_pages(pages, widths, args.artifacts, chromium, chromedriver)
    except (WebDriverError, OSError) as error:  # OSError: writing a screenshot
        print(f"FAIL browser: {error}")
        return EXIT_FAILED
    if args.expect_fail:
        unmatched = [p for p in args.expect_fail if not any(re.search(p, f) for f in failures)]
        for pattern in unmatched:
            print(f"FAIL expected a failure matching /{pattern}/, got none")
        if unmatched:
            return EXIT_FAILED
        print(f"ok: all {len(args.expect_fail)} expected failures were reported")
        return EXIT_OK
    if failures:
        print(f"{len(failures)} check(s) failed")
        return EXIT_FAILED
    if args.artifacts:
        print(f"screenshots in {args.artifacts}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
