# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.http import Request
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .test_portal_contact import TEMPLATE_NEW, TEMPLATE_OPINION, TEMPLATE_REPLY, PortalContactCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class CustomerTourMixin:
    """The customer's Fale Conosco tour and the checks of what it did."""

    def _run_customer_tour(self):
        # start_tour logs in with the login as password
        self.portal_user.password = "po_portal"  # noqa: S105
        own_requests = self.env["portal.contact.request"].search
        before = own_requests([("partner_id", "=", self.customer_a.id)])
        with self.mock_mail_gateway():
            self.start_tour("/my/contact/new", "portal_contact_tour", login="po_portal")
        contact_request = own_requests([("partner_id", "=", self.customer_a.id)]) - before
        self.assertRecordValues(contact_request, [{
            "type_id": self.type_boleto.id,
            "contract_id": self.contract_a.id,
            "subject": "Boleto de abril pelo portal",
            "state": "pending",
        }])
        self.assertIn("preciso da segunda via do boleto de abril", str(contact_request.message))
        reply = contact_request.message_ids.filtered(
            lambda m: "Obrigada, aguardo o boleto." in str(m.body),
        )
        self.assertEqual(reply.author_id, self.customer_a)
        self.assertTrue(self._mails_to(self.operator.partner_id))


@tagged("post_install", "-at_install")
class TestPortalContactPortal(CustomerTourMixin, PortalContactCase, HttpCase):
    """Fale Conosco as the portal customer, over real HTTP (CSRF included)."""

    def setUp(self):
        super().setUp()
        self.authenticate("po_portal", "po_portal_pwd")

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _form(self, **values):
        return {
            "csrf_token": Request.csrf_token(self),
            "type_id": str(self.type_boleto.id),
            "contract_id": str(self.contract_a.id),
            "subject": "Boleto de abril",
            "message": "Preciso da segunda via do boleto de abril.",
            **values,
        }

    def _post(self, files=None, **values):
        return self.url_open(
            "/my/contact/new", data=self._form(**values), files=files or {}, allow_redirects=False,
        )

    def _counts(self):
        """Requests, and files on a request (not those kept for the customer's next try)."""
        return (
            self.env["portal.contact.request"].search_count([]),
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "portal.contact.request"), ("res_id", "!=", 0)],
            ),
        )

    def _thread_bodies(self, contact_request):
        """What the customer reads in the request's thread on the portal."""
        result = self.make_jsonrpc_request("/mail/chatter_fetch", {
            "thread_model": contact_request._name, "thread_id": contact_request.id,
        })
        return [str(message["body"]) for message in result["data"]["mail.message"]]

    def _own_requests(self):
        return self.env["portal.contact.request"].search([("partner_id", "=", self.customer_a.id)])

    # ------------------------------------------------------------
    # Writing a request
    # ------------------------------------------------------------

    def test_form_offers_own_contracts_and_active_types(self):
        self.type_other.active = False
        response = self.url_open("/my/contact/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Teste: segunda via", response.text)
        self.assertNotIn("Teste: outros", response.text, "an archived type is not offered")
        self.assertIn("TCT-A1", response.text)
        for hidden in ("TCT-A2", "TCT-B1"):
            self.assertNotIn(hidden, response.text)

    def test_customer_writes_a_request(self):
        before = self._own_requests()
        with self.mock_mail_gateway():
            response = self._post(files=[("attachments", ("boleto.pdf", PDF, "application/pdf"))])
        self.assertEqual(response.status_code, 303)
        contact_request = self._own_requests() - before
        self.assertTrue(response.headers["Location"].endswith(f"/my/contact/{contact_request.id}?sent=1"))
        self.assertRecordValues(contact_request, [{
            "partner_id": self.customer_a.id,
            "type_id": self.type_boleto.id,
            "contract_id": self.contract_a.id,
            "development_id": self.development_a.id,
            "block_id": self.block_a.id,
            "subject": "Boleto de abril",
            "state": "pending",
        }])
        self.assertIn("Preciso da segunda via do boleto de abril.", str(contact_request.message))
        self.assertEqual(contact_request.attachment_ids.mapped("name"), ["boleto.pdf"])
        self.assertEqual(contact_request.attachment_ids.raw, PDF)
        staff_mails = self._mails_to(self.operator.partner_id)
        self.assertEqual(len(staff_mails), 1)
        self.assertMailFromTemplate(staff_mails, TEMPLATE_NEW, contact_request)

        detail = self.url_open(f"/my/contact/{contact_request.id}?sent=1")
        self.assertEqual(detail.status_code, 200)
        for expected in (
            "Boleto de abril", contact_request.name, "boleto.pdf", "o_portal_contact_sent",
        ):
            self.assertIn(expected, detail.text)
        attachment = contact_request.attachment_ids
        self.assertIn(f"access_token={attachment.access_token}", detail.text)
        attachment = self.url_open(
            f"/web/content/{attachment.id}?download=true&access_token={attachment.access_token}",
        )
        self.assertEqual(attachment.status_code, 200)
        self.assertEqual(attachment.content, PDF)

    def test_an_unreadable_pdf_gets_its_thumbnail_at_once(self):
        """The chatter asks the server for a PDF's first page unless the file has a
        thumbnail; for a PDF no reader can open the server answers 415, an error in the
        customer's console. Such a file gets the file icon when it is stored; a readable
        one is left to the chatter."""
        before = self._own_requests()
        with self.mock_mail_gateway():
            self._post(files=[("attachments", ("boleto.pdf", PDF, "application/pdf"))])
        attachment = (self._own_requests() - before).attachment_ids
        self.assertTrue(attachment.has_thumbnail, "the chatter will not ask for its first page")

    def test_defaults_are_valid_together(self):
        """The customer's only contract is chosen, and the form sent as offered (with a
        type, subject and message) is accepted."""
        page = self.url_open("/my/contact/new").text
        self.assertRegex(page, rf'<option value="{self.contract_a.id}" selected=')
        self.assertNotIn("Choose the contract", page)
        before = self._own_requests()
        response = self._post(contract_id=str(self.contract_a.id), development_id="")
        self.assertEqual(response.status_code, 303)
        self.assertRecordValues(self._own_requests() - before, [
            {"contract_id": self.contract_a.id, "development_id": self.development_a.id},
        ])

    def test_several_contracts_ask_to_choose_one(self):
        self.contract_a_hidden.visible_on_portal = True
        page = self.url_open("/my/contact/new").text
        self.assertIn('<option value="">Choose...</option>', page.split('name="contract_id"')[1])
        self.assertNotRegex(page, r'<option value="\d+" selected="[^"]*">TCT-A')
        response = self._post(contract_id="")
        self.assertIn("Choose the contract or the development your request is about.", response.text)

    def test_file_is_kept_after_a_refused_form(self):
        before = self._own_requests()
        response = self._post(
            subject="", files=[("attachments", ("boleto.pdf", PDF, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_portal_contact_kept_attachments", response.text)
        self.assertIn("boleto.pdf", response.text)
        kept = self.env["ir.attachment"].search([
            ("res_model", "=", "portal.contact.request"), ("res_id", "=", 0),
            ("name", "=", "boleto.pdf"),
        ])
        self.assertEqual(len(kept), 1)
        self.assertIn(f'value="{kept.id}:{kept.access_token}"', response.text)

        # another customer cannot take it, nor can a wrong token
        response = self._post(kept_attachments=[f"{kept.id}:wrong"])
        self.assertFalse((self._own_requests() - before).attachment_ids)
        before = self._own_requests()
        # another request (the same one sent again would be that request: issue 10)
        response = self._post(subject="Boleto em anexo", kept_attachments=[f"{kept.id}:{kept.access_token}"])
        self.assertEqual(response.status_code, 303)
        contact_request = self._own_requests() - before
        self.assertEqual(contact_request.attachment_ids, kept)
        self.assertEqual(kept.res_id, contact_request.id)
        self.assertEqual(kept.raw, PDF)

    def test_kept_file_of_another_user_is_not_taken(self):
        kept = self.env["ir.attachment"].with_user(self.admin_all).sudo().create({
            "name": "alheio.pdf", "raw": PDF, "res_model": "portal.contact.request", "res_id": 0,
        })
        kept.generate_access_token()
        before = self._own_requests()
        self._post(kept_attachments=[f"{kept.id}:{kept.access_token}"])
        self.assertFalse((self._own_requests() - before).attachment_ids)
        self.assertFalse(kept.res_id)

    def test_customer_writes_about_a_development(self):
        before = self._own_requests()
        response = self._post(contract_id="", development_id=str(self.development_a.id))
        self.assertEqual(response.status_code, 303)
        self.assertRecordValues(self._own_requests() - before, [
            {"contract_id": False, "development_id": self.development_a.id},
        ])

    def test_bad_input_is_refused_on_the_form(self):
        self.env.company.write({
            "portal_contact_max_attachment_mb": 1,
            "portal_contact_allowed_extensions": "pdf, png",
        })
        big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)
        cases = [
            ("empty subject", {"subject": "   "}, None, "Write the subject of your request."),
            ("empty message", {"message": " \n "}, None, "Write your message."),
            ("unknown type", {"type_id": "999999"}, None, "Choose a request type from the list."),
            ("not a number", {"type_id": "abc"}, None, "Choose a request type from the list."),
            ("another customer's contract", {"contract_id": str(self.contract_b.id)}, None,
             "Choose one of your contracts from the list."),
            ("an unpublished contract", {"contract_id": str(self.contract_a_hidden.id)}, None,
             "Choose one of your contracts from the list."),
            ("another customer's development",
             {"contract_id": "", "development_id": str(self.development_b.id)}, None,
             "Choose one of your developments from the list."),
            ("neither contract nor development", {"contract_id": ""}, None,
             "Choose the contract or the development your request is about."),
            ("attachment too large", {}, [("attachments", ("grande.pdf", big, "application/pdf"))],
             "grande.pdf is larger than 1 MB."),
            ("refused type", {},
             [("attachments", ("virus.exe", b"MZ\x90\x00", "application/octet-stream"))],
             "virus.exe: this type of file is not accepted (accepted: pdf, png)."),
            ("html attachment", {},
             [("attachments", ("page.html", b"<script>alert(1)</script>", "text/html"))],
             "page.html: this type of file is not accepted"),
        ]
        for label, values, files, message in cases:
            with self.subTest(label):
                before = self._counts()
                with self.mock_mail_gateway():
                    response = self._post(files=files, **values)
                self.assertEqual(response.status_code, 200, "the form again, with the error")
                self.assertIn("o_portal_contact_errors", response.text)
                self.assertIn(message, response.text)
                self.assertIn("is-invalid", response.text)
                self.assertEqual(self._counts(), before, "nothing created")
                self.assertFalse(self._new_mails)

    def test_post_without_csrf_token_is_refused(self):
        before = self._counts()
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/contact/new", data={**self._form(), "csrf_token": "bad"},
                allow_redirects=False,
            )
        self.assertIn(response.status_code, (400, 403))
        self.assertEqual(self._counts(), before)

    def test_markup_in_a_message_is_never_run(self):
        before = self._own_requests()
        payload = '<script>alert("fale")</script><img src=x onerror="alert(1)">Olá'
        self._post(message=payload, subject='<b onmouseover="alert(2)">Assunto</b>')
        contact_request = self._own_requests() - before
        self.assertNotIn("<script", str(contact_request.message))
        self.assertNotIn("<img", str(contact_request.message))
        detail = self.url_open(f"/my/contact/{contact_request.id}").text
        listing = self.url_open("/my/contact").text
        for page in (detail, listing):
            self.assertNotIn('<script>alert("fale")', page)
            self.assertNotIn("<img src=x", page)
            self.assertNotIn('<b onmouseover="alert(2)">', page)
        self.assertIn("&lt;script&gt;", detail, "shown as text")

    # ------------------------------------------------------------
    # Following requests
    # ------------------------------------------------------------

    def test_list_shows_own_requests_newest_first(self):
        self.request_a.date = "2026-01-01 10:00:00"
        newer = self._create_contact_request(
            self.type_other, self.customer_a, self.contract_a, subject="Pedido mais recente",
            date="2026-02-01 10:00:00",
        )
        response = self.url_open("/my/contact")
        self.assertEqual(response.status_code, 200)
        self.assertLess(response.text.index(newer.name), response.text.index(self.request_a.name))
        self.assertNotIn(self.request_b.name, response.text, "another customer's request")

    def test_detail_shows_public_opinions_once(self):
        self.request_a.with_user(self.admin_all)._add_opinion("read", "Recebemos seu pedido.")
        self.request_a.with_user(self.admin_all)._add_opinion("resolved", "Boleto reenviado.")
        self.request_a.with_user(self.admin_all)._add_opinion(
            "closed", "Nota interna: cliente ligou duas vezes.", internal=True,
        )
        self.assertEqual(self.request_a.state, "closed", "staff see the internal status")
        page = self.url_open(f"/my/contact/{self.request_a.id}").text
        self.assertNotIn("Nota interna", page)
        self.assertNotIn("Boleto reenviado.", page, "the answers are in the thread only")
        bodies = self._thread_bodies(self.request_a)
        thread = "".join(bodies)
        self.assertEqual(thread.count("Boleto reenviado."), 1)
        self.assertLess(thread.index("Boleto reenviado."), thread.index("Recebemos seu pedido."),
                        "newest first")
        self.assertNotIn("Nota interna", thread)

    def test_internal_opinion_does_not_change_the_status_the_customer_sees(self):
        self.request_a.with_user(self.admin_all)._add_opinion("resolved", "Boleto reenviado.")
        self.request_a.with_user(self.admin_all)._add_opinion(
            "closed", "Nota interna: encerrar.", internal=True,
        )
        self.assertRecordValues(self.request_a, [{"state": "closed", "portal_state": "resolved"}])
        for url in (f"/my/contact/{self.request_a.id}", "/my/contact"):
            with self.subTest(url=url):
                page = self.url_open(url).text
                self.assertRegex(page, r'class="badge[^"]*">\s*<span>Resolved</span>')
                self.assertNotIn("Closed", page)
        # the customer writes again: pending for both
        with self.mock_mail_gateway():
            self.request_a.with_user(self.portal_user).message_post(
                body="Ainda não recebi.", message_type="comment", subtype_xmlid="mail.mt_comment",
            )
        self.assertRecordValues(self.request_a, [{"state": "pending", "portal_state": "pending"}])

    def test_another_customers_request_is_not_found(self):
        for url in (
            f"/my/contact/{self.request_b.id}",
            f"/my/contact/{self.request_b.id}?access_token=wrong",
            "/my/contact/999999999",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(self.request_b.name, response.text)

    def test_home_counter(self):
        response = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["contact_request_count"]},
        )
        self.assertEqual(response, {"contact_request_count": 1})

    def test_customer_replies_in_the_thread(self):
        self.request_a.with_user(self.admin_all)._add_opinion("resolved", "Enviado.")
        with self.mock_mail_gateway():
            self.make_jsonrpc_request("/mail/message/post", {
                "thread_model": "portal.contact.request",
                "thread_id": self.request_a.id,
                "post_data": {
                    "body": "Não recebi, podem reenviar?",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            })
        reply = self.request_a.message_ids.filtered(lambda m: "Não recebi" in str(m.body))
        self.assertEqual(reply.author_id, self.customer_a)
        self.assertEqual(self.request_a.state, "pending")
        staff_mails = self._mails_to(self.operator.partner_id)
        self.assertEqual(len(staff_mails), 1)
        self.assertMailFromTemplate(staff_mails, TEMPLATE_REPLY, self.request_a)

    def test_customer_cannot_post_on_another_customers_request(self):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request("/mail/message/post", {
                "thread_model": "portal.contact.request",
                "thread_id": self.request_b.id,
                "post_data": {"body": "Intruso", "message_type": "comment"},
            })
        self.assertFalse(self.request_b.message_ids.filtered(lambda m: "Intruso" in str(m.body)))

    def test_public_opinion_email_reaches_the_customer_internal_does_not(self):
        with self.mock_mail_gateway():
            self.request_a.with_user(self.admin_all)._add_opinion(
                "observation", "Nota interna sobre o cliente.", internal=True,
            )
            self.request_a.with_user(self.admin_all)._add_opinion("resolved", "Boleto reenviado.")
        customer_mails = self._mails_to(self.customer_a)
        self.assertEqual(len(customer_mails), 1)
        self.assertMailFromTemplate(customer_mails, TEMPLATE_OPINION, self.request_a)
        self.assertIn("Boleto reenviado.", str(customer_mails.body_html))
        self.assertNotIn("Nota interna", str(customer_mails.body_html))

    # ------------------------------------------------------------
    # Tour
    # ------------------------------------------------------------

    def test_tour_customer_writes_and_replies(self):
        self._run_customer_tour()

    def test_tour_administrator_reads_and_answers(self):
        contact_request = self._create_contact_request(
            self.type_boleto, self.customer_a, self.contract_a, subject="Pedido do tour",
        )
        with self.mock_mail_gateway():
            self.start_tour(
                "/odoo/action-portal_operations.portal_contact_request_action",
                "portal_contact_backend_tour", login="po_admin_all",
            )
        self.assertRecordValues(contact_request, [
            {"state": "observation", "read_user_id": self.admin_all.id},
        ])
        self.assertRecordValues(contact_request.opinion_ids, [
            {"state": "observation", "internal": True, "text": "Nota interna do tour.",
             "author_id": self.admin_all.id},
            {"state": "resolved", "internal": False, "text": "Boleto reenviado por e-mail.",
             "author_id": self.admin_all.id},
        ])
        customer_mails = self._mails_to(self.customer_a)
        self.assertEqual(len(customer_mails), 1)
        self.assertIn("Boleto reenviado por e-mail.", str(customer_mails.body_html))
        self.assertNotIn("Nota interna", str(customer_mails.body_html))

        self.authenticate("po_portal", "po_portal_pwd")
        page = self.url_open(f"/my/contact/{contact_request.id}").text
        thread = "".join(self._thread_bodies(contact_request))
        self.assertIn("Boleto reenviado por e-mail.", thread)
        self.assertIn("Resolved", page, "the customer sees the public opinion's status")
        for customer_view in (page, thread):
            self.assertNotIn("Nota interna do tour.", customer_view)


@tagged("post_install", "-at_install")
class TestPortalContactOnPhone(CustomerTourMixin, PortalContactCase, HttpCase):
    """The customer's Fale Conosco tour in a phone's window (390 x 844)."""

    browser_size = "390x844"

    def test_tour_customer_writes_and_replies_on_phone(self):
        self._run_customer_tour()
