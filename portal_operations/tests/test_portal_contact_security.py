# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_portal_contact import PortalContactCase


@tagged("post_install", "-at_install")
class TestPortalContactSecurity(PortalContactCase):
    """Who reads and who answers Fale Conosco, per role and assigned development."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.opinion_a = cls.request_a._add_opinion("resolved", "Resolvido")
        cls.opinion_a_internal = cls.request_a._add_opinion("observation", "Interno", internal=True)
        cls.opinion_b = cls.request_b._add_opinion("resolved", "Resolvido B")
        cls.requests = cls.request_a | cls.request_b
        cls.opinions = cls.opinion_a | cls.opinion_a_internal | cls.opinion_b

    def _visible(self, user, records):
        return records.with_user(user).search([("id", "in", records.ids)])

    def test_visibility_per_role(self):
        opinions_a = self.opinion_a | self.opinion_a_internal
        cases = [
            (self.operator, self.request_a, opinions_a),
            (self.operator_b, self.request_b, self.opinion_b),
            (self.admin_assigned, self.request_a, opinions_a),
            (self.admin_all, self.requests, self.opinions),
            (self.portal_user, self.request_a, self.opinion_a),
        ]
        for user, expected_requests, expected_opinions in cases:
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user, self.requests), expected_requests)
                self.assertEqual(self._visible(user, self.opinions), expected_opinions)

    def test_operator_cannot_read_another_development(self):
        for record in (self.request_b, self.opinion_b):
            with self.subTest(model=record._name), mute_logger("odoo.models"), \
                    self.assertRaises(AccessError):
                record.with_user(self.operator).read(["state"])

    def test_operators_only_read(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.request_a.with_user(self.operator).write({"state": "closed"})
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.env["portal.contact.request"].with_user(self.operator).create({
                "partner_id": self.customer_a.id, "type_id": self.type_boleto.id,
                "contract_id": self.contract_a.id, "subject": "X", "message": "X",
            })
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.type_boleto.with_user(self.operator).write({"name": "Renamed"})

    def test_assigned_administrator_answers_own_developments_only(self):
        self.request_a.with_user(self.admin_assigned)._add_opinion("closed", "Encerrado")
        self.assertEqual(self.request_a.state, "closed")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.request_b.with_user(self.admin_assigned)._add_opinion("closed", "Encerrado")
        self.assertEqual(self.request_b.state, "resolved")

    def test_opinions_are_kept_as_written(self):
        for user in (self.admin_all, self.operator, self.portal_user):
            with self.subTest(user=user.login):
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    self.opinion_a.with_user(user).write({"text": "Editado"})
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    self.opinion_a.with_user(user).unlink()

    def test_portal_customer_only_reads(self):
        portal_request = self.request_a.with_user(self.portal_user)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            portal_request.write({"state": "closed"})
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.env["portal.contact.request"].with_user(self.portal_user).create({
                "partner_id": self.customer_a.id, "type_id": self.type_boleto.id,
                "contract_id": self.contract_a.id, "subject": "X", "message": "X",
            })
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.request_b.with_user(self.portal_user).read(["subject"])
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.opinion_a_internal.with_user(self.portal_user).read(["text"])
