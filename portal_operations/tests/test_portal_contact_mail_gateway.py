# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .test_portal_contact import TEMPLATE_REPLY, PortalContactCase

RAW_EMAIL = """Return-Path: <{email_from}>
From: {email_from}
To: {to}
Subject: {subject}
Date: Mon, 2 Mar 2026 10:00:00 -0300
Message-ID: {message_id}
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestPortalContactMailGateway(PortalContactCase):
    """Fale Conosco by e-mail (``message_process`` with raw e-mails): replies land in
    the request's thread, known customers open requests, unknown senders bounce."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref("portal_operations.mail_alias_contact_request")
        alias_domain = cls.env["mail.alias.domain"].search([], limit=1) or \
            cls.env["mail.alias.domain"].create({"name": "loteadora.example.com"})
        cls.alias.alias_domain_id = alias_domain
        cls.alias_email = cls.alias.alias_full_name
        cls.env["ir.config_parameter"].sudo().set_param(
            "portal_operations.contact_email_type_id", cls.type_other.id,
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Pessoa Sem Contrato", "email": "sem.contrato@example.com.br"},
        )
        cls.Request = cls.env["portal.contact.request"]

    def _process(self, email_from, subject="Dúvida sobre o boleto", body="Olá, tenho uma dúvida.",
                 to=None, extra="", message_id=None):
        raw = RAW_EMAIL.format(
            email_from=email_from, to=to or self.alias_email, subject=subject, body=body,
            message_id=message_id or f"<{subject.replace(' ', '-')}-{email_from}@example.com.br>",
            extra=extra,
        )
        return self.env["mail.thread"].sudo().message_process(False, raw.encode())

    def _answer(self, request):
        """A public parecer: the e-mail the customer replies to."""
        request.with_user(self.admin_all)._add_opinion("read", "Estamos verificando o seu boleto.")
        return request.message_ids.filtered(
            lambda m: m.author_id == request.company_id.partner_id and "Estamos verificando" in str(m.body),
        )[:1]

    def _reply(self, message, email_from, body):
        return self._process(
            email_from, subject=f"Re: {message.subject or 'Fale Conosco'}", body=body,
            to=f"catchall@{self.alias.alias_domain}",
            extra=f"In-Reply-To: {message.message_id}\nReferences: {message.message_id}\n",
            message_id=f"<reply-{message.id}-{email_from}@example.com.br>",
        )

    # ------------------------------------------------------------
    # Replies
    # ------------------------------------------------------------

    def test_customer_reply_lands_in_the_thread_and_reopens(self):
        answer = self._answer(self.request_a)
        self.assertEqual(self.request_a.state, "read")
        with self.mock_mail_gateway():
            self._reply(answer, self.customer_a.email, "O boleto ainda não chegou.")
        self.assertEqual(self.request_a.state, "pending", "back to Pending, as for a portal reply")
        reply = self.request_a.message_ids.filtered(lambda m: "ainda não chegou" in str(m.body))
        self.assertEqual(reply.author_id, self.customer_a)
        self.assertEqual(reply.message_type, "email")
        staff_mails = self._mails_to(self.operator.partner_id)
        self.assertEqual(len(staff_mails), 1, "the staff who want it are told, as for a portal reply")
        self.assertMailFromTemplate(staff_mails, TEMPLATE_REPLY, self.request_a)

    def test_reply_of_a_stranger_does_not_reopen(self):
        answer = self._answer(self.request_a)
        self._reply(answer, self.stranger.email, "Eu também quero saber.")
        self._reply(answer, "desconhecido@example.org", "Quem sou eu?")
        self.assertEqual(self.request_a.state, "read", "neither the customer nor staff: no change")
        self.assertTrue(self.request_a.message_ids.filtered(lambda m: "também quero" in str(m.body)))

    def test_reply_of_staff_does_not_reopen(self):
        answer = self._answer(self.request_a)
        self._reply(answer, self.admin_all.email or "po_admin_all@example.com", "Nota por e-mail.")
        self.assertEqual(self.request_a.state, "read")

    # ------------------------------------------------------------
    # New requests
    # ------------------------------------------------------------

    def test_known_customer_opens_a_request(self):
        with self.mock_mail_gateway():
            self._process(self.customer_a.email, subject="Segunda via por e-mail",
                          body="Podem me mandar a segunda via?")
        request = self.Request.search([("subject", "=", "Segunda via por e-mail")])
        self.assertRecordValues(request, [{
            "partner_id": self.customer_a.id,
            "type_id": self.type_other.id,
            "contract_id": self.contract_a.id,
            "development_id": self.development_a.id,
            "state": "pending",
            "company_id": self.contract_a.company_id.id,
        }])
        self.assertTrue(request.name and request.deadline)
        self.assertIn("Podem me mandar a segunda via?", str(request.message_ids.mapped("body")))
        self.assertIn(self.customer_a, request.message_partner_ids)
        self.assertTrue(self._new_mails.filtered(
            lambda m: self.customer_a in m.recipient_ids and request.name in m.subject,
        ), "the customer gets the protocol number")
        self.assertEqual(len(self._mails_to(self.operator.partner_id)), 1,
                         "the staff get the new-request e-mail only, not a reply e-mail")

    def test_default_type_setting(self):
        settings = Form(self.env["res.config.settings"])
        settings.portal_contact_email_type_id = self.type_boleto
        settings.save().execute()
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("portal_operations.contact_email_type_id"),
            str(self.type_boleto.id),
        )
        self._process(self.customer_a.email, subject="Outro tipo")
        self.assertEqual(self.Request.search([("subject", "=", "Outro tipo")]).type_id, self.type_boleto)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_unknown_senders_bounce(self):
        before = self.Request.search_count([])
        for sender in (self.stranger.email, "ninguem@example.org"):
            with self.subTest(sender=sender), self.mock_mail_gateway():
                self._process(sender, subject=f"Pedido de {sender}")
                self.assertEqual(self.Request.search_count([]), before, "nothing created")
                bounces = self._new_mails.filtered(lambda m, to=sender: to in m.email_to)
                self.assertEqual(len(bounces), 1, "the sender gets a bounce")
