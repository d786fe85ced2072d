#!/usr/bin/env python3
"""Builds the static site from samples/ and checks every page in headless Chromium.

    site_check.py --tracenote BIN --work DIR [--samples DIR] [--deadline S]

The results come from `tracenote batch SAMPLES -o DIR/results -j 2`; while a
tracenote without the batch command is tested, they are made by hand instead
(`tracenote report` per sample trace and language, plus summary.jsonl lines,
one of them an error row). Then `tracenote site DIR/results -o DIR/site`, and
every page of the site (not the Hugo tree) is opened at 400 px, the front
page and the indexes at 1280 px too. A page fails when:
  - the browser console holds an error, or page_checks.js finds a problem
    (sideways scrolling, a picture that did not load or is hidden: see
    browser_check.py);
  - a local <a href>, <img src> or <link href> does not resolve to a file of
    the site, or its #fragment to an element id of that file;
  - an <img> is not visible (empty box) or not loaded.
Records with script in their input name, headline, partial reason and error
message are added to the results first (page_checks.js fails a page where
one ran), and one naming ../../etc/passwd, which must not appear.
Screenshots go to DIR/screens. Exit status as browser_check.py: 0, 1, or 77
without chromium/chromedriver.
"""

import argparse
import base64
import html.parser
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import browser_check  # noqa: E402  (ChromeDriver, Session, WebDriverError)

EXIT_OK, EXIT_FAILED, EXIT_SKIP = 0, 1, 77

# Collects the links of the current page and the state of its images.
LINKS_SCRIPT = """
const done = arguments[arguments.length - 1];
const links = [];
for (const [selector, attr] of [['a[href]', 'href'], ['img[src]', 'src'], ['link[href]', 'href']]) {
  for (const e of document.querySelectorAll(selector)) links.push(e.getAttribute(attr));
}
const images = Array.from(document.images).map((img) => {
  const r = img.getBoundingClientRect();
  return {src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
          width: r.width, height: r.height};
});
done({links, images});
"""


class IdCollector(html.parser.HTMLParser):
    """The id attributes of one HTML file."""

    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


def run(command, timeout=120):
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout)
    return done.returncode, done.stdout + done.stderr


def has_batch(tracenote):
    rc, _ = run([tracenote, "batch", "--help"], timeout=30)
    return rc == 0


def results_by_hand(tracenote, samples, results):
    """A results folder as `tracenote batch` writes it, made with `report`."""
    lines = []
    traces = sorted(pathlib.Path(samples).glob("*/*.trace"))
    for trace in traces:
        slug = trace.stem + "-000000000000"
        record = {"schema": 1, "input": str(trace), "size": trace.stat().st_size,
                  "status": "ok", "kind": "trace", "slug": slug, "reports": {}, "findings": []}
        for lang in ("en", "ru"):
            md = f"reports/{slug}/report.{lang}.md"
            (results / "reports" / slug).mkdir(parents=True, exist_ok=True)
            rc, out = run([tracenote, "report", str(trace), "--lang", lang, "-o",
                           str(results / md)])
            if rc not in (0, 3):
                raise RuntimeError(f"report {trace} --lang {lang}: exit {rc}\n{out}")
            record["reports"][lang] = {"md": md}
        lines.append(record)
    lines.append({"schema": 1, "input": "samples/not-a-trace.txt", "size": 3, "status": "error",
                  "kind": None, "slug": None, "reports": {}, "findings": [],
                  "error": {"stage": "read", "message": "not a trace or profile", "offset": None}})
    lines.sort(key=lambda r: r["input"])
    with open(results / "summary.jsonl", "w", encoding="utf-8") as summary:
        for record in lines:
            summary.write(json.dumps(record, ensure_ascii=False) + "\n")


PAYLOAD = "<script>window.__tn_pwned=1</script><img src=x onerror=\"window.__tn_pwned=1\">"


def add_hostile_records(results):
    """Records whose text carries script (checked inert by page_checks.js),
    an error row, and one naming ../../etc/passwd (refused)."""
    summary = results / "summary.jsonl"
    records = [json.loads(line) for line in summary.read_text(encoding="utf-8").splitlines()]
    model = next(r for r in records if r.get("kind") == "trace" and r.get("slug"))
    slug = "hostile-000000000000"
    shutil.copytree(results / "reports" / model["slug"], results / "reports" / slug)
    hostile = dict(model, input=f"samples/{PAYLOAD}.trace", slug=slug, date=None,
                   status="partial", partial_reason=PAYLOAD)
    hostile["reports"] = {lang: {"md": f"reports/{slug}/report.{lang}.md"} for lang in ("en", "ru")}
    hostile["findings"] = [{"id": "preemption-storm", "severity": "critical",
                            "headline": {"en": PAYLOAD, "ru": PAYLOAD}, "numbers": {}}]
    error = {"schema": 1, "input": f"samples/{PAYLOAD}.bin", "size": 1, "status": "error",
             "kind": None, "slug": None, "reports": {}, "findings": [],
             "error": {"stage": "decode", "message": PAYLOAD, "offset": None}}
    passwd = dict(hostile, input="samples/evil.trace", slug="evil",
                  reports={"en": {"md": "../../etc/passwd"}})
    records += [hostile, error, passwd]
    records.sort(key=lambda r: r["input"])
    summary.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                       encoding="utf-8")


def check_links(site, page, found):
    """Failure lines for links that do not resolve and images not shown."""
    failures = []
    label = str(page.relative_to(site))
    for link in found["links"]:
        parsed = urllib.parse.urlsplit(link)
        if parsed.scheme or parsed.netloc:
            if parsed.scheme not in ("http", "https", "mailto"):
                failures.append(f"{label}: link with scheme {parsed.scheme!r}: {link}")
            continue
        target = page if not parsed.path else (page.parent / urllib.parse.unquote(parsed.path))
        target = pathlib.Path(os.path.normpath(target))
        if site not in target.parents and target != site:
            failures.append(f"{label}: link leaves the site: {link}")
        elif not target.is_file():
            failures.append(f"{label}: broken link: {link}")
        elif parsed.fragment:
            ids = IdCollector()
            ids.feed(target.read_text(errors="replace"))
            if parsed.fragment not in ids.ids:
                failures.append(f"{label}: no id {parsed.fragment!r} in {link}")
    for image in found["images"]:
        if not image["loaded"] or image["width"] <= 0 or image["height"] <= 0:
            failures.append(f"{label}: image not shown: {image['src']} "
                            f"({image['width']:.0f}x{image['height']:.0f})")
    return failures


def check_site(site, screens, chromium, chromedriver):
    # The Hugo tree (content/, themes/ with its layouts) is not part of the HTML site.
    pages = sorted(p for p in site.rglob("*.html")
                   if p.relative_to(site).parts[0] not in ("content", "themes"))
    wide = [p for p in pages if len(p.relative_to(site).parts) <= 2]  # front page, indexes
    work_dir = tempfile.mkdtemp(prefix="tracenote-site-")
    driver = browser_check.ChromeDriver(chromedriver, work_dir)
    failures = []
    try:
        driver.start()
        for width, todo in ((400, pages), (1280, wide)):
            profile = tempfile.mkdtemp(prefix=f"profile-{width}-", dir=work_dir)
            with browser_check.Session(driver.url, chromium, profile, width) as session:
                for page in todo:
                    # Screenshots are named after the page's place in the site.
                    named = screens / ("_".join(page.relative_to(site).parts))
                    rel = "/".join(page.relative_to(site).parts)
                    print(f"page {rel} @{width}px")
                    failures += [f"{rel}: {line}" for line in session.check_page(page, None)]
                    found = session.call("POST", "/execute/async",
                                         {"script": LINKS_SCRIPT, "args": []})
                    for line in check_links(site, page, found):
                        print(f"FAIL {line}")
                        failures.append(line)
                    if width == 400 and page in wide:
                        png = session.call("GET", "/screenshot")
                        named.with_suffix(".400.png").write_bytes(base64.b64decode(png))
        print(f"checked {len(pages)} pages at 400 px, {len(wide)} at 1280 px")
    finally:
        driver.stop()
        shutil.rmtree(work_dir, ignore_errors=True)
    return failures


def on_signal(signum, _frame):
    raise SystemExit(f"stopped by signal {signum} (deadline or ctest timeout)")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tracenote", required=True)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    parser.add_argument("--samples", default="samples")
    parser.add_argument("--deadline", type=int, default=170)
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    chromedriver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    if not os.access(chromium, os.X_OK) or not chromedriver:
        print(f"SKIP: needs chromium ({chromium}) and chromedriver")
        return EXIT_SKIP
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGALRM, on_signal)
    signal.alarm(args.deadline)

    work = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    results, site, screens = work / "results", work / "site", work / "screens"
    screens.mkdir(parents=True)
    if has_batch(args.tracenote):
        rc, out = run([args.tracenote, "batch", args.samples, "-o", str(results), "-j", "2"],
                      timeout=150)
        if rc not in (0, 3):  # 3: some inputs are error rows
            print(f"FAIL tracenote batch: exit {rc}\n{out}")
            return EXIT_FAILED
    else:
        print("tracenote has no batch command yet: making the results with `report`")
        results.mkdir(parents=True)
        results_by_hand(args.tracenote, args.samples, results)
    add_hostile_records(results)
    rc, out = run([args.tracenote, "site", str(results), "-o", str(site)])
    if rc != 0:
        print(f"FAIL tracenote site: exit {rc}\n{out}")
        return EXIT_FAILED
    for must in ("index.html", "style.css", "hugo.toml", "en/index.html", "ru/index.html",
                 "en/posts/hostile-000000000000/index.html"):
        if not (site / must).is_file():
            print(f"FAIL the site has no {must}")
            return EXIT_FAILED
    if (site / "en/posts/evil").exists() or "samples/evil.trace" in (site / "en/index.html").read_text():
        print("FAIL the record naming ../../etc/passwd made it into the site")
        return EXIT_FAILED
    if "window.__tn_pwned=1" not in (site / "en/index.html").read_text().replace("&quot;", '"'):
        print("FAIL the hostile error row is not listed on the index")
        return EXIT_FAILED
    try:
        failures = check_site(site, screens, chromium, chromedriver)
    except (browser_check.WebDriverError, OSError) as error:
        print(f"FAIL browser: {error}")
        return EXIT_FAILED
    if failures:
        print(f"{len(failures)} check(s) failed")
        return EXIT_FAILED
    print(f"ok: site in {site}, screenshots in {screens}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
