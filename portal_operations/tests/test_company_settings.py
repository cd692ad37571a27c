# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import inspect

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PortalOperationsCase

MUTED = ("odoo.models", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestCompanySettings(PortalOperationsCase):
    """Settings hold where their effect is: each company has its own registration field
    rules (Parâmetros Cadastrais), the CEP cache is shared and changed by Odoo's system
    administrators only, and every model says how it treats companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_other_company()
        cls.Rule = cls.env["portal.change.field.rule"]

    def _rule(self, company, field_name):
        return self.Rule.sudo().search([("company_id", "=", company.id), ("field_name", "=", field_name)])

    def test_each_company_has_its_own_rules(self):
        main_rules = self.Rule._get_rules(self.env.company)
        other_rules = self.Rule._get_rules(self.company_b)
        self.assertEqual(list(main_rules), list(other_rules), "the same fields, in the same order")
        self.assertFalse(set(main_rules.values()) & set(other_rules.values()))
        self.assertEqual(set(other_rules["email"].mapped("company_id")), {self.company_b})

    def test_a_new_company_gets_its_rules(self):
        self._set_field_rule("email", "automatic")
        company = self.env["res.company"].create({"name": "Loteadora Nova"})
        rules = self.Rule._get_rules(company)
        self.assertEqual(len(rules), len(self.Rule._get_rules(self.env.company)))
        self.assertEqual(rules["email"].rule, "review", "a new company decides its own")

    def test_an_administrator_changes_the_rules_of_own_company_only(self):
        rule_a = self._rule(self.env.company, "email")
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            rule_a.with_user(self.admin_b).write({"rule": "automatic"})
        self.assertFalse(self.Rule.with_user(self.admin_b).search([("id", "=", rule_a.id)]))
        self.assertEqual(rule_a.rule, "review")
        self._rule(self.company_b, "email").with_user(self.admin_b).write({"rule": "automatic"})
        self.assertEqual(rule_a.rule, "review")

    def test_a_company_rule_applies_to_its_customers_only(self):
        self._rule(self.company_b, "email").with_user(self.admin_b).write({"rule": "automatic"})
        change = self.env["portal.change.request"]._submit(self.customer_a, {"email": "maria.nova@example.com.br"})
        self.assertEqual(change.state, "pending", "the main company still reviews e-mails")
        self.assertNotEqual(self.customer_a.email, "maria.nova@example.com.br")
        change_c = self.env["portal.change.request"]._submit(self.customer_c, {"email": "carlos.auto@example.com.br"})
        self.assertEqual(change_c.state, "approved")

    def test_the_cep_cache_is_changed_by_system_administrators_only(self):
        cached = self.env["portal.cep.address"].create({"cep": "01310100", "found": True, "uf": "SP"})
        for user in (self.admin_all, self.admin_b):
            with self.subTest(user=user.login), mute_logger(*MUTED):
                for operation in (lambda c: c.unlink(), lambda c: c.write({"street": "Falsa"})):
                    with self.assertRaises(AccessError):
                        operation(cached.with_user(user))
        system = new_test_user(self.env, login="po_system", groups="base.group_system")
        cached.with_user(system).unlink()
        self.assertFalse(cached.exists())

    def test_every_model_states_its_company_behaviour(self):
        for name in self.env.registry:
            Model = self.env[name]
            if Model._original_module != "portal_operations" or Model._abstract:
                continue
            with self.subTest(model=name):
                own = [cls for cls in type(Model).__mro__ if getattr(cls, "_name", None) == name
                       and cls.__module__.startswith("odoo.addons.portal_operations.")][-1]
                self.assertIn("ompan", inspect.getdoc(own) or "", f"{name}: say how it treats companies")
