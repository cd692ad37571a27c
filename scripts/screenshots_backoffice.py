# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the back office (pt_BR) for the README, taken with headless Chromium
over the DevTools protocol against a running Odoo with demo data.

    python3 scripts/screenshots_backoffice.py --url http://127.0.0.1:8069 --db DB \\
        --login admin --password admin [--only NAME ...]

The sync-screen shot starts a synchronization and waits for it to be running: point the
database's Mega ERP connection at a simulator with some latency (``--latency 0.4``)
so the run lasts long enough to be photographed.
"""

import argparse
import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


class Browser:
    """Just enough of the DevTools protocol: navigate, evaluate, wait, screenshot."""

    def __init__(self, width, height, port=9333):
        self.profile = tempfile.mkdtemp(prefix="po_shots_")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        self.process = subprocess.Popen([  # noqa: S603 - our own arguments, no shell
            chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--lang=pt-BR",
            f"--remote-debugging-port={port}", f"--user-data-dir={self.profile}",
            f"--window-size={width},{height}", "about:blank",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for __ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as answer:
                    pages = [tab for tab in json.load(answer) if tab["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.call("Emulation.setDeviceMetricsOverride",
                  width=width, height=height, deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def goto(self, url):
        self.call("Page.navigate", url=url)
        time.sleep(1)

    def wait(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                time.sleep(0.6)  # let the rendering settle
                return
            time.sleep(0.3)
        raise TimeoutError(f"{selector} did not appear")

    def click(self, selector):
        self.wait(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        print(f"saved {path}")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def login(browser, url, db, user, password):
    browser.goto(f"{url}/web/login?db={db}")
    browser.wait("input[name=login]")
    browser.evaluate(
        f"document.querySelector('input[name=login]').value = {json.dumps(user)};"
        f"document.querySelector('input[name=password]').value = {json.dumps(password)};"
        "document.querySelector('form.oe_login_form').submit()"
    )
    time.sleep(2)


def shot_review_form(browser, url):
    browser.goto(f"{url}/odoo/registration-changes")
    browser.click(".o_data_row .o_data_cell")
    browser.wait(".o_change_request_review")
    browser.screenshot(OUT_DIR / "backoffice_review_form.png")


def shot_correction_wizard(browser, url):
    browser.goto(f"{url}/odoo/registration-changes")
    browser.click(".o_data_row .o_data_cell")
    browser.click(".o_form_statusbar button[name=action_open_correct_wizard]")
    browser.wait(".modal .o_portal_change_request_correct_lines .o_data_row")
    browser.screenshot(OUT_DIR / "backoffice_correction_wizard.png")


def shot_contact_list(browser, url):
    browser.goto(f"{url}/odoo/action-portal_operations.portal_contact_request_action")
    browser.wait(".o_search_panel .o_search_panel_category_value")
    browser.wait(".o_list_view .o_data_row")
    browser.screenshot(OUT_DIR / "backoffice_fale_conosco_list.png")


def shot_sync_running(browser, url):
    browser.goto(f"{url}/odoo/synchronization")
    browser.wait(".o_form_view .o_field_widget[name=status]")
    if browser.evaluate("!!document.querySelector('.o_form_statusbar button[name=action_start_sync]:not(.d-none)')"):
        browser.click(".o_form_statusbar button[name=action_start_sync]")
    # the screen refreshes by itself: wait for the run to show a step and counts
    browser.wait(".o_mega_sync_live", timeout=60)
    browser.wait(".o_statusbar_status .o_arrow_button_current[data-value=running]", timeout=90)
    time.sleep(6)
    browser.screenshot(OUT_DIR / "backoffice_sync_running.png")


SHOTS = {
    "review": shot_review_form,
    "correct": shot_correction_wizard,
    "contact": shot_contact_list,
    "sync": shot_sync_running,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--only", nargs="*", choices=sorted(SHOTS))
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    browser = Browser(args.width, args.height)
    try:
        login(browser, args.url, args.db, args.login, args.password)
        for name in args.only or SHOTS:
            SHOTS[name](browser, args.url)
    finally:
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
