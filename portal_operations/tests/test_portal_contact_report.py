# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tests.common import freeze_time

from .test_portal_contact import PortalContactCase

REGISTERED = datetime(2026, 3, 2, 10, 0)


@tagged("post_install", "-at_install")
class TestPortalContactReport(PortalContactCase):
    """The service-level analysis: share answered within the deadline, average and 90th
    percentile time to the first public answer, average rating."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_report = cls._create_contact_request_type("Teste: relatório", sla_days=2)
        cls.requests = cls.env["portal.contact.request"]
        # first public answer after 10, 20, ..., 100 hours; the deadline is 48 hours
        for hours in range(10, 101, 10):
            with freeze_time(REGISTERED):
                request = cls._create_contact_request(cls.type_report, cls.customer_a, cls.contract_a)
            with freeze_time(REGISTERED + timedelta(hours=hours)):
                request.with_user(cls.admin_all)._add_opinion("resolved", "Respondido.")
            cls.requests |= request
        # waiting past its deadline: counts as missed, has no time to first answer
        with freeze_time(REGISTERED):
            cls.waiting = cls._create_contact_request(cls.type_report, cls.customer_a, cls.contract_a)
        cls.requests[0]._rate(5)
        cls.requests[1]._rate(2, "Demorou.")

    def _group(self, user=None):
        Report = self.env["portal.contact.request.report"]
        if user:
            Report = Report.with_user(user)
        return Report.formatted_read_group(
            [("type_id", "=", self.type_report.id)], ["type_id"],
            ["__count", "within_deadline_pct:avg", "first_answer_hours:avg",
             "first_answer_hours_p90:avg", "rating:avg"],
        )

    def test_service_levels_by_type(self):
        with freeze_time(REGISTERED + timedelta(days=10)):
            self.env.invalidate_all()
            [group] = self._group()
        self.assertEqual(group["__count"], 11)
        # within 48 h: the 10, 20, 30 and 40 hours answers; missed: 6 late + 1 waiting
        self.assertAlmostEqual(group["within_deadline_pct:avg"], 400 / 11, places=3)
        self.assertAlmostEqual(group["first_answer_hours:avg"], 55.0, places=3)
        self.assertAlmostEqual(group["first_answer_hours_p90:avg"], 91.0, places=3,
                               msg="PERCENTILE_CONT(0.9) of 10..100 hours")
        self.assertAlmostEqual(group["rating:avg"], 3.5, places=3, msg="unrated requests do not count")

    def test_pivot_and_graph_views_load(self):
        Report = self.env["portal.contact.request.report"].with_user(self.admin_all)
        for view_type in ("pivot", "graph", "list", "search"):
            with self.subTest(view_type=view_type):
                self.assertTrue(Report.get_views([(False, view_type)])["views"][view_type]["arch"])

    def test_administrator_of_another_company_sees_nothing(self):
        company = self.env["res.company"].create({"name": "Outra Loteadora"})
        admin_other = new_test_user(
            self.env, login="po_admin_other_company", company_id=company.id,
            company_ids=[Command.set(company.ids)],
            groups="base.group_user,portal_operations.group_portal_operations_admin",
        )
        self.assertEqual(self._group(admin_other), [])
        self.assertFalse(self.env["portal.contact.request"].with_user(admin_other).search_count(
            [("is_overdue", "=", True)],
        ))

    def test_operator_of_another_development_sees_nothing(self):
        self.assertEqual(self._group(self.operator_b), [])
        self.assertEqual(self._group(self.operator)[0]["__count"], 11)
