#!/usr/bin/env python3
"""Checks that hostile inputs give inert, readable output in every format.

make_hostile_inputs writes a Go 1.25 trace and a CPU profile whose strings
carry <script>, <img onerror>, <svg onload>, javascript: links, Markdown
blocks and inline syntax, template and ICU braces, invalid UTF-8, control
characters and very long text (tests/hostile/hostile_inputs.h). This script
runs `tracenote report` on the traces (Go 1.25 and Go 1.19), the profile and
the Go 1.25 trace with the profile, in Markdown
(standard output, and -o with picture files), HTML and JSON, in English and
Russian, and `tracenote flame`, and checks every output (the text views top,
tree, peek and list print names byte for byte, as `go tool pprof` does, and
are not checked):

  - all of it is valid UTF-8 with no control characters but tab and line
    breaks, and no bidirectional overrides (U+202E and friends);
  - HTML (parsed with html.parser): no element, attribute or URL came from the
    data: no <script>, <details>, <img> or <iframe>, no on* attribute, no
    javascript: or data-derived URL, no heading, table cell, emphasis or code
    span whose text is a payload's marker word;
  - Markdown (re-parsed with cmark-gfm and its GFM extensions through ctypes,
    read back as cmark's XML tree): no raw HTML node, link or image from the
    data, and no heading, table cell or emphasis made of a marker word;
  - JSON parses, and carries the payloads whole (invalid bytes as U+FFFD,
    control characters as JSON escapes);
  - SVG pictures (Markdown -o picture files, inline pictures in HTML, flame
    graphs) are well-formed XML with no script, foreignObject, on* attribute
    or javascript: URL;
  - the payloads stay readable: marker words appear as text in the human
    formats, and long strings are shortened there with an ellipsis (no run of
    more than MAX_RUN copies of the long string's filler character).

Failures are printed one a line; the exit code is 1 if there is any. Outputs
are kept in --work for inspection.
"""

import argparse
import ctypes
import ctypes.util
import html.parser
import json
import pathlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

# The longest run of the long strings' filler letters allowed in Markdown,
# HTML and SVG: long names are shortened there (JSON keeps them whole).
MAX_RUN = 400
MARKERS = ["tn_heading", "tn_cell_a", "tn_cell_c", "tn_emph", "tn_strong", "tn_del",
           "tn_code", "tn_link", "tn_img", "tn_details", "tn_a"]
# Control characters (C0 but tab, LF, CR; DEL; C1) and bidi controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)

failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")
    print(f"FAIL {where}: {message}")


def check_text(where, data):
    """Decodes data as strict UTF-8 and checks for controls; returns the text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        fail(where, f"not valid UTF-8: {error}")
        text = data.decode("utf-8", "replace")
    for match in CONTROL.finditer(text):
        fail(where, f"raw control character U+{ord(match.group()):04X} at {match.start()}")
        break
    return text


def check_long_runs(where, text):
    for letter in "xy":
        run = max((len(m) for m in re.findall(letter + "{100,}", text)), default=0)
        if run > MAX_RUN:
            fail(where, f"a run of {run} '{letter}' from a long string is not shortened")


def check_readable(where, text, markers):
    for marker in markers:
        if marker not in text:
            fail(where, f"marker {marker!r} from the data is not shown")


# ---- HTML -------------------------------------------------------------------

class PageParser(html.parser.HTMLParser):
    """Collects the elements, attributes and text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problems = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.check_element(tag, attrs)
        if tag not in ("br", "img", "meta", "link", "hr", "input", "col", "wbr"):
            self.stack.append([tag, ""])

    def handle_startendtag(self, tag, attrs):
        self.check_element(tag, attrs)

    def check_element(self, tag, attrs):
        if tag in ("script", "details", "img", "iframe", "object", "embed", "foreignobject"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler attribute")
            if name in ("href", "src", "xlink:href", "action", "formaction"):
                if DANGEROUS_URL.match(value) and not value.startswith("data:image/svg"):
                    self.problems.append(f"<{tag} {name}={value[:60]!r}> dangerous URL")
                if "tn-autolink" in value or "__tn_pwned" in value or "tn_" in value:
                    self.problems.append(f"<{tag} {name}={value[:60]!r}> URL from the data")

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, text = self.stack.pop()
            check_marked(open_tag, text, self.problems)
            if self.stack:
                self.stack[-1][1] += text
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        if self.stack:
            self.stack[-1][1] += data


def check_marked(tag, text, problems):
    """An element built from data: a heading, cell, emphasis or code made of a marker."""
    stripped = text.strip()
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and "tn_heading" in stripped:
        problems.append(f"<{tag}> heading from the data: {stripped[:60]!r}")
    if tag in ("td", "th", "table_cell") and stripped in ("tn_cell_a", "tn_cell_c"):
        problems.append(f"<{tag}> table cell from the data: {stripped!r}")
    if tag in ("em", "strong", "del", "emph", "strikethrough") and "tn_" in stripped:
        problems.append(f"<{tag}> emphasis from the data: {stripped[:60]!r}")
    if tag in ("code", "a", "link") and stripped in ("tn_code", "tn_link", "tn_a"):
        problems.append(f"<{tag}> made from the data: {stripped!r}")


def check_html(where, data, markers):
    text = check_text(where, data)
    parser = PageParser()
    parser.feed(text)
    parser.close()
    for problem in sorted(set(parser.problems)):
        fail(where, problem)
    shown = "".join(parser.text)
    check_readable(where, shown, markers)
    check_long_runs(where, shown)
    # Inline pictures must be well-formed XML too.
    for index, svg in enumerate(re.findall(r"<svg\b.*?</svg>", text, re.S)):
        check_svg(f"{where} svg #{index + 1}", svg.encode(), [])


# ---- SVG --------------------------------------------------------------------

def check_svg(where, data, markers):
    text = check_text(where, data)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        fail(where, f"not well-formed XML: {error}")
        return
    shown = []
    for element in root.iter():
        tag = element.tag.split("}")[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "image", "use", "animate", "set"):
            fail(where, f"<{tag}> element")
        for name, value in element.attrib.items():
            local = name.split("}")[-1].lower()
            if local.startswith("on"):
                fail(where, f"<{tag} {local}=...> event handler attribute")
            if local == "href" and DANGEROUS_URL.match(value):
                fail(where, f"<{tag} href={value[:60]!r}> dangerous URL")
        shown.append(element.text or "")
        shown.append(element.tail or "")
    shown = "".join(shown)
    check_readable(where, shown, markers)
    check_long_runs(where, shown)


# ---- Markdown ---------------------------------------------------------------

class Cmark:
    """cmark-gfm through ctypes: Markdown in, cmark's XML tree out."""

    def __init__(self):
        core = ctypes.util.find_library("cmark-gfm")
        extensions = ctypes.util.find_library("cmark-gfm-extensions")
        if not core or not extensions:
            raise OSError("libcmark-gfm and libcmark-gfm-extensions are needed")
        self.lib = ctypes.CDLL(core, mode=ctypes.RTLD_GLOBAL)
        self.ext = ctypes.CDLL(extensions)
        self.ext.cmark_gfm_core_extensions_ensure_registered()
        lib = self.lib
        lib.cmark_parser_new.restype = ctypes.c_void_p
        lib.cmark_find_syntax_extension.restype = ctypes.c_void_p
        lib.cmark_find_syntax_extension.argtypes = [ctypes.c_char_p]
        lib.cmark_parser_attach_syntax_extension.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        lib.cmark_parser_feed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
        lib.cmark_parser_finish.restype = ctypes.c_void_p
        lib.cmark_parser_finish.argtypes = [ctypes.c_void_p]
        lib.cmark_render_xml.restype = ctypes.c_void_p
        lib.cmark_render_xml.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.cmark_node_free.argtypes = [ctypes.c_void_p]
        lib.cmark_parser_free.argtypes = [ctypes.c_void_p]
        self.libc = ctypes.CDLL(None)
        self.libc.free.argtypes = [ctypes.c_void_p]

    def to_xml(self, markdown):
        lib = self.lib
        parser = lib.cmark_parser_new(0)
        for name in (b"table", b"strikethrough", b"autolink", b"tagfilter"):
            ext = lib.cmark_find_syntax_extension(name)
            if ext:
                lib.cmark_parser_attach_syntax_extension(parser, ext)
        lib.cmark_parser_feed(parser, markdown, len(markdown))
        doc = lib.cmark_parser_finish(parser)
        raw = lib.cmark_render_xml(doc, 0)
        xml = ctypes.string_at(raw).decode("utf-8", "replace")
        self.libc.free(raw)
        lib.cmark_node_free(doc)
        lib.cmark_parser_free(parser)
        return xml


def node_text(element):
    return "".join(e.text or "" for e in element.iter() if e.tag.split("}")[-1] in ("text", "code"))


def check_markdown(where, data, markers, cmark):
    text = check_text(where, data)
    check_long_runs(where, text)
    xml = cmark.to_xml(text.encode())
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as error:
        fail(where, f"cmark's XML of the Markdown does not parse: {error}")
        return
    problems = []
    shown = []
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        literal = element.text or ""
        if tag in ("text", "code", "code_block"):
            shown.append(literal)
        if tag in ("html_block", "html_inline"):
            if re.search(r"tn_|__tn_pwned|<script|onerror|onload|<img|<svg|<details", literal, re.I):
                problems.append(f"raw HTML from the data: {literal[:60]!r}")
        if tag in ("link", "image"):
            url = element.get("destination", "")
            if (DANGEROUS_URL.match(url) or "tn-autolink" in url or "__tn_pwned" in url
                    or "tn_" in url):
                problems.append(f"{tag} from the data: {url[:60]!r}")
        if tag == "heading":
            check_marked("h1", node_text(element), problems)
        elif tag in ("table_cell", "emph", "strong", "strikethrough"):
            check_marked(tag, node_text(element), problems)
        elif tag == "code":
            check_marked("code", literal, problems)
    for problem in sorted(set(problems)):
        fail(where, problem)
    check_readable(where, "".join(shown), markers)


# ---- JSON -------------------------------------------------------------------

def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def check_json(where, data, expected):
    # JSON is data: strings keep their characters (controls as JSON escapes,
    # DEL, C1 and bidi controls as they are, which JSON allows); only invalid
    # UTF-8 is replaced, by U+FFFD.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        fail(where, f"not valid UTF-8: {error}")
        return
    try:
        document = json.loads(text)
    except ValueError as error:
        fail(where, f"does not parse: {error}")
        return
    strings = "\n".join(json_strings(document))
    for piece in expected:
        if piece not in strings:
            fail(where, f"string {piece[:60]!r} from the data is not carried")


# ---- the runs ---------------------------------------------------------------

def run(args, command, where):
    done = subprocess.run([args.tracenote, *command], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=120)
    if done.returncode != 0:
        fail(where, f"exit {done.returncode}: {done.stderr.decode(errors='replace')[:500]}")
        return None
    return done.stdout


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tracenote", required=True)
    parser.add_argument("--make-inputs", required=True)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    args = parser.parse_args(argv)

    shutil.rmtree(args.work, ignore_errors=True)
    inputs_dir = args.work / "inputs"
    inputs_dir.mkdir(parents=True)
    subprocess.run([args.make_inputs, str(inputs_dir)], check=True, stdout=subprocess.DEVNULL)
    trace = str(inputs_dir / "hostile.v2.trace")
    v1_trace = str(inputs_dir / "hostile.v1.trace")
    profile = str(inputs_dir / "hostile.pb.gz")
    cmark = Cmark()

    # Marker words each input shows in a report, and strings its JSON carries.
    trace_markers = ["tn_heading", "tn_link", "tn_emph", "tn_code", "tn_details"]
    profile_markers = ["tn_heading", "tn_link", "tn_emph", "tn_code", "tn_details"]
    json_pieces = ["<script>window.__tn_pwned=1</script>", "[tn_link](javascript:",
                   "{{tn_mustache}}", "{0}", "bad[\ufffd]"]
    sets = {"trace": ([trace], trace_markers), "v1trace": ([v1_trace], trace_markers),
            "profile": ([profile], profile_markers),
            "both": ([trace, profile], trace_markers)}
    checked = 0
    for name, (files, markers) in sets.items():
        for lang in ("en", "ru"):
            where = f"{name}.{lang}.md"
            out = run(args, ["report", "--lang", lang, *files], where)
            if out is not None:
                (args.work / where).write_bytes(out)
                check_markdown(where, out, markers, cmark)
                checked += 1
            where = f"{name}.{lang}.html"
            out = run(args, ["report", "--lang", lang, "--format", "html", *files], where)
            if out is not None:
                (args.work / where).write_bytes(out)
                check_html(where, out, markers)
                checked += 1
        where = f"{name}.json"
        out = run(args, ["report", "--format", "json", *files], where)
        if out is not None:
            (args.work / where).write_bytes(out)
            check_json(where, out, json_pieces)
            checked += 1
        # Markdown with its pictures written as SVG files beside it.
        folder = args.work / f"{name}.pictures"
        folder.mkdir()
        where = f"{name}.pictures/report.md"
        if run(args, ["report", "-o", str(folder / "report.md"), *files], where) is not None:
            check_markdown(where, (folder / "report.md").read_bytes(), markers, cmark)
            checked += 1
            for svg in sorted(folder.rglob("*.svg")):
                check_svg(f"{name}.pictures/{svg.relative_to(folder)}", svg.read_bytes(), [])
                checked += 1

    where = "flame.svg"
    if run(args, ["flame", profile, "-o", str(args.work / where)], where) is not None:
        check_svg(where, (args.work / where).read_bytes(), [])
        checked += 1

    print(f"{checked} outputs checked, {len(failures)} failures")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
