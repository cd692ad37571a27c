# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .test_portal_contact import PortalContactCase


@tagged("post_install", "-at_install")
class TestPortalContactDeadlineUi(PortalContactCase, HttpCase):
    """The deadline in the back office, clicked: the list, the Overdue filter, the form."""

    def test_tour_overdue_filter(self):
        now = fields.Datetime.now()
        overdue = self._create_contact_request(
            self.type_boleto, self.customer_a, self.contract_a, subject="Pedido atrasado do tour",
            date=now - timedelta(days=10),
        )
        on_time = self._create_contact_request(
            self.type_boleto, self.customer_a, self.contract_a, subject="Pedido em dia do tour",
            date=now - timedelta(days=1),
        )
        self.assertRecordValues(overdue | on_time, [{"is_overdue": True}, {"is_overdue": False}])
        self.start_tour(
            "/odoo/action-portal_operations.portal_contact_request_action",
            "portal_contact_deadline_tour", login="po_admin_all",
        )
        self.assertEqual(overdue.state, "read", "the administrator opened it from the filtered list")
        self.assertEqual(on_time.state, "pending")
