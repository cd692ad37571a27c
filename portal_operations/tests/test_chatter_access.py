# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PortalOperationsHttpCase

MUTED_LOGGERS = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestChatterAccess(PortalOperationsHttpCase):
    """In the threads the customer reads (registration changes, Fale Conosco), operators
    read and write internal notes only; what reaches the customer comes from
    administrators; the customer replies on their own requests. Posted the way the
    chatter and the portal post (``/mail/message/post``) and over ``call_kw``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_other_company()
        cls.change_a = cls.env["portal.change.request"]._submit(
            cls.customer_a, {"email": "maria.chat@example.com.br"},
        )
        cls.contact_a = cls._create_contact_request(
            cls._create_contact_request_type("Dúvida (chatter)"), cls.customer_a, cls.contract_a,
        )

    def _post(self, thread, subtype_xmlid, partner_ids=()):
        return self._jsonrpc("/mail/message/post", {
            "thread_model": thread._name, "thread_id": thread.id,
            "post_data": {"body": "Mensagem", "message_type": "comment",
                          "subtype_xmlid": subtype_xmlid, "partner_ids": list(partner_ids)},
        })

    def _messages(self, thread):
        return self.env["mail.message"].search_count([("model", "=", thread._name), ("res_id", "=", thread.id)])

    def test_operator_writes_internal_notes(self):
        self.authenticate(self.operator.login, self.operator.login)
        for thread in (self.change_a, self.contact_a):
            with self.subTest(model=thread._name):
                answer = self._post(thread, "mail.mt_note")
                self.assertFalse(answer.get("error"), answer.get("error"))
                message = self.env["mail.message"].browse(answer["result"]["message_id"])
                self.assertRecordValues(message, [{
                    "author_id": self.operator.partner_id.id, "subtype_id": self.env.ref("mail.mt_note").id,
                }])
                thread_messages = self._jsonrpc("/mail/thread/messages", {
                    "thread_model": thread._name, "thread_id": thread.id,
                })
                self.assertIn(message.id, thread_messages["result"]["messages"], "operators read the chatter")

    def test_operator_cannot_write_to_the_customer(self):
        self.authenticate(self.operator.login, self.operator.login)
        customer = self.customer_a.ids
        for thread in (self.change_a, self.contact_a):
            before = self._messages(thread)
            for label, call in (
                ("chatter message", lambda t=thread: self._post(t, "mail.mt_comment")),
                ("note to the customer", lambda t=thread: self._post(t, "mail.mt_note", customer)),
                ("message_post", lambda t=thread: self._call_kw(
                    t._name, "message_post", t.ids, body="Oi", message_type="comment",
                    subtype_xmlid="mail.mt_comment")),
                ("message_notify", lambda t=thread: self._call_kw(
                    t._name, "message_notify", t.ids, body="Oi", partner_ids=customer)),
            ):
                with self.subTest(model=thread._name, call=label), mute_logger(*MUTED_LOGGERS):
                    answer = call()
                    self.assertRefused(answer)
                    self.assertIn("internal note", answer["error"]["data"]["message"])
            self.assertEqual(self._messages(thread), before)

    def test_administrator_writes_to_the_customer(self):
        self.authenticate(self.admin_all.login, self.admin_all.login)
        for thread in (self.change_a, self.contact_a):
            with self.subTest(model=thread._name):
                answer = self._post(thread, "mail.mt_comment", self.customer_a.ids)
                self.assertFalse(answer.get("error"), answer.get("error"))
                message = self.env["mail.message"].browse(answer["result"]["message_id"])
                self.assertIn(self.customer_a, message.partner_ids)

    def test_customer_replies_on_own_requests_only(self):
        self.authenticate(self.portal_user.login, "po_portal_pwd")
        for thread in (self.change_a, self.contact_a):
            with self.subTest(model=thread._name):
                answer = self._post(thread, "mail.mt_comment")
                self.assertFalse(answer.get("error"), answer.get("error"))
                message = self.env["mail.message"].browse(answer["result"]["message_id"])
                self.assertEqual(message.author_id, self.customer_a)
        for thread in (self.change_pending_c, self.contact_request_c):
            before = self._messages(thread)
            with self.subTest(model=thread._name, other_customer=True), mute_logger(*MUTED_LOGGERS):
                self.assertTrue(self._post(thread, "mail.mt_comment").get("error"))
            self.assertEqual(self._messages(thread), before)

    def test_administrator_of_another_company_cannot_post(self):
        self.authenticate(self.admin_all.login, self.admin_all.login)
        for thread in (self.change_pending_c, self.contact_request_c):
            before = self._messages(thread)
            for subtype in ("mail.mt_comment", "mail.mt_note"):
                with self.subTest(model=thread._name, subtype=subtype), mute_logger(*MUTED_LOGGERS):
                    self.assertTrue(self._post(thread, subtype).get("error"))
                    self.assertRefused(self._call_kw(
                        thread._name, "message_post", thread.ids, body="Oi", subtype_xmlid=subtype,
                    ))
            self.assertEqual(self._messages(thread), before)


@tagged("post_install", "-at_install")
class TestSubmitAccess(PortalOperationsHttpCase):
    """The portal forms' context turns a partner's write into a change request; over
    RPC an operator may not use it to queue changes for Mega ERP."""

    def test_operator_cannot_submit_through_the_portal_context(self):
        self._set_field_rule("mobile", "automatic")
        Request = self.env["portal.change.request"]
        before = Request.search_count([])
        self.authenticate(self.operator.login, self.operator.login)
        with mute_logger(*MUTED_LOGGERS):
            answer = self._call_kw(
                "res.partner", "write", self.customer_a.ids, {"mobile": "(19) 99555-0000"},
                context={"portal_change_request_submit": True},
            )
        self.assertRefused(answer)
        self.assertEqual(Request.search_count([]), before)
        self.assertNotEqual(self.customer_a.mobile, "(19) 99555-0000")
