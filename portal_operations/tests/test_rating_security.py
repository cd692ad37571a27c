# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_portal_contact import PortalContactCase
from .test_portal_contact_rating import CSRF

MUTED = ("odoo.models", "odoo.addons.base.models.ir_rule", "odoo.http")


@tagged("post_install", "-at_install")
class TestRatingSecurity(PortalContactCase, HttpCase):
    """A Fale Conosco rating follows its request: read by whoever reads the request,
    set only by the customer's rating flow, once per final answer, and its token (which
    rates without a login) is read by Odoo's system administrators only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_other_company()
        cls.employee = new_test_user(cls.env, login="po_bare_employee", groups="base.group_user")

    def _resolve(self, request, status="resolved"):
        with self.mock_mail_gateway():
            request.with_user(self.admin_all)._add_opinion(status, "Boleto reenviado.")
        return self._new_mails.filtered(lambda m: "/fale-conosco/rate/" in str(m.body_html))

    def _open_rating(self, request):
        return request.rating_ids.filtered(lambda r: not r.consumed)

    def _rated(self, request, score=4, feedback="Bom."):
        self._resolve(request)
        request._rate(score, feedback)
        return request.rating_ids.filtered("consumed")

    # ------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------

    def test_ratings_are_read_by_whoever_reads_the_request(self):
        rating_a = self._rated(self.request_a)
        rating_b = self._rated(self.request_b)
        self.contact_request_c.with_user(self.admin_b)._add_opinion("resolved", "Enviado.")
        rating_c = self.contact_request_c.rating_ids
        ratings = rating_a | rating_b | rating_c
        cases = [
            (self.operator, rating_a),
            (self.operator_b, rating_b),
            (self.admin_assigned, rating_a),
            (self.admin_all, rating_a | rating_b),
            (self.admin_b, rating_c),
            (self.employee, self.env["rating.rating"]),
        ]
        for user, expected in cases:
            with self.subTest(user=user.login):
                Rating = self.env["rating.rating"].with_user(user)
                self.assertEqual(Rating.search([("id", "in", ratings.ids)]), expected)
                self.assertEqual(
                    [row["rating"] for row in Rating.search_read([("id", "in", expected.ids)], ["rating"])],
                    expected.mapped("rating"), "staff read the scores",
                )

    def test_the_token_is_read_by_system_administrators_only(self):
        self._resolve(self.request_a)
        rating = self._open_rating(self.request_a)
        for user in (self.operator, self.admin_all):
            with self.subTest(user=user.login), mute_logger(*MUTED), self.assertRaises(AccessError):
                rating.with_user(user).read(["access_token"])
            with self.subTest(user=user.login), mute_logger(*MUTED), self.assertRaises(AccessError):
                self.env["rating.rating"].with_user(user).search([("access_token", "=", rating.sudo().access_token)])
            self.assertNotIn("access_token", rating.with_user(user).read()[0])
        self.assertTrue(rating.with_user(self.env.ref("base.user_admin")).read(["access_token"])[0]["access_token"])

    # ------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------

    def test_staff_never_set_a_score_feedback_or_consumed(self):
        rating = self._rated(self.request_a, 4, "Bom.")
        request_model = self.env["ir.model"]._get_id("portal.contact.request")
        for user in (self.operator, self.admin_all, self.env.ref("base.user_admin")):
            for vals in ({"rating": 2}, {"feedback": "Ruim."}, {"consumed": False}):
                with self.subTest(user=user.login, vals=vals), mute_logger(*MUTED), \
                        self.assertRaises(AccessError):
                    rating.with_user(user).write(vals)
            with self.subTest(user=user.login, op="create"), mute_logger(*MUTED), \
                    self.assertRaises(AccessError):
                self.env["rating.rating"].with_user(user).create({
                    "res_model_id": request_model, "res_id": self.request_b.id,
                    "rating": 1, "consumed": True,
                })
            with self.subTest(user=user.login, op="message_post"), mute_logger(*MUTED), \
                    self.assertRaises(AccessError):
                self.request_b.with_user(user).message_post(body="1", rating_value=1)
        self.assertRecordValues(rating, [{"rating": 4.0, "feedback": "Bom.", "consumed": True}])
        self.assertFalse(self.request_b.rating_ids.filtered("consumed"))

    def test_the_portal_chatter_does_not_rate(self):
        self._resolve(self.request_a)
        self.authenticate("po_portal", "po_portal_pwd")
        with mute_logger(*MUTED):
            response = self.url_open("/mail/message/post", json={"jsonrpc": "2.0", "method": "call", "params": {
                "thread_model": "portal.contact.request", "thread_id": self.request_a.id,
                "post_data": {"body": "Nota 1", "rating_value": 1, "message_type": "comment"},
            }})
        self.assertIn("error", response.json())
        self.assertFalse(self.request_a.rating_ids.filtered("consumed"))

    # ------------------------------------------------------------
    # One rating per final answer
    # ------------------------------------------------------------

    def test_a_second_rating_on_the_portal_shows_the_first(self):
        self._resolve(self.request_a)
        self.authenticate("po_portal", "po_portal_pwd")
        for score in (5, 1):
            self.url_open(f"/my/contact/{self.request_a.id}/rate", data={
                "csrf_token": Request.csrf_token(self), "score": str(score), "feedback": "",
            }, allow_redirects=False)
        rating = self.request_a.rating_ids.filtered("consumed")
        self.assertRecordValues(rating, [{"rating": 5.0}])
        with self.assertRaisesRegex(UserError, "already rated"):
            self.request_a._rate(2)
        page = self.url_open(f"/my/contact/{self.request_a.id}").text
        self.assertIn("You rated our answer <strong>5</strong>/5", page)

    def test_a_second_rating_by_any_route_leaves_the_first(self):
        self._resolve(self.request_a, "resolved")
        token = self._open_rating(self.request_a).sudo().access_token
        self.authenticate(None, None)
        page = self.url_open(f"/fale-conosco/rate/{token}/2")
        self.url_open(f"/fale-conosco/rate/{token}", data={
            "csrf_token": CSRF.search(page.text).group(1), "score": "2", "feedback": "Demorou.",
        })
        activities = self._poor_rating_activities()
        self.assertTrue(activities)
        # again by our link, then by Odoo's own /rate routes (Odoo's 5 is "happy")
        page = self.url_open(f"/fale-conosco/rate/{token}/5")
        self.assertIn("o_portal_contact_rating_thanks", page.text)
        self.assertNotIn('name="score"', page.text, "no form: the first rating stands")
        self.url_open(f"/fale-conosco/rate/{token}", data={
            "csrf_token": CSRF.search(page.text).group(1) if CSRF.search(page.text) else Request.csrf_token(self),
            "score": "5",
        })
        with mute_logger(*MUTED):
            self.url_open(f"/rate/{token}/submit_feedback", data={
                "rate": 5, "feedback": "Ótimo", "csrf_token": Request.csrf_token(self),
            })
        ratings = self.request_a.rating_ids.filtered("consumed")
        self.assertRecordValues(ratings, [{"rating": 2.0, "feedback": "Demorou."}])
        self.assertEqual(self._poor_rating_activities(), activities, "one poor rating, its activities only")

    def _poor_rating_activities(self):
        return self.env["mail.activity"].search([
            ("res_model", "=", "portal.contact.request"), ("res_id", "=", self.request_a.id),
            ("summary", "ilike", "poor rating"),
        ])

    def test_closing_a_resolved_request_does_not_ask_again(self):
        self.assertEqual(len(self._resolve(self.request_a, "resolved")), 1)
        self.assertFalse(self._resolve(self.request_a, "closed"), "the same final answer")
        self.assertEqual(len(self.request_a.rating_ids), 1)
