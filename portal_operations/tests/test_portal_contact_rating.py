# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .test_portal_contact import PortalContactCase

CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestPortalContactRating(PortalContactCase, HttpCase):
    """The customer rates the answer (1 to 5, optional comment) from the e-mail link and
    on the portal, over HTTP; a poor rating gives the responsible staff an activity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_boleto.user_ids = cls.operator_b

    def _resolve(self, request, status="resolved", internal=False):
        with self.mock_mail_gateway():
            request.with_user(self.admin_all)._add_opinion(status, "Boleto reenviado.", internal=internal)
        return self._new_mails.filtered(
            lambda m: self.customer_a in m.recipient_ids and "/fale-conosco/rate/" in str(m.body_html),
        )

    def _open_rating(self, request):
        return request.rating_ids.filtered(lambda r: not r.consumed)

    def _poor_rating_activities(self, request):
        return self.env["mail.activity"].search([
            ("res_model", "=", request._name), ("res_id", "=", request.id),
            ("summary", "ilike", "poor rating"),
        ])

    # ------------------------------------------------------------
    # The request
    # ------------------------------------------------------------

    def test_customer_asked_once_the_request_is_resolved_or_closed(self):
        self.assertFalse(self._resolve(self.request_a, "read"), "not final: no rating asked")
        self.assertFalse(self._resolve(self.request_a, "closed", internal=True),
                         "an internal opinion asks the customer nothing")
        mail = self._resolve(self.request_a, "resolved")
        self.assertEqual(len(mail), 1)
        rating = self._open_rating(self.request_a)
        self.assertEqual(rating.partner_id, self.customer_a)
        for score in range(1, 6):
            self.assertIn(f"/fale-conosco/rate/{rating.access_token}/{score}", str(mail.body_html))

    # ------------------------------------------------------------
    # From the e-mail link
    # ------------------------------------------------------------

    def _rate_by_link(self, token, score, feedback=""):
        page = self.url_open(f"/fale-conosco/rate/{token}/{score}")
        self.assertEqual(page.status_code, 200)
        return self.url_open(f"/fale-conosco/rate/{token}", data={
            "csrf_token": CSRF.search(page.text).group(1), "score": str(score), "feedback": feedback,
        })

    def test_rate_from_the_email_link(self):
        self._resolve(self.request_a)
        rating = self._open_rating(self.request_a)
        page = self.url_open(f"/fale-conosco/rate/{rating.access_token}/4")
        self.assertFalse(rating.consumed, "opening the link rates nothing (mail scanners follow links)")
        self.assertIn('value="4" checked', page.text.replace('checked="checked"', "checked"))
        response = self._rate_by_link(rating.access_token, 4, "Resolveram rápido.")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_portal_contact_rating_thanks", response.text)
        self.assertRecordValues(rating, [{"rating": 4.0, "feedback": "Resolveram rápido.", "consumed": True}])
        self.assertEqual(self.request_a.state, "resolved", "a rating is no reply: the request stays resolved")
        self.assertTrue(self.request_a.message_ids.filtered(lambda m: m.rating_id == rating))
        self.assertFalse(self._poor_rating_activities(self.request_a))

    @mute_logger("odoo.http")
    def test_link_refuses_scores_outside_one_to_five(self):
        self._resolve(self.request_a)
        rating = self._open_rating(self.request_a)
        for score in (0, 6, 10):
            with self.subTest(score=score):
                response = self._rate_by_link(rating.access_token, score)
                self.assertEqual(response.status_code, 400)
                self.assertIn("from 1 to 5", response.text)
                self.assertFalse(rating.consumed)
        self.assertEqual(self.url_open("/fale-conosco/rate/not-a-token/3").status_code, 404)

    def test_poor_rating_gives_the_responsible_staff_an_activity(self):
        self._resolve(self.request_a)
        rating = self._open_rating(self.request_a)
        self._rate_by_link(rating.access_token, 2, "Demorou demais.")
        activity = self._poor_rating_activities(self.request_a)
        self.assertRecordValues(activity, [{"user_id": self.operator_b.id}])
        self.assertIn("Demorou demais.", str(activity.note))

    # ------------------------------------------------------------
    # On the portal
    # ------------------------------------------------------------

    def _rate_on_portal(self, request, score, feedback=""):
        return self.url_open(f"/my/contact/{request.id}/rate", data={
            "csrf_token": Request.csrf_token(self), "score": str(score), "feedback": feedback,
        }, allow_redirects=False)

    def test_rate_on_the_portal(self):
        self.authenticate("po_portal", "po_portal_pwd")
        page = self.url_open(f"/my/contact/{self.request_a.id}").text
        self.assertNotIn("o_portal_contact_rating_form", page, "nothing to rate before an answer")
        self._resolve(self.request_a)
        page = self.url_open(f"/my/contact/{self.request_a.id}").text
        self.assertIn("o_portal_contact_rating_form", page)
        response = self._rate_on_portal(self.request_a, 1, "Não resolveu.")
        self.assertEqual(response.status_code, 303)
        rating = self.request_a.rating_ids.filtered("consumed")
        self.assertRecordValues(rating, [
            {"rating": 1.0, "feedback": "Não resolveu.", "partner_id": self.customer_a.id},
        ])
        self.assertEqual(len(self._poor_rating_activities(self.request_a)), 1)
        page = self.url_open(f"/my/contact/{self.request_a.id}?rated=1").text
        self.assertIn("Thank you for your rating.", page)
        self.assertNotIn("o_portal_contact_rating_form", page)

    @mute_logger("odoo.http")
    def test_portal_refuses_bad_ratings(self):
        self.authenticate("po_portal", "po_portal_pwd")
        response = self._rate_on_portal(self.request_a, 5)
        self.assertEqual(response.status_code, 400, "no answer to rate yet")
        self.assertIn("no final answer to rate yet", response.text)
        self._resolve(self.request_a)
        for score in ("0", "6", "abc"):
            with self.subTest(score=score):
                response = self._rate_on_portal(self.request_a, score)
                self.assertEqual(response.status_code, 400)
                self.assertIn("from 1 to 5", response.text)
        self.assertFalse(self.request_a.rating_ids.filtered("consumed"))

    @mute_logger("odoo.http")
    def test_another_customers_request_cannot_be_rated(self):
        self._resolve(self.request_b)
        self.authenticate("po_portal", "po_portal_pwd")
        self.assertEqual(self._rate_on_portal(self.request_b, 5).status_code, 404)
        self.assertFalse(self.request_b.rating_ids.filtered("consumed"))

    # ------------------------------------------------------------
    # The model refuses what the portal refuses
    # ------------------------------------------------------------

    def test_model_refuses_scores_outside_one_to_five(self):
        self._resolve(self.request_a)
        for score in (0, 6, -1):
            with self.subTest(score=score), self.assertRaises(UserError):
                self.request_a._rate(score)
        rating = self._open_rating(self.request_a)
        with self.assertRaises(UserError):
            self.request_a.rating_apply(0, token=rating.access_token)
        self.request_a._rate(5, "Ótimo")
        with self.assertRaises(ValidationError):
            rating.rating = 7

    @mute_logger("odoo.http")
    def test_odoos_own_rating_route_waits_for_the_answer_too(self):
        """Odoo's /rate/<token>/submit_feedback calls rating_apply directly: a request
        without its final answer is not rated that way either."""
        token = self.request_a.sudo()._rating_get_access_token()
        self.authenticate(None, None)  # the e-mail's link: anyone holding it
        response = self.url_open(f"/rate/{token}/submit_feedback", data={
            "rate": 5, "csrf_token": Request.csrf_token(self),
        })
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self.request_a.rating_ids.filtered("consumed"))

    @mute_logger("odoo.http")
    def test_staff_cannot_rate_over_json_rpc(self):
        self._resolve(self.request_a)
        token = self._open_rating(self.request_a).access_token
        for login in ("po_operator", "po_admin_all"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                    self.make_jsonrpc_request("/web/dataset/call_kw", {
                        "model": "portal.contact.request", "method": "rating_apply",
                        "args": [[self.request_a.id], 5], "kwargs": {"token": token},
                    })
        self.assertFalse(self.request_a.rating_ids.filtered("consumed"))

    def test_staff_only_read_the_deadline_settings_and_analysis(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.type_boleto.with_user(self.operator).write({"sla_days": 2})
        self.type_boleto.with_user(self.admin_all).write({"sla_days": 2})
        Report = self.env["portal.contact.request.report"]
        for user in (self.operator, self.admin_all):
            with self.subTest(user=user.login), mute_logger("odoo.models"), \
                    self.assertRaises(AccessError):
                Report.with_user(user).create({})
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            Report.with_user(self.portal_user).search([])

    # ------------------------------------------------------------
    # Protocol and expected answer on the portal
    # ------------------------------------------------------------

    def test_portal_shows_protocol_and_expected_answer(self):
        self.authenticate("po_portal", "po_portal_pwd")
        with self.mock_mail_gateway():
            response = self.url_open("/my/contact/new", data={
                "csrf_token": Request.csrf_token(self),
                "type_id": str(self.type_boleto.id), "contract_id": str(self.contract_a.id),
                "subject": "Protocolo", "message": "Qual o meu protocolo?",
            })
        request = self.env["portal.contact.request"].search([("subject", "=", "Protocolo")])
        self.assertIn("o_portal_contact_protocol", response.text)
        self.assertIn(request.name, response.text)
        self.assertIn("Expected answer by", response.text)
        receipt = self._new_mails.filtered(lambda m: self.customer_a in m.recipient_ids)
        self.assertEqual(len(receipt), 1, "the customer gets the protocol by e-mail")
        self.assertIn(request.name, receipt.subject)
        self.assertIn(request.name, self.url_open("/my/contact").text)
