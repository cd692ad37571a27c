# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Count the WCAG 2.1 A/AA violations axe-core finds on Odoo pages, as a given user.

    npm ci --prefix tests/a11y
    python3 scripts/axe_report.py http://localhost:8069 /my/account /my/personal-data \\
        --login cliente --password cliente [--size 1366x768]
    python3 scripts/axe_report.py http://localhost:8069 /odoo/registration-changes/1 --login admin \\
        --click ".o_form_statusbar button[name=action_open_correct_wizard]" --wait ".modal .o_data_row"

Prints one line per page: critical/serious and total violations, then each rule with its
impact and first targets. ``--click`` clicks these elements first, in order (a dialog,
such as the correction wizard, has no address of its own), and ``--wait`` waits for an
element before axe runs. The test server_tests/test_portal_accessibility.py
asserts the same on the addon's pages; this script measures any page of a running Odoo
(README, "Accessibility").
"""

import argparse
import json
import time
from pathlib import Path

from screenshot import open_page

A11Y = Path(__file__).resolve().parent.parent / "tests" / "a11y"
AXE_CORE_JS = A11Y / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = A11Y / "run_axe.js"  # shared with server_tests/test_portal_accessibility.py
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def wait_for(tools, selector, timeout=30):
    found = f"!!document.querySelector({json.dumps(selector)})"
    deadline = time.time() + timeout
    while not tools.call("Runtime.evaluate", expression=found, returnByValue=True)["result"]["value"]:
        if time.time() > deadline:
            raise TimeoutError(f"{selector} did not appear")
        time.sleep(0.3)


def axe_violations(url, user=None, password=None, size="1366x768", clicks=(), wait=None):
    with open_page(url, user, password, size) as tools:
        for selector in clicks:
            wait_for(tools, selector)
            tools.call("Runtime.evaluate", expression=f"document.querySelector({json.dumps(selector)}).click()")
        if wait:
            wait_for(tools, wait)
            time.sleep(1)  # the dialog's last paint
        tools.call("Runtime.evaluate", expression=AXE_CORE_JS.read_text() + RUN_AXE.read_text())
        result = tools.call("Runtime.evaluate", expression=f"portalOperationsAxe({json.dumps(WCAG_21_AA)})",
                            awaitPromise=True, returnByValue=True)
    return result["result"]["value"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--login")
    parser.add_argument("--password")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--click", action="append", default=[], help="click this element first (repeatable)")
    parser.add_argument("--wait", help="wait for this element before running axe")
    args = parser.parse_args()
    for path in args.paths:
        violations = axe_violations(args.base_url + path, args.login, args.password, args.size,
                                    args.click, args.wait)
        blocking = sum(v["impact"] in ("critical", "serious") for v in violations)
        print(f"{path}: {blocking} critical/serious, {len(violations)} in all")
        for violation in violations:
            print(f"    {violation['impact']:>8} {violation['id']}: {', '.join(violation['targets'])}")


if __name__ == "__main__":
    main()
