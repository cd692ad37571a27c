# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import PortalOperationsHttpCase


@tagged("post_install", "-at_install")
class TestPrivacyTours(PortalOperationsHttpCase):
    """LGPD in a browser: the customer downloads their data and asks for a deletion; an
    administrator answers a former customer's request and anonymises them; the customer
    of another company gets nothing of the first's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # start_tour logs in with the login as password
        cls.portal_user.password = "po_portal"  # noqa: S105

    def test_customer_downloads_and_asks_for_deletion(self):
        self.start_tour("/my", "portal_operations_privacy_portal", login="po_portal")
        self.assertRecordValues(
            self.env["portal.privacy.request"].search([("partner_id", "=", self.customer_a.id)]),
            [{"request_type": "anonymization", "state": "pending",
              "description": "Não sou mais cliente: apaguem o que não for necessário."}],
        )
        self.assertTrue(self.customer_a.message_ids.filtered(lambda m: "JSON" in (m.body or "")))

    def test_administrator_answers_and_anonymises(self):
        self.contract_b.status = "paid_off"
        request = self.env["portal.privacy.request"].create({
            "partner_id": self.customer_b.id, "request_type": "anonymization",
        })
        self.start_tour(
            "/odoo/action-portal_operations.portal_privacy_request_action",
            "portal_operations_privacy_backoffice", login=self.admin_all.login,
        )
        self.assertRecordValues(request, [{
            "state": "answered", "answer": "Seus dados foram anonimizados.", "answered_by_id": self.admin_all.id,
        }])
        self.assertTrue(request.anonymized_date)
        self.assertNotIn("João", self.customer_b.name)
        self.assertFalse(self.customer_b.vat)

    def test_customer_of_another_company_gets_nothing(self):
        self._create_other_company()
        self.env["portal.privacy.request"].create({"partner_id": self.customer_a.id, "request_type": "declaration"})
        self.portal_user_c.password = "po_portal_c"  # noqa: S105
        self.customer_c.name = "Carlos Outra"
        self.start_tour("/my/privacy", "portal_operations_privacy_other_company", login="po_portal_c")

    def test_records_of_processing_as_pivot_and_graph(self):
        Privacy = self.env["portal.privacy.request"]
        Privacy.create({"partner_id": self.customer_a.id, "request_type": "anonymization"}).with_user(
            self.admin_all)._answer("Feito.")
        late = Privacy.create({"partner_id": self.customer_a.id, "request_type": "sharing"})
        with patch.object(fields.Datetime, "now", return_value=late.date + timedelta(days=20)):
            late.with_user(self.admin_all)._answer("Compartilhamos com o cartório.")
        self.start_tour(
            "/odoo/action-portal_operations.portal_privacy_request_action_report",
            "portal_operations_privacy_report", login=self.admin_all.login,
        )
