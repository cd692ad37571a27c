# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the back office (pt_BR) for the README: the review form, the
correction wizard, Fale Conosco with its side panel and the synchronization screen
during a run, taken with scripts/screenshot.py's headless Chromium against a running
Odoo with demo data.

    python3 scripts/screenshots_backoffice.py --url http://127.0.0.1:8069 \\
        --login admin --password admin [--only review correct contact sync]

The sync shot starts a synchronization and waits until the screen shows it running:
point the Mega ERP connection at a simulator with some latency (``--latency 0.4``) and
a small page size so that the run lasts long enough to be photographed.
"""

import argparse
import base64
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot import open_page  # noqa: E402 - the sibling script, not a package

OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def evaluate(tools, expression):
    result = tools.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
    if "exceptionDetails" in result:
        raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
    return result["result"].get("value")


def wait(tools, selector, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if evaluate(tools, f"!!document.querySelector({json.dumps(selector)})"):
            time.sleep(1)  # let the rendering settle
            return
        time.sleep(0.3)
    raise TimeoutError(f"{selector} did not appear")


def click(tools, selector):
    wait(tools, selector)
    evaluate(tools, f"document.querySelector({json.dumps(selector)}).click()")


def save(tools, name):
    data = tools.call("Page.captureScreenshot", format="png")["data"]
    path = OUT_DIR / name
    path.write_bytes(base64.b64decode(data))
    print(f"saved {path}")


def shot_review(tools):
    click(tools, ".o_data_row .o_data_cell")
    wait(tools, ".o_change_request_review")
    save(tools, "backoffice_review_form.png")


def shot_correct(tools):
    click(tools, ".o_data_row .o_data_cell")
    click(tools, ".o_form_statusbar button[name=action_open_correct_wizard]")
    wait(tools, ".modal .o_data_row")
    save(tools, "backoffice_correction_wizard.png")


def shot_contact(tools):
    wait(tools, ".o_search_panel .o_search_panel_category_value")
    wait(tools, ".o_list_view .o_data_row")
    save(tools, "backoffice_fale_conosco_list.png")


def shot_sync(tools):
    wait(tools, ".o_form_view .o_field_widget[name=status]")
    click(tools, ".o_form_statusbar button[name=action_start_sync]")
    # the screen refreshes by itself: wait for the run to show its progress
    wait(tools, ".o_statusbar_status .o_arrow_button_current[data-value=running]", timeout=120)
    time.sleep(6)
    save(tools, "backoffice_sync_running.png")


SHOTS = {  # name: (path, function)
    "review": ("/odoo/registration-changes", shot_review),
    "correct": ("/odoo/registration-changes", shot_correct),
    "contact": ("/odoo/action-portal_operations.portal_contact_request_action", shot_contact),
    "sync": ("/odoo/synchronization", shot_sync),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--size", default="1440x900", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--only", nargs="*", choices=sorted(SHOTS))
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name in args.only or SHOTS:
        path, shot = SHOTS[name]
        with open_page(f"{args.url}{path}", args.login, args.password, size=args.size) as tools:
            shot(tools)


if __name__ == "__main__":
    main()
