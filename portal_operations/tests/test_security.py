# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PortalOperationsCase


@tagged("post_install", "-at_install")
class TestSecurity(PortalOperationsCase):
    """Who reads and who writes the master data, per role and assigned development."""

    def _visible(self, user, records):
        return records.with_user(user).search([("id", "in", records.ids)])

    def test_visibility_per_role(self):
        contracts = self.contract_a | self.contract_a_hidden | self.contract_b
        developments = self.development_a | self.development_b
        blocks = self.block_a | self.block_b
        lots = self.lot_a1 | self.lot_a2 | self.lot_b1
        dev_a_contracts = self.contract_a | self.contract_a_hidden
        cases = [
            (self.operator, dev_a_contracts, self.development_a, self.block_a, self.lot_a1 | self.lot_a2),
            (self.operator_b, self.contract_b, self.development_b, self.block_b, self.lot_b1),
            (self.admin_assigned, dev_a_contracts, self.development_a, self.block_a,
             self.lot_a1 | self.lot_a2),
            (self.admin_all, contracts, developments, blocks, lots),
        ]
        for user, exp_contracts, exp_developments, exp_blocks, exp_lots in cases:
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user, contracts), exp_contracts)
                self.assertEqual(self._visible(user, developments), exp_developments)
                self.assertEqual(self._visible(user, blocks), exp_blocks)
                self.assertEqual(self._visible(user, lots), exp_lots)

    def test_portal_customer_reads_only_own_published_contracts(self):
        contracts = self.contract_a | self.contract_a_hidden | self.contract_b
        self.assertEqual(self._visible(self.portal_user, contracts), self.contract_a)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.contract_b.with_user(self.portal_user).read(["code"])
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.contract_a.with_user(self.portal_user).write({"status": "paid_off"})
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.development_a.with_user(self.portal_user).read(["name"])

    def test_unpublished_development_hides_its_contracts_from_the_customer(self):
        self.development_a.visible_on_portal = False
        self.assertFalse(self._visible(self.portal_user, self.contract_a))

    def test_operators_only_read(self):
        for record, vals in (
            (self.contract_a, {"status": "paid_off"}),
            (self.development_a, {"name": "Renamed"}),
            (self.block_a, {"name": "Renamed"}),
            (self.lot_a1, {"area": 1.0}),
        ):
            with self.subTest(model=record._name), mute_logger("odoo.models"):
                with self.assertRaises(AccessError):
                    record.with_user(self.operator).write(vals)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.env["realestate.development"].with_user(self.operator).create(
                {"code": "X", "name": "X"}
            )

    def test_operator_cannot_read_another_development(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.contract_b.with_user(self.operator).read(["code"])

    def test_administrators_write_within_their_scope(self):
        self.contract_a.with_user(self.admin_assigned).write({"status": "defaulting"})
        self.assertEqual(self.contract_a.status, "defaulting")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.contract_b.with_user(self.admin_assigned).write({"status": "defaulting"})
        self.contract_b.with_user(self.admin_all).write({"status": "paid_off"})
        self.assertEqual(self.contract_b.status, "paid_off")

    def test_internal_user_without_role_has_no_access(self):
        from odoo.tests import new_test_user
        employee = new_test_user(self.env, login="po_employee", groups="base.group_user")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.contract_a.with_user(employee).read(["code"])

    def test_operators_choose_their_notifications_but_not_their_developments(self):
        operator_env = self.operator.with_user(self.operator)
        operator_env.write({"portal_notify_change_request": False, "portal_notify_contact_request": True})
        self.assertRecordValues(self.operator, [
            {"portal_notify_change_request": False, "portal_notify_contact_request": True},
        ])
        with mute_logger("odoo.models", "odoo.addons.base.models.res_users"), \
                self.assertRaises(AccessError):
            operator_env.write({"portal_development_ids": [(6, 0, self.development_b.ids)]})

    def test_operators_read_the_customers_of_their_developments_only(self):
        """Customers (a Mega code) and their contacts, with their messages and files, are
        read within the assigned developments; unrestricted administrators read all."""
        contact_a = self.env["res.partner"].create({"name": "Contato Maria", "parent_id": self.customer_a.id})
        outsider = self._create_customer("Ana Sem Contrato", "98765432100", "TAG-9")
        note = self.customer_b.message_post(body="CPF conferido", message_type="comment")
        attachment = self.env["ir.attachment"].create({
            "name": "rg.pdf", "raw": b"rg", "res_model": "res.partner", "res_id": self.customer_b.id,
        })
        customers = self.customer_a | contact_a | self.customer_b | outsider
        staff_partner = self.operator_b.partner_id
        cases = [
            (self.operator, self.customer_a | contact_a),
            (self.operator_b, self.customer_b),
            (self.admin_assigned, self.customer_a | contact_a),
            (self.admin_all, customers),
        ]
        for user, expected in cases:
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                self.assertEqual(Partner.search([("id", "in", customers.ids)]), expected)
                self.assertEqual(
                    Partner.search_count([("mega_agent_code", "!=", False), ("id", "in", customers.ids)]),
                    len(expected.filtered("mega_agent_code")),
                )
                self.assertTrue(Partner.search([("id", "=", staff_partner.id)]), "staff stay visible")
        with mute_logger("odoo.models", "odoo.addons.base.models.ir_rule"):
            with self.assertRaises(AccessError):
                self.customer_b.with_user(self.operator).read(["vat", "email"])
            with self.assertRaises(AccessError):
                outsider.with_user(self.admin_assigned).read(["vat"])
            with self.assertRaises(AccessError):
                note.with_user(self.operator).read(["body"])
            with self.assertRaises(AccessError):
                attachment.with_user(self.operator).read(["datas"])
        self.assertTrue(note.with_user(self.operator_b).read(["body"]))
        self.assertTrue(attachment.with_user(self.operator_b).read(["name"]))
