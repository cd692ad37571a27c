# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import json
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import tagged
from odoo.tools import mute_logger

from mega_erp.exceptions import MegaBusyError

from .common import CPF_MARIA, PortalOperationsCase, PortalOperationsHttpCase

MUTED = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")


class PrivacyCase(PortalOperationsCase):
    """``customer_a`` with a Fale Conosco request (a public and an internal parecer, a
    file), a registration change and an LGPD request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.write({
            "rg": "12.345.678-9", "birth_date": "1980-05-17", "mobile": "(19) 99876-5432",
            "spouse_name": "Pedro Teste", "street_name": "Rua das Acácias", "city": "Campinas",
        })
        cls.request_type = cls._create_contact_request_type("Dúvida (LGPD)")
        cls.contact = cls._create_contact_request(
            cls.request_type, cls.customer_a, cls.contract_a, subject="Escritura do lote",
            message="<p>Quando sai a escritura? Meu RG é 12.345.678-9.</p>",
        )
        cls.contact_file = cls.env["ir.attachment"].create({
            "name": "comprovante.pdf", "raw": b"%PDF-comprovante", "res_model": "portal.contact.request",
            "res_id": cls.contact.id,
        })
        cls.contact.attachment_ids = cls.contact_file
        cls.contact.with_user(cls.admin_all)._add_opinion("resolved", "Sai em março.")
        cls.contact.with_user(cls.admin_all)._add_opinion("resolved", "Nota interna: cliente difícil.", internal=True)
        cls.other_contact = cls._create_contact_request(
            cls.request_type, cls.customer_b, cls.contract_b, subject="Pedido do João",
        )
        cls.change = cls.env["portal.change.request"]._submit(cls.customer_a, {"email": "maria.nova@example.com.br"})
        cls.privacy = cls.env["portal.privacy.request"].create({
            "partner_id": cls.customer_a.id, "request_type": "anonymization",
            "description": "Apaguem o que não for necessário.",
        })

    def _export(self, customer=None):
        return self.env["portal.privacy.export"]._prepare_export(customer or self.customer_a)


@tagged("post_install", "-at_install")
class TestPrivacyRequest(PrivacyCase):
    def test_protocol_deadline_and_receipt(self):
        self.assertRegex(self.privacy.name, r"^LGPD\d{4}/\d{5}$")
        self.assertEqual(self.privacy.deadline, self.privacy.date + timedelta(days=15))
        self.assertEqual(self.privacy.state, "pending")
        self.assertEqual(self.privacy.company_id, self.contract_a.company_id)
        self.assertEqual(self.privacy.development_ids, self.development_a)
        receipt = self.privacy.message_ids.filtered(lambda m: self.privacy.name in (m.body or ""))
        self.assertTrue(receipt, "the protocol receipt is in the thread the customer reads")
        self.assertIn(self.customer_a, self.privacy.message_partner_ids)

    def test_overdue_filter_and_escalation(self):
        Privacy = self.env["portal.privacy.request"]
        late = fields.Datetime.now() + timedelta(days=16)
        with patch.object(fields.Datetime, "now", return_value=late):
            self.assertTrue(self.privacy.is_overdue)
            self.assertIn(self.privacy, Privacy.search([("is_overdue", "=", True)]))
            Privacy._escalate_deadlines()
        self.assertTrue(self.privacy.sla_overdue_escalated)
        self.assertTrue(self.privacy.sla_due_soon_escalated)
        self.assertTrue(self.privacy.activity_ids, "the administrators have an activity")
        self.assertNotIn(self.privacy, Privacy.search([("is_overdue", "=", True)]))

    def test_answer_reaches_the_customer(self):
        self.privacy.with_user(self.admin_all)._answer("Seus dados foram anonimizados.")
        self.assertRecordValues(self.privacy, [{
            "state": "answered", "answer": "Seus dados foram anonimizados.",
            "answered_by_id": self.admin_all.id, "timeliness": "in_time", "answered_in_time": True,
        }])
        message = self.privacy.message_ids[:1]
        self.assertIn("Seus dados foram anonimizados.", message.body)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn(self.customer_a, message.notified_partner_ids, "the customer gets it by e-mail")
        self.assertEqual(message.author_id, self.privacy.company_id.partner_id)
        with self.assertRaises(UserError):
            self.privacy.with_user(self.admin_all)._answer("De novo.")

    def _trap_erp(self, fail=False):
        """The occurrences the answer posts to Mega ERP: (contract, type, key) per call."""
        calls = []

        class Client:
            def create_occurrence(self, code, occurrence_type, description, occurred_at, key):
                if fail:
                    raise MegaBusyError("ocupado", "CreateOccurrence")
                calls.append((code, occurrence_type, key))
                return f"OC-{len(calls)}"

        return calls, patch(
            "odoo.addons.portal_operations.models.portal_privacy_request.client_for", lambda backend: Client(),
        )

    def test_answer_posts_an_erp_occurrence_when_configured(self):
        calls, trap = self._trap_erp()
        with trap:
            self.privacy.with_user(self.admin_all)._answer("Feito.")
        self.assertEqual(calls, [], "not configured: nothing reaches the ERP")
        self.env["ir.config_parameter"].set_param("portal_operations.privacy_erp_occurrence", "1")
        other = self.env["portal.privacy.request"].create({"partner_id": self.customer_a.id, "request_type": "sharing"})
        with trap:
            other.with_user(self.admin_all)._answer("Compartilhamos com o cartório.")
        self.assertEqual(sorted(calls), sorted(
            (code, "LGPD", f"lgpd-{other.id}-{code}") for code in ("TCT-A1", "TCT-A2")
        ))
        self.assertEqual(len(self.contract_a.occurrence_ids.filtered(lambda o: o.occurrence_type == "LGPD")), 1)

    def test_erp_refusal_is_noted_and_keeps_the_answer(self):
        self.env["ir.config_parameter"].set_param("portal_operations.privacy_erp_occurrence", "1")
        __, trap = self._trap_erp(fail=True)
        with trap:
            self.privacy.with_user(self.admin_all)._answer("Feito.")
        self.assertEqual(self.privacy.state, "answered")
        self.assertTrue(self.privacy.message_ids.filtered(lambda m: "ocupado" in (m.body or "")))

    def test_only_administrators_answer(self):
        for user in (self.operator, self.portal_user):
            with self.subTest(user=user.login), mute_logger(*MUTED), self.assertRaises(AccessError):
                self.privacy.with_user(user)._answer("Não.")
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            self.privacy.with_user(self.admin_all).write({"state": "answered"})

    def test_visibility_per_role(self):
        self._create_other_company()
        privacy_c = self.env["portal.privacy.request"].create({
            "partner_id": self.customer_c.id, "request_type": "declaration",
        })
        both = self.privacy | privacy_c
        for user, expected in (
            (self.portal_user, self.privacy), (self.portal_user_c, privacy_c),
            (self.operator, self.privacy), (self.operator_b, self.env["portal.privacy.request"]),
            (self.admin_all, self.privacy), (self.admin_b, privacy_c),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(both.with_user(user).search([("id", "in", both.ids)]), expected)

    def test_records_of_processing_by_type_month_and_timeliness(self):
        self.privacy.with_user(self.admin_all)._answer("Feito.")
        late = self.env["portal.privacy.request"].create({"partner_id": self.customer_a.id, "request_type": "sharing"})
        with patch.object(fields.Datetime, "now", return_value=late.date + timedelta(days=20)):
            late.with_user(self.admin_all)._answer("Compartilhamos com o cartório.")
        groups = self.env["portal.privacy.request"]._read_group(
            [("partner_id", "=", self.customer_a.id)], ["request_type", "date:month", "timeliness"], ["__count"],
        )
        self.assertEqual(
            {(request_type, timeliness): count for request_type, __, timeliness, count in groups},
            {("anonymization", "in_time"): 1, ("sharing", "late"): 1},
        )


@tagged("post_install", "-at_install")
class TestPrivacyExport(PrivacyCase):
    def test_customer_section_field_by_field(self):
        customer = self._export()["customer"]
        self.assertEqual(customer["name"], "Maria Teste")
        self.assertEqual(customer["vat"], self.customer_a.vat)
        self.assertIn(CPF_MARIA[:3], customer["vat"])
        self.assertEqual(customer["rg"], "12.345.678-9")
        self.assertEqual(customer["birth_date"], "1980-05-17")
        self.assertEqual(customer["mobile"], self.customer_a.mobile)
        self.assertEqual(customer["spouse_name"], "Pedro Teste")
        self.assertEqual(customer["street_name"], "Rua das Acácias")
        self.assertEqual(customer["email"], self.customer_a.email)
        self.assertEqual(customer["mega_agent_code"], "TAG-1")

    def test_records_field_by_field(self):
        export = self._export()
        self.assertEqual(export["contracts"], [{
            "code": "TCT-A1", "development": "Loteamento Teste A", "block": "QUADRA A", "lot": "LOTE 01",
            "status": "Active", "signature_date": "2024-03-15",
        }, {
            "code": "TCT-A2", "development": "Loteamento Teste A", "block": "QUADRA A", "lot": "LOTE 02",
            "status": "Active", "signature_date": "2024-03-15",
        }])
        [change] = export["change_requests"]
        self.assertEqual(change["number"], self.change.name)
        self.assertEqual(change["state"], "Pending")
        self.assertEqual([line["requested"] for line in change["changes"]], ["maria.nova@example.com.br"])
        [contact] = export["contact_requests"]
        self.assertEqual(contact["protocol"], self.contact.name)
        self.assertEqual(contact["subject"], "Escritura do lote")
        self.assertEqual(contact["message"], "Quando sai a escritura? Meu RG é 12.345.678-9.")
        self.assertEqual(contact["opinions"], [{
            "date": self.contact.opinion_ids.filtered(lambda o: not o.internal).date.isoformat(),
            "status": "Resolved", "text": "Sai em março.",
        }])
        self.assertEqual([a["name"] for a in contact["attachments"]], ["comprovante.pdf"])
        [privacy] = export["privacy_requests"]
        self.assertEqual(privacy["protocol"], self.privacy.name)
        self.assertEqual(privacy["type"], "Anonymisation, blocking or deletion")
        self.assertEqual(privacy["description"], "Apaguem o que não for necessário.")
        self.assertEqual(export["consents"], {"email_blacklisted": False, "portal_invited": False})

    def test_change_log_says_who_changed_what(self):
        old_email = self.customer_a.email
        self.customer_a.with_context(tracking_disable=False).write(
            {"email": "maria.log@example.com.br"},
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertIn({
            "date": self.customer_a.message_ids[:1].date.isoformat(), "author": self.env.user.partner_id.name,
            "field": "Email", "old": old_email, "new": "maria.log@example.com.br",
        }, self._export()["change_log"])

    def test_nothing_of_others_and_no_internal_note(self):
        text = json.dumps(self._export(), ensure_ascii=False)
        for forbidden in ("Nota interna", "cliente difícil", "João Teste", "Pedido do João", "TCT-B1",
                          self.customer_b.email, self.contact.access_token, self.privacy.access_token):
            with self.subTest(forbidden=forbidden):
                self.assertNotIn(forbidden, text)

    def test_json_file_holds_the_files(self):
        out = io.BytesIO()
        self.env["portal.privacy.export"]._write_json(self.customer_a, out)
        export = json.loads(out.getvalue())
        [attachment] = export["contact_requests"][0]["attachments"]
        self.assertEqual(base64.b64decode(attachment["content_base64"]), b"%PDF-comprovante")
        self.assertEqual(export["customer"]["name"], "Maria Teste")

    def test_readable_report_renders_the_same_values(self):
        html, __ = self.env["ir.actions.report"].sudo()._render_qweb_html(
            "portal_operations.report_privacy_export", self.customer_a.ids,
        )
        html = html.decode()
        for expected in ("Maria Teste", "12.345.678-9", "TCT-A1", "Escritura do lote", "Sai em março.",
                         self.change.name, self.privacy.name, "comprovante.pdf"):
            with self.subTest(expected=expected):
                self.assertIn(expected, html)
        self.assertNotIn("Nota interna", html)
        self.assertNotIn("João Teste", html)

    def test_report_refuses_another_user(self):
        Report = self.env["ir.actions.report"]
        for user in (self.operator, self.admin_all):
            with self.subTest(user=user.login), mute_logger(*MUTED), self.assertRaises(AccessError):
                Report.with_user(user)._render_qweb_html("portal_operations.report_privacy_export", self.customer_a.ids)
        with mute_logger(*MUTED), self.assertRaises(AccessError):
            Report.with_user(self.portal_user)._render_qweb_html(
                "portal_operations.report_privacy_export", self.customer_b.ids,
            )


@tagged("post_install", "-at_install")
class TestPrivacyAnonymization(PrivacyCase):
    def _make_former_customer(self):
        (self.contract_a | self.contract_a_hidden).write({"status": "paid_off"})
        self.change.with_user(self.admin_all)._reject("Maria não precisa disso.")

    def test_refused_while_obligations_are_in_force(self):
        with self.assertRaisesRegex(UserError, "TCT-A1") as caught:
            self.privacy.with_user(self.admin_all).action_anonymize_customer()
        self.assertIn(self.change.name, str(caught.exception))
        self.assertEqual(self.customer_a.name, "Maria Teste")

    def test_only_administrators_anonymise(self):
        self._make_former_customer()
        for user in (self.operator, self.portal_user):
            with self.subTest(user=user.login), mute_logger(*MUTED), self.assertRaises(AccessError):
                self.env["portal.privacy.anonymizer"].with_user(user)._anonymize(self.customer_a)

    def test_no_personal_datum_left(self):
        self._make_former_customer()
        personal = [
            "Maria Teste", "Maria", self.customer_a.vat, CPF_MARIA, "12.345.678-9", "1980-05-17",
            "99876-5432", "Pedro Teste", "Acácias", self.customer_a.email, "maria.nova", "escritura",
            "Sai em março", "difícil", "Apaguem",
        ]
        self.privacy.with_user(self.admin_all).action_anonymize_customer()
        self.env.flush_all()
        partners, changes, contacts, privacy = self.env["portal.privacy.anonymizer"]._customer_records(self.customer_a)
        self.assertTrue(self.privacy.anonymized_date)
        self.assertEqual(self.customer_a.privacy_anonymized_date, self.privacy.anonymized_date)
        self.assertFalse(self.customer_a.mega_data_issue_codes, "blanks on purpose are no data to review")
        self.assertEqual(self.contract_a.partner_id, self.customer_a, "the records stay for statistics")
        messages = self.env["mail.message"].search([
            "|", "|", "|", "&", ("model", "=", "res.partner"), ("res_id", "in", partners.ids),
            "&", ("model", "=", "portal.contact.request"), ("res_id", "in", contacts.ids),
            "&", ("model", "=", "portal.change.request"), ("res_id", "in", changes.ids),
            "&", ("model", "=", "portal.privacy.request"), ("res_id", "in", privacy.ids),
        ])
        records = {
            "res_partner": partners, "portal_change_request": changes,
            "portal_change_request_line": changes.line_ids, "portal_contact_request": contacts,
            "portal_contact_opinion": contacts.opinion_ids, "portal_privacy_request": privacy,
            "mail_message": messages,
            "mail_tracking_value": self.env["mail.tracking.value"].search([("mail_message_id", "in", messages.ids)]),
            "res_users": self.env["res.users"].with_context(active_test=False).search(
                [("partner_id", "in", partners.ids)],
            ),
            "rating_rating": contacts.rating_ids,
        }
        self.assertFalse(self.env["ir.attachment"].search([
            ("res_model", "=", "portal.contact.request"), ("res_id", "in", contacts.ids),
        ]))
        cr = self.env.cr
        for table, recs in records.items():
            if not recs:
                continue
            cr.execute("""
                SELECT column_name FROM information_schema.columns
                 WHERE table_name = %s AND data_type IN ('character varying', 'text', 'jsonb')
            """, [table])
            for (column,) in cr.fetchall():
                cr.execute(f'SELECT "{column}"::text FROM "{table}" WHERE id = ANY(%s)', [recs.ids])  # noqa: S608
                for (value,) in cr.fetchall():
                    for datum in personal:
                        with self.subTest(table=table, column=column, datum=datum):
                            self.assertNotIn(datum.lower(), (value or "").lower())


@tagged("post_install", "-at_install")
class TestPrivacyPortal(PortalOperationsHttpCase):
    """/my/privacy over HTTP: only the logged-in customer, for their own data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_other_company()
        cls.request_type = cls._create_contact_request_type("Dúvida (portal LGPD)")
        cls.contact = cls._create_contact_request(cls.request_type, cls.customer_a, cls.contract_a)

    def _get(self, url):
        with mute_logger(*MUTED):
            return self.url_open(url, allow_redirects=False)

    def test_customer_downloads_json_and_it_is_logged(self):
        self.authenticate("po_portal", "po_portal_pwd")
        response = self._get("/my/privacy/export?format=json")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        export = response.json()
        self.assertEqual(export["customer"]["name"], "Maria Teste")
        self.assertEqual([c["protocol"] for c in export["contact_requests"]], [self.contact.name])
        log = self.customer_a.message_ids.filtered(lambda m: "JSON" in (m.body or ""))
        self.assertTrue(log, "the download is logged on the customer")

    def test_pdf_download_or_clear_message(self):
        self.authenticate("po_portal", "po_portal_pwd")
        state = self.env["ir.actions.report"].get_wkhtmltopdf_state()
        response = self._get("/my/privacy/export?format=pdf")
        if state == "ok":
            self.assertEqual(response.headers["Content-Type"], "application/pdf")
        else:
            self.assertEqual(response.status_code, 503)
            self.assertIn("The PDF file cannot be made on this server right now", response.text)

    def test_page_and_request(self):
        self.authenticate("po_portal", "po_portal_pwd")
        page = self._get("/my/privacy")
        self.assertEqual(page.status_code, 200)
        self.assertIn("/my/privacy/export?format=json", page.text)
        response = self.url_open("/my/privacy/request", data={
            "request_type": "anonymization", "description": "Apaguem meus dados.",
            "csrf_token": Request.csrf_token(self),
        }, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        privacy = self.env["portal.privacy.request"].search([("partner_id", "=", self.customer_a.id)])
        self.assertRecordValues(privacy, [{"request_type": "anonymization", "description": "Apaguem meus dados."}])
        bad = self.url_open("/my/privacy/request", data={
            "request_type": "nope", "csrf_token": Request.csrf_token(self),
        }, allow_redirects=False)
        self.assertIn("Choose what you ask for.", bad.text)

    def test_answer_shows_on_the_page(self):
        privacy = self.env["portal.privacy.request"].create({
            "partner_id": self.customer_a.id, "request_type": "sharing",
        })
        privacy.with_user(self.admin_all)._answer("Compartilhamos apenas com o cartório.")
        self.authenticate("po_portal", "po_portal_pwd")
        page = self._get("/my/privacy")
        self.assertIn(privacy.name, page.text)
        self.assertIn("Compartilhamos apenas com o cartório.", page.text)

    def test_others_get_nothing(self):
        # another company's customer gets their own data only
        self.portal_user_c.password = "po_portal_c_pwd"
        self.authenticate("po_portal_c", "po_portal_c_pwd")
        export = self._get("/my/privacy/export?format=json").json()
        self.assertEqual(export["customer"]["name"], self.customer_c.name)
        self.assertNotIn("Maria Teste", json.dumps(export, ensure_ascii=False))
        # staff have no such page; a share token opens nothing; the public is sent to log in
        self.authenticate(self.operator.login, self.operator.login)
        self.assertEqual(self._get("/my/privacy/export?format=json").status_code, 404)
        with mute_logger(*MUTED):
            answer = self._call_kw("portal.privacy.export", "_prepare_export", None, self.customer_a.id)
        self.assertTrue(answer.get("error"))
        self.authenticate(None, None)
        response = self._get(f"/my/privacy/export?format=json&access_token={self.contact.access_token}")
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_export_and_anonymisation_over_rpc_per_role(self):
        roles = ((self.portal_user, "po_portal_pwd"), (self.operator, self.operator.login),
                 (self.admin_all, self.admin_all.login), (self.admin_b, self.admin_b.login))
        for user, password in roles:
            self.authenticate(user.login, password)
            for model, method in (("portal.privacy.export", "_prepare_export"),
                                  ("portal.privacy.anonymizer", "_anonymize"),
                                  ("portal.privacy.anonymizer", "_do_anonymize")):
                with self.subTest(user=user.login, method=method), mute_logger(*MUTED):
                    answer = self._call_kw(model, method, None, self.customer_a.id)
                    self.assertTrue(answer.get("error"), "private methods are no RPC entry point")
        self.assertEqual(self.customer_a.name, "Maria Teste")
