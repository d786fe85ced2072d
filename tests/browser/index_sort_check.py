#!/usr/bin/env python3
"""Checks in headless Chromium that the index page's table sorts when a header is used.

    index_sort_check.py --fixture-tool BIN --artifacts DIR

Runs BIN DIR/index-fixture (tests/index/index_fixture_tool: a hand-made
archive of two shards and its index pages), opens index.en.html and
index.ru.html and, in each: the page loads with no console error (a script
blocked by the Content-Security-Policy would be one) and the rows come in
the default order (worst severity, then input); a click on the Duration
header sorts the rows by duration ascending, by value and not by the shown
text ("900ms" < "1.5s" < "10s" < "2m 5s", the error row without a duration
last) and sets aria-sort="ascending" on that header only; Enter on the same
focused button sorts them descending. Screenshots go to DIR.

Exit status: 0 fine, 1 a check failed, 77 without chromium/chromedriver.
Uses the WebDriver client of browser_check.py.
"""

import argparse
import base64
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import browser_check as bc

DURATION_COLUMN = 4  # Input, Status, Kind, Date, Duration, ...
DEFAULT_ORDER = ["archive/spin.trace", "archive/evil", "archive/prof/cpu.pb.gz",
                 "archive/long.trace", "archive/bad.trace"]
ASCENDING = ["archive/evil", "archive/spin.trace", "archive/prof/cpu.pb.gz",
             "archive/long.trace", "archive/bad.trace"]
DESCENDING = ["archive/long.trace", "archive/prof/cpu.pb.gz", "archive/spin.trace",
              "archive/evil", "archive/bad.trace"]
ENTER_KEY = "\ue007"

READ_STATE = """
const table = document.getElementById("index-inputs");
return {
  inputs: Array.from(table.tBodies[0].rows, (row) => row.cells[0].textContent),
  sort: Array.from(table.tHead.rows[0].cells, (th) => th.getAttribute("aria-sort")),
  scriptRan: document.documentElement.classList.contains("js-sort"),
};
"""


def matches(inputs, expected):
    return len(inputs) == len(expected) and all(
        text.startswith(prefix) for text, prefix in zip(inputs, expected))


def check_state(session, label, expected_inputs, sorted_column, direction):
    state = session.call("POST", "/execute/sync", {"script": READ_STATE, "args": []})
    failures = []
    if not state["scriptRan"]:
        failures.append(f"{label}: the sorting script did not run")
    if not matches(state["inputs"], expected_inputs):
        failures.append(f"{label}: rows {state['inputs']}, want {expected_inputs}")
    want_sort = [direction if i == sorted_column else None for i in range(len(state["sort"]))]
    if state["sort"] != want_sort:
        failures.append(f"{label}: aria-sort {state['sort']}, want {want_sort}")
    return failures


def check_page(session, page, artifacts):
    label = page.name
    session.console_entries()
    session.set_window(1280, 900)
    session.call("POST", "/url", {"url": page.resolve().as_uri()})
    failures = check_state(session, f"{label} on load", DEFAULT_ORDER, 5, "descending")
    button = session.call("POST", "/element", {
        "using": "css selector",
        "value": f"#index-inputs thead th:nth-child({DURATION_COLUMN + 1}) button"})
    element = next(iter(button.values()))
    session.call("POST", f"/element/{element}/click", {})
    failures += check_state(session, f"{label} after a click on Duration", ASCENDING,
                            DURATION_COLUMN, "ascending")
    session.call("POST", f"/element/{element}/value", {"text": ENTER_KEY})
    failures += check_state(session, f"{label} after Enter on Duration", DESCENDING,
                            DURATION_COLUMN, "descending")
    for entry in session.console_entries():
        if entry.get("level") in ("SEVERE", "error"):
            failures.append(f"{label}: console error: {entry.get('message', entry)}")
    png = base64.b64decode(session.call("GET", "/screenshot"))
    (artifacts / f"{page.stem}.sorted.png").write_bytes(png)
    for line in failures:
        print(f"FAIL {line}")
    if not failures:
        print(f"ok   {label}: sorts by duration on click and on Enter")
    return failures


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture-tool", required=True, help="tests/index/index_fixture_tool")
    parser.add_argument("--artifacts", required=True, type=pathlib.Path)
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    chromedriver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    if not os.access(chromium, os.X_OK) or not chromedriver:
        print(f"SKIP: needs chromium ({chromium}) and chromedriver")
        return bc.EXIT_SKIP
    out = args.artifacts / "index-fixture"
    shutil.rmtree(out, ignore_errors=True)
    args.artifacts.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([args.fixture_tool, str(out)], capture_output=True, text=True,
                          timeout=60)
    if done.returncode != 0:
        print(f"FAIL {args.fixture_tool}: exit {done.returncode}\n{done.stderr}")
        return bc.EXIT_FAILED
    pages = [out / "index" / "index.en.html", out / "index" / "index.ru.html"]
    work_dir = tempfile.mkdtemp(prefix="tracenote-index-browser-")
    driver = bc.ChromeDriver(chromedriver, work_dir)
    failures = []
    try:
        driver.start()
        with bc.Session(driver.url, chromium, os.path.join(work_dir, "profile"), 1280) as session:
            for page in pages:
                failures += check_page(session, page, args.artifacts)
    except bc.WebDriverError as error:
        failures.append(f"browser: {error}")
        print(f"FAIL browser: {error}")
    finally:
        driver.stop()
        shutil.rmtree(work_dir, ignore_errors=True)
    return bc.EXIT_FAILED if failures else bc.EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
