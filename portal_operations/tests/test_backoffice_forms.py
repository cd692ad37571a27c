# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import PortalOperationsCase


@tagged("post_install", "-at_install")
class TestBackofficeForms(PortalOperationsCase):
    """Every wizard and editable list of the back office saved through its own view, as
    the web client sends it (``odoo.tests.Form``), by an administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.admin_env = cls.env(user=cls.admin_all)

    def _pending_request(self, values=None):
        self._set_field_rule("birth_date", "review")
        self._set_field_rule("marital_status", "review")
        return self._submit_as(self.portal_user, self.customer_a, values or {
            "zip": "13087-000", "birth_date": "1980-05-17", "marital_status": "married",
        })

    def _correct_form(self, request):
        action = request.with_env(self.admin_env).action_open_correct_wizard()
        wizard_model = self.admin_env[action["res_model"]].with_context(**action["context"])
        return Form(wizard_model, view="portal_operations.portal_change_request_correct_view_form")

    def test_correct_wizard_saves_its_lines(self):
        request = self._pending_request()
        with self._correct_form(request) as wizard:
            # one "corrected" column per kind of value asked for, each with its own title
            self.assertEqual(
                (wizard.has_text_lines, wizard.has_date_lines, wizard.has_selection_lines, wizard.has_state_lines),
                (True, True, True, False),
            )
            for index in range(len(wizard.line_ids)):
                with wizard.line_ids.edit(index) as line:
                    if line.field_type == "char":
                        line.value_char = "13010-100"
                    elif line.field_type == "date":
                        line.value_date = "1980-05-18"
        wizard.record.action_correct()
        self.assertRecordValues(request.line_ids.sorted("field_name"), [
            {"field_name": "birth_date", "is_corrected": True, "corrected_value": "1980-05-18"},
            {"field_name": "marital_status", "is_corrected": False, "corrected_value": False},
            {"field_name": "zip", "is_corrected": True, "corrected_value": "13010-100"},
        ])
        self.assertRecordValues(request, [{"state": "pending", "has_corrections": True}])

    def test_correct_and_approve_from_the_wizard(self):
        request = self._pending_request({"zip": "13087-000"})
        with self._correct_form(request) as wizard, wizard.line_ids.edit(0) as line:
            line.value_char = "13010-100"
        wizard.record.action_correct_and_approve()
        self.assertRecordValues(request, [{"state": "approved", "decided_by_id": self.admin_all.id}])
        self.assertEqual(self.customer_a.zip, "13010-100")

    def test_confirm_approve_after_saved_corrections(self):
        request = self._pending_request({"zip": "13087-000"})
        with self._correct_form(request) as wizard, wizard.line_ids.edit(0) as line:
            line.value_char = "13010-100"
        wizard.record.action_correct()
        request.with_env(self.admin_env).action_confirm_approve()
        self.assertRecordValues(request, [{"state": "approved"}])
        self.assertEqual(self.customer_a.zip, "13010-100")

    def test_correct_wizard_refuses_a_bad_value(self):
        request = self._pending_request({"zip": "13087-000"})
        with self._correct_form(request) as wizard, wizard.line_ids.edit(0) as line:
            line.value_char = "123"
        with self.assertRaises(ValidationError):
            wizard.record.action_correct()
        self.assertRecordValues(request.line_ids, [{"is_corrected": False, "requested_value": "13087-000"}])

    def test_reject_wizard(self):
        request = self._pending_request({"zip": "13087-000"})
        action = request.with_env(self.admin_env).action_open_reject_wizard()
        with Form(self.admin_env[action["res_model"]].with_context(**action["context"]),
                  view="portal_operations.portal_change_request_reject_view_form") as wizard:
            wizard.reason = "CEP de outra cidade."
        wizard.record.action_reject()
        self.assertRecordValues(request, [{"state": "rejected", "reject_reason": "CEP de outra cidade."}])

    def test_date_range_wizard(self):
        self.admin_all.tz = "America/Sao_Paulo"
        inside = self._pending_request({"zip": "13087-000"})
        inside.sudo().date_submitted = datetime(2026, 11, 11, 2, 30)  # 10/11 23:30 in São Paulo
        outside = self.env["portal.change.request"]._submit(self.customer_b, {"zip": "13087-002"})
        outside.sudo().date_submitted = datetime(2026, 11, 10, 2, 30)  # 9/11 in São Paulo
        Wizard = self.admin_env["portal.change.request.date.range"].with_context(tz="America/Sao_Paulo")
        with Form(Wizard, view="portal_operations.portal_change_request_date_range_view_form") as wizard:
            wizard.date_from = "2026-11-10"
            wizard.date_to = "2026-11-10"
        action = wizard.record.action_search()
        found = self.admin_env["portal.change.request"].search(action["domain"])
        self.assertIn(inside, found)
        self.assertNotIn(outside, found)
        self.assertIn(format_date(self.admin_env, date(2026, 11, 10)), action["name"])

    def test_date_range_wizard_from_the_list_answers_a_facet(self):
        """From the list's button: the period as a facet of that same list's search."""
        inside = self._pending_request({"zip": "13087-000"})
        inside.sudo().date_submitted = datetime(2026, 11, 11, 2, 30)  # 10/11 23:30 in São Paulo
        Wizard = self.admin_env["portal.change.request.date.range"].with_context(
            tz="America/Sao_Paulo", portal_operations_date_range_facet=True,
        )
        with Form(Wizard, view="portal_operations.portal_change_request_date_range_view_form") as wizard:
            wizard.date_from = "2026-11-10"
            wizard.date_to = "2026-11-10"
        action = wizard.record.action_search()
        self.assertEqual(action["type"], "ir.actions.act_window_close", "the dialog closes on the same list")
        facet = action["infos"]["portal_operations_date_range_facet"]
        self.assertEqual(facet["domain"], [
            ["date_submitted", ">=", "2026-11-10 03:00:00"], ["date_submitted", "<", "2026-11-11 03:00:00"],
        ])
        self.assertIn(inside, self.admin_env["portal.change.request"].search(facet["domain"]))
        self.assertIn(format_date(self.admin_env, date(2026, 11, 10)), facet["description"])

    def test_date_range_wizard_refuses_a_reversed_period(self):
        Wizard = self.admin_env["portal.change.request.date.range"]
        form = Form(Wizard, view="portal_operations.portal_change_request_date_range_view_form")
        form.date_from = "2026-11-10"
        form.date_to = "2026-11-09"
        with self.assertRaises(ValidationError):
            form.save()

    def test_field_rule_list_is_editable(self):
        rule = self.env.ref("portal_operations.change_field_rule_zip")
        with Form(rule.with_env(self.admin_env), view="portal_operations.portal_change_field_rule_view_list") as row:
            row.rule = "automatic"
        self.assertEqual(rule.rule, "automatic")
        request = self._submit_as(self.portal_user, self.customer_a, {"zip": "13087-000"})
        self.assertRecordValues(request, [{"state": "approved", "auto_approved": True}])

    def test_field_rule_list_edits_only_the_rule_label_and_section_in_the_form(self):
        rule = self.env.ref("portal_operations.change_field_rule_zip")
        with Form(rule.with_env(self.admin_env), view="portal_operations.portal_change_field_rule_view_list") as row:
            for readonly in ("name", "section"):
                with self.subTest(field=readonly), self.assertRaises(AssertionError):
                    setattr(row, readonly, "x")
        section = rule.section
        with Form(rule.with_env(self.admin_env), view="portal_operations.portal_change_field_rule_view_form") as form:
            form.name = "CEP (Código Postal)"
            form.section = section
        self.assertEqual(rule.name, "CEP (Código Postal)")

    def test_rules_are_read_once_and_follow_their_changes(self):
        """Partner writes read the rules from a cache: a rule created, moved or deleted
        counts at once."""
        Rule = self.env["portal.change.field.rule"]
        rules = Rule._get_rules()
        self.assertEqual(
            list(rules), Rule.search([("company_id", "=", self.env.company.id)]).mapped("field_name"),
            "in display order",
        )
        with self.assertQueryCount(0):
            Rule._get_rules()
        rules["zip"].sequence = rules["city"].sequence + 1
        names = list(Rule._get_rules())
        self.assertGreater(names.index("zip"), names.index("city"))
        field = rules["other_emails"].field_id
        rules["other_emails"].unlink()
        self.assertNotIn("other_emails", Rule._get_rules())
        self.customer_a.other_emails = "not an e-mail"  # no rule: not checked
        Rule.create({"name": "Outros e-mails", "field_id": field.id, "section": "contact", "value_kind": "email_list"})
        with self.assertRaises(ValidationError):
            self.customer_a.other_emails = "still not an e-mail"

    def test_opinion_wizard(self):
        request_type = self._create_contact_request_type("Segunda via")
        contact = self._create_contact_request(request_type, self.customer_a, self.contract_a)
        action = contact.with_env(self.admin_env).action_add_opinion()
        with Form(self.admin_env[action["res_model"]].with_context(**action["context"]),
                  view="portal_operations.portal_contact_opinion_wizard_view_form") as wizard:
            wizard.state = "resolved"
            wizard.text = "Boleto enviado por e-mail."
        wizard.record.action_confirm()
        self.assertRecordValues(contact, [{"state": "resolved", "opinion_count": 1}])

    def test_sync_screen_saves_the_error_log_choice(self):
        backend = self.env.ref("portal_operations.mega_backend_main")
        with Form(backend.with_env(self.admin_env), view="portal_operations.mega_backend_view_form") as screen:
            screen.show_error_log = True
        self.assertTrue(backend.show_error_log)
