# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Take a PNG screenshot of an Odoo page as a given user, in headless Chromium.

    python3 scripts/screenshot.py http://localhost:8069/my/personal-data out.png \\
        --login cliente --password cliente --size 390x844 --lang pt-BR

Logs in over HTTP, hands the session cookie to Chromium (DevTools protocol) and captures
the window once the page has loaded and settled. Used for the README's screenshots
(docs/screenshots/); needs `requests` and `websocket-client` (in the project's .venv).
"""

import argparse
import base64
import contextlib
import itertools
import json
import re
import shutil
import socket
import subprocess
import tempfile
import time
from urllib.parse import urlsplit

import requests
import websocket


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def login(base_url, user, password):
    """The session id of ``user`` logged in at ``base_url``."""
    session = requests.Session()
    page = session.get(f"{base_url}/web/login", timeout=30).text
    csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(f"{base_url}/web/login", timeout=30, data={
        "csrf_token": csrf_token, "login": user, "password": password,
    })
    return session.cookies["session_id"]


class DevTools:
    """The few DevTools calls a screenshot needs."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60)
        self.ids = itertools.count(1)

    def call(self, method, **params):
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_event(self, name, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if json.loads(self.ws.recv()).get("method") == name:
                return
        raise TimeoutError(name)


@contextlib.contextmanager
def open_page(url, user=None, password=None, size="390x844", lang="pt-BR", settle=2.0):
    """Headless Chromium showing ``url`` (as ``user`` when given) in a window of ``size``,
    loaded and settled: yields its ``DevTools``."""
    parts = urlsplit(url)
    base_url = f"{parts.scheme}://{parts.netloc}"
    width, height = (int(value) for value in size.split("x"))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    port = free_port()
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        browser = subprocess.Popen([  # noqa: S603 - our own command line, no shell
            chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
            f"--window-size={width},{height}", f"--lang={lang}", "about:blank",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for __ in range(100):
                try:
                    targets = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                    page = next(t for t in targets if t["type"] == "page")
                    break
                except (requests.ConnectionError, StopIteration):
                    time.sleep(0.2)
            tools = DevTools(page["webSocketDebuggerUrl"])
            if user:
                tools.call("Network.setCookie", name="session_id", url=base_url,
                           value=login(base_url, user, password or user))
            tools.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                       deviceScaleFactor=1, mobile=width < 768)
            tools.call("Page.enable")
            tools.call("Page.navigate", url=url)
            tools.wait_event("Page.loadEventFired")
            time.sleep(settle)  # the page's own scripts (chatter, widgets) finish drawing
            yield tools
        finally:
            browser.terminate()
            browser.wait(timeout=10)


def screenshot(url, output, user=None, password=None, size="390x844", lang="pt-BR"):
    with open_page(url, user, password, size, lang) as tools:
        data = tools.call("Page.captureScreenshot", format="png")["data"]
    with open(output, "wb") as file:
        file.write(base64.b64decode(data))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("output")
    parser.add_argument("--login")
    parser.add_argument("--password")
    parser.add_argument("--size", default="390x844", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--lang", default="pt-BR", help="the browser's language (date inputs)")
    args = parser.parse_args()
    screenshot(args.url, args.output, args.login, args.password, args.size, args.lang)


if __name__ == "__main__":
    main()
