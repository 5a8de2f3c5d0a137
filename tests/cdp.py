"""Headless Chromium driven through the Chrome DevTools Protocol, over the
pipe that `--remote-debugging-pipe` opens (the browser reads commands on
its fd 3 and writes answers and events on its fd 4, each a JSON text
ended by a NUL byte): no WebDriver, no package beyond the standard
library. Enough for the playground's tests: open a page, evaluate
JavaScript, type text, take a screenshot."""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from typing import Any

# as root, in a container with no screen and a closed network: no sandbox,
# no GPU, none of the background connections that fail here
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path is not None:
            return path
    return None


class BrowserError(Exception):
    pass


class Browser:
    """One headless browser with one page (a tab)."""

    def __init__(self, executable: str, width: int = 1280, height: int = 800) -> None:
        self.profile = tempfile.mkdtemp(prefix="spy-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # bash puts the pipes at fds 3 and 4, where the browser looks (sh
        # may not redirect fds above 9)
        script = 'exec 3<&%d 4>&%d; exec "$@"' % (to_browser_r, from_browser_w)
        argv = [
            executable,
            *FLAGS,
            "--user-data-dir=" + self.profile,
            "--window-size=%d,%d" % (width, height),
        ]
        self.process = subprocess.Popen(
            ["bash", "-c", script, "bash", *argv],
            pass_fds=(to_browser_r, from_browser_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.pending = b""
        self.next_id = 1
        self.session: str | None = None
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)

    def receive(self) -> dict[str, Any]:
        while b"\0" not in self.pending:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise BrowserError(
                    "the browser closed its pipe (exit status %s)" % self.process.poll()
                )
            self.pending += chunk
        message, self.pending = self.pending.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to the page (to the browser before the page is
        attached); its result. Events that arrive meanwhile are dropped."""
        message: dict[str, Any] = {
            "id": self.next_id,
            "method": method,
            "params": params or {},
        }
        self.next_id += 1
        if self.session is not None:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self.receive()
            if answer.get("id") == message["id"]:
                if "error" in answer:
                    raise BrowserError("%s: %s" % (method, answer["error"]))
                return answer["result"]

    def open(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise BrowserError("%s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60.0) -> Any:
        """Poll until a JavaScript expression is truthy: its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(
                    "timed out after %gs waiting for %s" % (timeout, expression)
                )
            time.sleep(0.05)

    def click(self, selector: str) -> None:
        """A mouse click in the middle of the element that a CSS selector
        finds, as a user's (the page sees real mouse events)."""
        box = self.evaluate(
            "(() => { const r = document.querySelector(%s).getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
            % json.dumps(selector)
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {
                    "type": kind,
                    "x": box[0],
                    "y": box[1],
                    "button": "left",
                    "clickCount": 1,
                },
            )

    def type_text(self, text: str) -> None:
        """Text typed into the focused element, as a keyboard's input."""
        self.send("Input.insertText", {"text": text})

    def screenshot(self, path: str) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
