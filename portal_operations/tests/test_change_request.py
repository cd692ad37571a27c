# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal_operations.validation import FROM_ERP_CONTEXT

from .common import CPF_ANA, CPF_MARIA, PortalOperationsCase


@tagged("post_install", "-at_install")
class TestChangeRequest(PortalOperationsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.write({"zip": "13010-100", "street_name": "Rua das Flores", "city": "Campinas"})
        cls.ChangeRequest = cls.env["portal.change.request"]

    def _submit(self, values, partner=None):
        return self._submit_as(self.portal_user, partner or self.customer_a, values)

    def _customer_mails(self, request):
        return self.env["mail.mail"].search([
            ("model", "=", "portal.change.request"), ("res_id", "=", request.id),
            ("recipient_ids", "in", request.partner_id.ids),
        ])

    # ------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------

    def test_submit_keeps_original_and_requested_values_and_changes_nothing(self):
        request = self._submit({"email": "maria.nova@example.com.br", "zip": "13087000",
                                "street_name": "Rua das Flores"})
        self.assertRecordValues(request, [{
            "state": "pending", "partner_id": self.customer_a.id,
            "submitted_by_id": self.portal_user.id, "sync_state": False,
            "development_id": self.development_a.id,
        }])
        self.assertChangeLines(request, {
            "email": ("tag-1@example.com.br", "maria.nova@example.com.br"),
            "zip": ("13010-100", "13087-000"),
        })
        self.assertEqual(request.contract_ids, self.contract_a | self.contract_a_hidden)
        self.assertEqual(request.original_values["street_name"], "Rua das Flores")
        self.assertEqual(self.customer_a.email, "tag-1@example.com.br", "nothing applied before approval")
        self.assertTrue(request.name.startswith("ALT/"))

    def test_unchanged_values_create_nothing(self):
        self.assertFalse(self._submit({"email": self.customer_a.email, "zip": "13010100"}))
        self.assertFalse(self.ChangeRequest.search([("partner_id", "=", self.customer_a.id)]))

    def test_bad_input_is_refused_and_nothing_is_saved(self):
        self._set_field_rule("rg", "locked")
        cases = [
            ({"vat": "529.982.247-24"}, "CPF/CNPJ"),
            ({"vat": "111.111.111-11"}, "CPF/CNPJ"),
            ({"spouse_cpf": "123"}, "Spouse CPF"),
            ({"zip": "1301-100"}, "CEP"),
            ({"zip": "ABCDE-FGH"}, "CEP"),
            ({"email": "maria@"}, "Main e-mail"),
            ({"other_emails": "a@b.com, nope"}, "Other e-mails"),
            ({"phone": "12345"}, "Landline"),
            ({"mobile": "(19) 8876-54321"}, "Mobile"),
            ({"birth_date": date.today() + timedelta(days=1)}, "Birth date"),
            ({"birth_date": "31/02/1980"}, "Birth date"),
            ({"name": "M" * 121}, "too long"),
            ({"name": ""}, "Name"),
            ({"marital_status": "complicated"}, "Marital status"),
            ({"state_id": 999999999}, "State"),
            ({"rg": "99.999.999-9"}, "cannot be changed"),
            ({"comment": "not personal data"}, "cannot be changed"),
        ]
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, message):
                self._submit(values)
        self.assertFalse(self.ChangeRequest.search([("partner_id", "=", self.customer_a.id)]))

    def test_company_needs_a_cnpj(self):
        with self.assertRaisesRegex(ValidationError, "CNPJ"):
            self._submit({"person_type": "J", "vat": CPF_ANA})
        request = self._submit({"person_type": "J", "vat": "11.222.333/0001-81"})
        self.assertChangeLines(request, {"person_type": ("F", "J"), "vat": (CPF_MARIA, "11222333000181")})

    def test_markup_is_refused_and_an_erp_value_with_markup_never_rendered(self):
        markup = '<script>alert("x")</script><b>Rua</b>'
        with self.assertRaisesRegex(ValidationError, "write plain text"):
            self._submit({"street_name": markup})
        # Mega ERP's value is stored as sent: shown as text, never as markup
        self.customer_a.with_context(**FROM_ERP_CONTEXT).write({"street_name": markup})
        request = self._submit({"email": "maria.nova@example.com.br"})
        self.assertNotIn("<script>", str(request.review_html))
        self.assertIn("&lt;script&gt;", str(request.review_html))

    def test_a_newer_request_supersedes_and_carries_the_pending_changes(self):
        first = self._submit({"email": "maria.nova@example.com.br"})
        second = self._submit({"zip": "13087-000"})
        self.assertRecordValues(first, [{"state": "inactive", "superseded_by_id": second.id}])
        self.assertChangeLines(second, {
            "email": ("tag-1@example.com.br", "maria.nova@example.com.br"),
            "zip": ("13010-100", "13087-000"),
        })
        third = self._submit({"email": "maria.outra@example.com.br"})
        self.assertEqual(second.state, "inactive")
        self.assertChangeLines(third, {
            "email": ("tag-1@example.com.br", "maria.outra@example.com.br"),
            "zip": ("13010-100", "13087-000"),
        })
        self.assertEqual(
            self.ChangeRequest.search_count([("partner_id", "=", self.customer_a.id), ("state", "=", "pending")]), 1,
        )

    def test_customer_withdraws_a_pending_request(self):
        request = self._submit({"email": "maria.nova@example.com.br"})
        request.with_user(self.portal_user).sudo().action_withdraw()
        self.assertEqual(request.state, "deleted")
        with self.assertRaises(UserError):
            request.sudo().action_withdraw()

    def test_drift_is_shown(self):
        request = self._submit({"email": "maria.nova@example.com.br"})
        self.assertFalse(request.line_ids.has_drifted)
        self.customer_a.email = "maria.erp@example.com.br"  # e.g. changed in Mega ERP meanwhile
        self.env.invalidate_all()
        self.assertRecordValues(request.line_ids, [{
            "has_drifted": True, "current_display": "maria.erp@example.com.br",
            "old_display": "tag-1@example.com.br",
        }])
        self.assertIn("maria.erp@example.com.br", str(request.review_html))

    # ------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------

    def test_approve_writes_the_partner_and_queues_for_mega(self):
        request = self._submit({"email": "maria.nova@example.com.br", "zip": "13087000",
                                "state_id": self.env.ref("base.state_br_sp").id})
        request.with_user(self.admin_all).action_approve()
        self.assertRecordValues(request, [{
            "state": "approved", "sync_state": "to_sync", "decided_by_id": self.admin_all.id,
        }])
        self.assertRecordValues(self.customer_a, [{
            "email": "maria.nova@example.com.br", "zip": "13087-000",
            "state_id": self.env.ref("base.state_br_sp").id,
        }])
        mails = self._customer_mails(request)
        self.assertEqual(len(mails), 1)
        self.assertIn("was approved", mails.subject)
        self.assertIn("maria.nova@example.com.br", mails.body_html)
        self.assertTrue(any("approved" in str(body) for body in request.message_ids.mapped("body")))

    def test_refused_transitions_change_nothing(self):
        request = self._submit({"email": "maria.nova@example.com.br"})
        request.with_user(self.admin_all).action_approve()
        for action in ("action_approve", "action_confirm_approve", "action_discard",
                       "action_open_correct_wizard", "action_open_reject_wizard"):
            with self.subTest(action=action), self.assertRaisesRegex(UserError, "only pending"):
                getattr(request.with_user(self.admin_all), action)()
        with self.assertRaisesRegex(UserError, "only pending"):
            request.with_user(self.admin_all)._reject("Too late")
        self.assertRecordValues(request, [{"state": "approved", "reject_reason": False}])

    def test_correct_then_confirm_and_approve(self):
        request = self._submit({"zip": "13087000", "email": "maria.nova@example.com.br"})
        admin_request = request.with_user(self.admin_all)
        with self.assertRaisesRegex(ValidationError, "CEP"):
            admin_request._correct({"zip": "123"})
        with self.assertRaisesRegex(ValidationError, "did not ask"):
            admin_request._correct({"street_name": "Outra"})
        admin_request._correct({"zip": "13087-010"})
        self.assertEqual(request.state, "pending")
        zip_line = request.line_ids.filtered(lambda line: line.field_name == "zip")
        self.assertRecordValues(zip_line, [{
            "old_value": "13010-100", "requested_value": "13087-000",
            "corrected_value": "13087-010", "is_corrected": True,
        }])
        self.assertTrue(request.has_corrections)
        admin_request.action_confirm_approve()
        self.assertRecordValues(self.customer_a, [{"zip": "13087-010", "email": "maria.nova@example.com.br"}])
        self.assertEqual(zip_line.requested_value, "13087-000", "the requested value is kept")
        self.assertIn("with corrections", self._customer_mails(request).subject)

    def test_approve_as_requested_sets_corrections_aside(self):
        request = self._submit({"zip": "13087000"})
        request.with_user(self.admin_all)._correct({"zip": "13087-010"})
        request.with_user(self.admin_all).action_approve()
        self.assertEqual(self.customer_a.zip, "13087-000")

    def test_correction_wizard(self):
        request = self._submit({"zip": "13087000", "birth_date": "1980-05-01", "marital_status": "divorced"})
        Wizard = self.env["portal.change.request.correct"].with_user(self.admin_all)
        wizard = Wizard.with_context(default_request_id=request.id).create({})
        self.assertEqual(len(wizard.line_ids), 3)
        by_field = {line.field_name: line for line in wizard.line_ids}
        by_field["zip"].value_char = "13087-111"
        by_field["birth_date"].value_date = date(1980, 5, 2)
        by_field["marital_status"].value_selection_id = self.env["ir.model.fields.selection"].search([
            ("field_id.model", "=", "res.partner"), ("field_id.name", "=", "marital_status"),
            ("value", "=", "widowed"),
        ])
        wizard.action_correct_and_approve()
        self.assertRecordValues(self.customer_a, [{
            "zip": "13087-111", "birth_date": date(1980, 5, 2), "marital_status": "widowed",
        }])

    def test_reject_needs_a_reason_the_customer_reads(self):
        request = self._submit({"email": "maria.nova@example.com.br"})
        wizard = self.env["portal.change.request.reject"].with_user(self.admin_all).create(
            {"request_id": request.id, "reason": "   "}
        )
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_reject()
        wizard.reason = "O e-mail informado não é seu."
        wizard.action_reject()
        self.assertRecordValues(request, [{"state": "rejected", "reject_reason": "O e-mail informado não é seu."}])
        self.assertEqual(self.customer_a.email, "tag-1@example.com.br")
        mail = self._customer_mails(request)
        self.assertIn("was not approved", mail.subject)
        self.assertIn("O e-mail informado não é seu.", mail.body_html)

    def test_staff_discard_keeps_the_request_as_deleted(self):
        request = self._submit({"email": "maria.nova@example.com.br"})
        request.with_user(self.admin_all).action_discard()
        self.assertEqual(request.state, "deleted")
        self.assertTrue(request.exists())

    def test_the_submitter_never_decides(self):
        request = self._submit_as(self.admin_all, self.customer_a, {"email": "maria.nova@example.com.br"})
        with self.assertRaisesRegex(UserError, "someone else"):
            request.with_user(self.admin_all).action_approve()
        own_partner_request = self._submit_as(
            self.portal_user, self.admin_all.partner_id, {"email": "admin.all@example.com.br"},
        )
        with self.assertRaisesRegex(UserError, "someone else"):
            own_partner_request.with_user(self.admin_all).action_approve()
        request.with_user(self.admin_assigned).action_approve()
        self.assertEqual(request.state, "approved")

    # ------------------------------------------------------------
    # Parâmetros Cadastrais
    # ------------------------------------------------------------

    def test_automatic_mode_applies_at_once(self):
        self.env.company.change_approval_mode = "automatic"
        request = self._submit({"email": "maria.nova@example.com.br"})
        self.assertRecordValues(request, [{"state": "approved", "auto_approved": True, "sync_state": "to_sync"}])
        self.assertEqual(self.customer_a.email, "maria.nova@example.com.br")
        self.assertFalse(self._customer_mails(request), "nothing to tell: the customer just did it")

    def test_per_field_rules(self):
        self._set_field_rule("email", "automatic")
        self._set_field_rule("rg", "locked")
        request = self._submit({"email": "maria.nova@example.com.br", "street_name": "Rua Nova"})
        self.assertEqual(self.customer_a.email, "maria.nova@example.com.br", "applied at once")
        self.assertEqual(self.customer_a.street_name, "Rua das Flores", "waits for review")
        self.assertRecordValues(request, [{"state": "pending"}])
        self.assertChangeLines(request, {"street_name": ("Rua das Flores", "Rua Nova")})
        automatic = self.ChangeRequest.search([("partner_id", "=", self.customer_a.id), ("auto_approved", "=", True)])
        self.assertRecordValues(automatic, [{"state": "approved", "sync_state": "to_sync"}])
        self.assertChangeLines(automatic, {"email": ("tag-1@example.com.br", "maria.nova@example.com.br")})
        with self.assertRaisesRegex(ValidationError, "cannot be changed"):
            self._submit({"rg": "12.345.678-9"})

    # ------------------------------------------------------------
    # Rights and notifications
    # ------------------------------------------------------------

    def test_each_rule_knows_the_type_of_its_field(self):
        """The type comes from the registry (no query); it is the field's type there."""
        rules = self.env["portal.change.field.rule"].search([])
        self.assertTrue(rules)
        self.assertEqual([rule.field_type for rule in rules], [rule.field_id.ttype for rule in rules])
        self.assertIn("many2one", rules.mapped("field_type"))

    def test_record_rules(self):
        request_a = self._submit({"email": "maria.nova@example.com.br"})
        request_b = self._submit_as(self.portal_user, self.customer_b, {"email": "joao.novo@example.com.br"})
        requests = request_a | request_b
        cases = [
            (self.operator, request_a),
            (self.operator_b, request_b),
            (self.admin_assigned, request_a),
            (self.admin_all, requests),
            (self.portal_user, request_a),
        ]
        for user, expected in cases:
            with self.subTest(user=user.login):
                self.assertEqual(self.ChangeRequest.with_user(user).search([("id", "in", requests.ids)]), expected)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            request_b.with_user(self.operator).read(["name"])
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            request_b.with_user(self.portal_user).read(["name"])

    def test_a_search_repeating_the_record_rule_finds_what_the_rule_allows(self):
        """The assigned administrator's search on their development (the default list)
        drops the condition the record rule adds anyway; the rule still applies."""
        request_a = self._submit({"email": "maria.nova@example.com.br"})
        request_b = self._submit({"email": "joao.novo@example.com.br"}, partner=self.customer_b)
        Request = self.ChangeRequest.with_user(self.admin_assigned)
        mine = self.development_a.ids
        allowed = Request.search([])
        self.assertIn(request_a, allowed)
        self.assertNotIn(request_b, allowed)
        for domain in ([("development_ids", "in", mine)],
                       [("development_ids", "in", mine), ("state", "=", "pending")]):
            with self.subTest(domain=domain):
                self.assertEqual(Request.search(domain), allowed.filtered_domain(domain))
                self.assertEqual(Request.search_count(domain), len(allowed.filtered_domain(domain)))
        self.assertEqual(Request._without_conditions_of_rules(Request._in_developments_domain(mine)), Domain.TRUE)
        self.assertFalse(Request.search([("development_ids", "in", self.development_b.ids)]))
        self.assertFalse(Request.search([("id", "=", request_b.id)]), "the rule is still applied")
        groups = Request._read_group([("development_ids", "in", mine)], ["development_id"], ["__count"])
        self.assertEqual(sum(count for __, count in groups), len(allowed))

    def test_a_customer_of_two_developments_is_seen_by_the_staff_of_both(self):
        """The record rules read a request's main development unless it has others
        (``several_developments``): a customer with contracts in two developments is
        reviewed by the staff of either, a customer of one by that one's only."""
        self._create_contract("TCT-AB9", self.customer_a, self._create_lot(self.block_b, "09"))
        both = self._submit({"email": "maria.nova@example.com.br"})
        only_b = self._submit({"email": "joao.novo@example.com.br"}, partner=self.customer_b)
        self.assertRecordValues(both | only_b, [
            {"several_developments": True, "development_id": self.development_a.id},
            {"several_developments": False, "development_id": self.development_b.id},
        ])
        self.assertEqual(both.sudo().development_ids, self.development_a | self.development_b)
        for user, expected in ((self.operator, both), (self.admin_assigned, both),
                               (self.operator_b, both | only_b), (self.admin_all, both | only_b)):
            with self.subTest(user=user.login):
                Request = self.ChangeRequest.with_user(user)
                self.assertEqual(Request.search([("id", "in", (both | only_b).ids)]), expected)
                self.assertEqual(
                    Request.search([("id", "in", (both | only_b).ids),
                                    ("development_ids", "in", self.development_b.ids)]),
                    expected & (both | only_b),
                )
        self.assertEqual(
            self.ChangeRequest.search([("development_ids", "in", self.development_b.ids),
                                       ("id", "in", (both | only_b).ids)]),
            both | only_b, "a search on development_ids finds the requests of every development they have",
        )

    def test_a_request_keeps_an_archived_development_among_its_developments(self):
        """``several_developments`` reads the relation as stored: a contract in an
        archived development counts; the staff of the main one still review it."""
        self._create_contract("TCT-AB8", self.customer_a, self._create_lot(self.block_b, "08"))
        self.development_b.action_archive()
        request = self._submit({"email": "maria.nova@example.com.br"}).sudo()
        self.assertRecordValues(request, [{"several_developments": True, "development_id": self.development_a.id}])
        self.assertEqual(
            request.with_context(active_test=False).development_ids, self.development_a | self.development_b,
        )
        for user in (self.operator, self.admin_assigned):
            with self.subTest(user=user.login):
                self.assertEqual(self.ChangeRequest.with_user(user).search([("id", "=", request.id)]), request)

    def test_a_submission_supersedes_the_pending_request_the_submitter_cannot_see(self):
        """An administrator of another development asks for the customer: the pending
        request they cannot read is superseded all the same (one pending request)."""
        pending = self._submit({"email": "maria.nova@example.com.br"})
        self._create_contract("TCT-AB7", self.customer_a, self._create_lot(self.block_b, "07"))
        admin_b = self._create_staff(
            "po_admin_b", "portal_operations.group_portal_operations_admin", self.development_b,
        )
        self.assertFalse(self.ChangeRequest.with_user(admin_b).search([("id", "=", pending.id)]))
        self.env.invalidate_all()  # nothing the submission reads comes from the cache
        newer = self._submit_as(admin_b, self.customer_a, {"street_number": "987"})
        self.assertRecordValues(pending, [{"state": "inactive", "superseded_by_id": newer.id}])
        self.assertEqual(set(newer.sudo().line_ids.mapped("field_name")), {"email", "street_number"})
        self.assertEqual(newer.sudo()._final_values()["email"], "maria.nova@example.com.br")
        self.assertEqual(self.ChangeRequest.search(
            [("partner_id", "=", self.customer_a.id), ("state", "=", "pending")],
        ), newer)

    def test_operators_only_read(self):
        request = self._submit({"email": "maria.nova@example.com.br"})
        for action in ("action_approve", "action_confirm_approve", "action_discard",
                       "action_open_correct_wizard", "action_open_reject_wizard"):
            with self.subTest(action=action), self.assertRaisesRegex(UserError, "administrator"):
                getattr(request.with_user(self.operator), action)()
        with self.assertRaisesRegex(UserError, "administrator"):
            request.with_user(self.operator)._reject("No")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            request.with_user(self.operator).write({"state": "approved"})
        self.assertEqual(request.state, "pending")

    def test_staff_who_opted_in_are_emailed_about_new_requests(self):
        self.env["res.users"].search([]).portal_notify_change_request = False  # demo users
        self.operator.portal_notify_change_request = True
        self.operator_b.portal_notify_change_request = True
        self.admin_all.portal_notify_change_request = True
        self.admin_assigned.portal_notify_change_request = False
        Request = self.env["portal.change.request"]
        cron = self.env.ref("portal_operations.ir_cron_change_request_notify_staff")
        Trigger = self.env["ir.cron.trigger"]
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        request = self._submit({"email": "maria.nova@example.com.br"})
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1, "the staff's job is woken up")
        self._submit({"email": "joao.novo@example.com.br"}, partner=self.customer_b)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), 1, "once while it has not run")

        def mails():
            return self.env["mail.mail"].search([("model", "=", "portal.change.request"), ("res_id", "=", request.id)])

        # the submission queues the e-mail: the staff's job renders it
        self.assertFalse(mails())
        self.assertTrue(request.staff_notification_due)
        Request._notify_due_staff()
        self.assertEqual(len(mails()), 1)
        self.assertIn("New registration change", mails().subject)
        self.assertEqual(mails().recipient_ids, (self.operator | self.admin_all).partner_id)
        self.assertEqual(mails().author_id, request.submitted_by_id.partner_id, "from who submitted it")
        self.assertFalse(request.staff_notification_due)
        Request._notify_due_staff()
        self.assertEqual(len(mails()), 1, "once")
