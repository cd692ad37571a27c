# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A form sent twice (a double click, a resent form, two tabs) gives one request."""
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import PortalOperationsCase
from .test_portal_contact import PortalContactCase


@tagged("post_install", "-at_install")
class TestPersonalDataResubmission(PortalOperationsCase, HttpCase):

    def setUp(self):
        super().setUp()
        self.authenticate("po_portal", "po_portal_pwd")

    def _post(self, **values):
        return self.url_open("/my/personal-data", data={"csrf_token": Request.csrf_token(self), **values})

    def _requests(self):
        return self.env["portal.change.request"].search([("partner_id", "=", self.customer_a.id)])

    def test_the_same_form_twice_is_one_request(self):
        self._post(zip="13087000", mobile="19998765432")
        first = self._requests()
        self._post(zip="13087000", mobile="19998765432")  # resent, or from another tab
        self.assertEqual(self._requests(), first)
        self.assertRecordValues(first, [{"state": "pending"}])
        self.assertEqual(len(first.message_ids.filtered(lambda m: "Superseded" in str(m.body))), 0)

    def test_a_different_form_is_a_new_request_carrying_the_first(self):
        self._post(zip="13087000")
        first = self._requests()
        self._post(zip="13087000", mobile="19998765432")
        second = self._requests() - first
        self.assertRecordValues(first | second, [{"state": "inactive"}, {"state": "pending"}])
        self.assertEqual(set(second.line_ids.mapped("field_name")), {"zip", "mobile"})
        note = first.message_ids.filtered(lambda message: "Superseded" in str(message.body))
        self.assertEqual(len(note), 1)
        self.assertIn(second.name, str(note.body))
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"), "an internal note")
        self.assertEqual(note.author_id, self.customer_a, "from who resubmitted")

    def test_a_form_sent_again_after_the_approval_changes_nothing(self):
        self._post(zip="13087000")
        first = self._requests()
        first.with_user(self.admin_all).action_approve()
        self._post(zip="13087000")
        self.assertEqual(self._requests(), first)


@tagged("post_install", "-at_install")
class TestContactResubmission(PortalContactCase, HttpCase):

    def setUp(self):
        super().setUp()
        self.authenticate("po_portal", "po_portal_pwd")

    def _post(self, **values):
        return self.url_open("/my/contact/new", allow_redirects=False, data={
            "csrf_token": Request.csrf_token(self), "type_id": str(self.type_boleto.id),
            "contract_id": str(self.contract_a.id), "subject": "Boleto de maio",
            "message": "Preciso da segunda via do boleto de maio.", **values,
        })

    def _requests(self):
        return self.env["portal.contact.request"].search(
            [("partner_id", "=", self.customer_a.id), ("subject", "like", "Boleto de maio")]
        )

    def test_the_same_request_twice_is_one_request(self):
        first_response = self._post()
        first = self._requests()
        self.assertEqual(len(first), 1)
        second_response = self._post()  # double click
        self.assertEqual(self._requests(), first)
        self.assertEqual(second_response.headers["Location"], first_response.headers["Location"])

    def test_another_message_is_another_request(self):
        self._post()
        self._post(message="Preciso também do boleto de junho.")
        self.assertEqual(len(self._requests()), 2)
