"""The playground (make playground: build/playground/) in a real browser:
headless Chromium, driven through tests/cdp.py, on a page served from
127.0.0.1. A program is typed and run, and its output, an error's
location, the redshift and C views, every example of the menu and Stop
are checked; a screenshot is left in build/playground-screenshot.png."""

import functools
import http.server
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdp import Browser, find_chromium

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "playground"
SCREENSHOT = ROOT / "build" / "playground-screenshot.png"
SPY = ROOT / "build" / "bin" / "spy"
LOX = ROOT / "build" / "bin" / "lox"

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="no Chromium to drive: install Debian's `chromium` package (.ci/run does)",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def page() -> Iterator[Browser]:
    assert (SITE / "spy.wasm.gz").exists(), "run `make playground`"
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chromium = find_chromium()
    assert chromium is not None
    browser = Browser(chromium)
    try:
        browser.open("http://127.0.0.1:%d/" % server.server_address[1])
        browser.evaluate(PRELUDE)
        browser.wait_for("statusText() !== 'loading spy.wasm…'")
        assert browser.evaluate("statusText()") == "ready"
        yield browser
    finally:
        browser.close()
        server.shutdown()


# helpers in the page: the status line, the view's text, the editor
PRELUDE = """
window.$ = (id) => document.getElementById(id);
window.statusText = () => $("status").textContent;
window.viewText = () => $("view").textContent;
"""


def choose_example(page: Browser, index: str) -> None:
    page.evaluate(
        "$('examples').value = %s; $('examples').dispatchEvent(new Event('change'))"
        % json.dumps(index)
    )


def type_program(page: Browser, program: str) -> None:
    """Type a SPy program into the emptied editor."""
    choose_example(page, "0")
    page.evaluate("$('source').focus(); $('source').select()")
    page.type_text(program)


def run_typed(page: Browser, program: str) -> str:
    """Type a SPy program, click Run: the output."""
    type_program(page, program)
    page.click("#run")
    return wait_idle(page)


def wait_idle(page: Browser) -> str:
    """The view's text once no run is in progress."""
    page.wait_for("!$('run').disabled && $('stop').disabled", 120)
    return page.evaluate("viewText()")


def native_output(argv: list[str], cwd: Path) -> str:
    """stdout and stderr of a native run, in the page's format."""
    done = subprocess.run(
        argv,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    tail = "\n[exit status %d]" % done.returncode if done.returncode else ""
    return done.stdout + tail


HELLO = 'def main() -> None:\n    for i in range(3):\n        print("hi", i * 7)\n'


def test_typed_program_runs(page: Browser) -> None:
    assert run_typed(page, HELLO) == "hi 0\nhi 7\nhi 14\n"
    assert page.evaluate("statusText()").startswith("done in ")


def test_error_location(page: Browser) -> None:
    out = run_typed(page, 'def main() -> None:\n    x: i32 = "a"\n    print(x)\n')
    assert "error: mismatched types: expected `i32`, got `str`" in out
    assert "--> main.spy:2:14" in out
    assert out.endswith("[exit status 1]")
    # the location is a link to the place in the editor
    page.click("#view .location")
    selected = page.evaluate(
        "$('source').value.slice($('source').selectionStart, $('source').selectionEnd)"
    )
    assert selected == '"a"'


def show_view(page: Browser, name: str) -> str:
    page.click("#tabs [data-view=%s]" % name)
    return wait_idle(page)


def test_redshift_and_c_views(page: Browser) -> None:
    program = '@blue\ndef twice(s):\n    return s + s\n\n\ndef main() -> None:\n    print(twice("ab"))\n'
    assert run_typed(page, program) == "abab\n"
    shifted = show_view(page, "redshift")
    assert "def `main::main`() -> NoneType:" in shifted
    assert "'abab'" in shifted
    assert "twice" not in shifted  # the blue function is gone
    c = show_view(page, "cwrite")
    assert c.startswith("// main.c\n")
    assert '"abab"' in c and "int main(" in c
    # editing the program shows the new one's views
    page.evaluate("$('source').focus(); $('source').setSelectionRange(0, 0)")
    page.type_text("# edited\n")
    assert "twice" not in show_view(page, "redshift")
    assert show_view(page, "output") == "abab\n"


def examples(page: Browser) -> list[dict[str, str]]:
    return page.evaluate(
        "Array.from($('examples').options, (o) => ({index: o.value, title: o.textContent}))"
    )


def test_examples_run_as_natively(page: Browser, tmp_path: Path) -> None:
    titles = [ex["title"] for ex in examples(page)]
    assert len(titles) >= 5 and any("Lox" in t for t in titles)
    for ex in examples(page):
        choose_example(page, ex["index"])
        name = page.evaluate("$('filename').textContent").split()[0]
        (tmp_path / name).write_text(page.evaluate("$('source').value"))
        page.click("#run")
        got = wait_idle(page)
        argv = [str(LOX), name] if name.endswith(".lox") else [str(SPY), name]
        assert got == native_output(argv, tmp_path), ex["title"]


def test_stop_ends_a_runaway_program(page: Browser) -> None:
    type_program(
        page, "def main() -> None:\n    i = 0\n    while True:\n        i += 1\n"
    )
    page.click("#run")
    page.wait_for("statusText() === 'running…'")
    page.click("#stop")
    assert wait_idle(page).endswith("[stopped]\n")
    # a new worker takes over
    assert run_typed(page, HELLO) == "hi 0\nhi 7\nhi 14\n"


def test_screenshot(page: Browser) -> None:
    choose_example(page, "1")
    page.click("#run")
    wait_idle(page)
    show_view(page, "redshift")
    page.screenshot(str(SCREENSHOT))
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")
    assert os.path.getsize(SCREENSHOT) > 10_000
