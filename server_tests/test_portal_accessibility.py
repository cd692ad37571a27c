# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
import os
from pathlib import Path

from odoo.tests import HttpCase, tagged

from odoo.addons.portal_operations.tests.test_portal_contact import PortalContactCase

# axe-core from the npm registry: `npm ci --prefix tests/a11y` (scripts/test.sh does it);
# run_axe.js, shared with scripts/axe_report.py, waits for the page to render and runs it.
A11Y = Path(__file__).resolve().parents[1] / "tests" / "a11y"
AXE_CORE_JS = Path(os.environ.get("PO_AXE_CORE_JS") or A11Y / "node_modules" / "axe-core" / "axe.min.js")
RUN_AXE = A11Y / "run_axe.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("critical", "serious")
RESULT_PREFIX = "axe-result "
# The browser's console carries the result (browser_js reads it): one JSON line.
LOG_RESULT = """
portalOperationsAxe(%(tags)s).then((violations) => {
    console.log("%(prefix)s" + JSON.stringify(violations));
    console.log("test successful");
});
"""

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestPortalAccessibility(PortalContactCase, HttpCase):
    """axe-core (WCAG 2.1 A and AA) on the addon's portal pages and Odoo's /my/account,
    as the customer sees them: no critical or serious violation (README,
    "Accessibility"; scripts/axe_report.py measures a running Odoo)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.password = "po_portal"  # browser_js logs in with the login as password
        cls.change_request = cls.env["portal.change.request"].with_user(cls.portal_user)._submit(
            cls.customer_a, {"zip": "13087000", "mobile": "(19) 99876-5432"},
        ).sudo()
        cls.request_a.with_user(cls.admin_all)._add_opinion("resolved", "Boleto reenviado.")

    def _axe_violations(self, url):
        """The WCAG 2.1 AA violations axe-core finds on ``url`` for the customer."""
        if not AXE_CORE_JS.is_file():
            self.fail(f"axe-core is missing at {AXE_CORE_JS}: run `npm ci --prefix tests/a11y`")
        code = AXE_CORE_JS.read_text() + RUN_AXE.read_text() + LOG_RESULT % {
            "tags": json.dumps(WCAG_21_AA), "prefix": RESULT_PREFIX,
        }
        with self.assertLogs(type(self).__module__, logging.INFO) as logs:  # the browser's console
            self.browser_js(url, code, login="po_portal", timeout=120)
        results = [line.split(RESULT_PREFIX, 1)[1] for line in logs.output
                   if RESULT_PREFIX in line and "Evaluate test code" not in line]
        self.assertEqual(len(results), 1, f"axe-core ran once on {url}")
        return json.loads(results[0])

    def test_addon_portal_pages_have_no_serious_violation(self):
        pages = [
            "/my",
            "/my/account",  # Odoo's own page, with the addon's notice
            "/my/personal-data",
            "/my/change-requests",
            f"/my/change-requests/{self.change_request.id}",
            "/my/contact",
            "/my/contact/new",
            f"/my/contact/{self.request_a.id}",
            "/my/contracts",
            f"/my/contracts/{self.contract_a.id}",
        ]
        for url in pages:
            with self.subTest(url=url):
                violations = self._axe_violations(url)
                _logger.info("axe-core on %s: %s", url, violations)
                blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
                self.assertFalse(blocking, f"critical/serious WCAG 2.1 AA violations on {url}")
