# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import http
from odoo.http import Request
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PortalOperationsHttpCase

MUTED = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
CONTROLLERS = "odoo.addons.portal_operations.controllers."
# The record a portal route's id stands for, by the route's beginning: a new POST route
# taking an id must be listed here, and is then attacked by the test below.
ROUTE_MODELS = {
    "/my/change-requests/": "portal.change.request",
    "/my/contact/": "portal.contact.request",
    "/my/contracts/": "realestate.contract",
}


@tagged("post_install", "-at_install")
class TestShareTokens(PortalOperationsHttpCase):
    """A share token (``access_token``) opens a document for reading only: withdrawing,
    rating, replying and uploading are the logged-in customer's, whatever token comes
    with the call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user_b = new_test_user(
            cls.env, login="po_portal_b", password="po_portal_b_pwd", groups="base.group_portal",
            partner_id=cls.customer_b.id,
        )
        cls.change_a = cls.env["portal.change.request"]._submit(cls.customer_a, {"email": "maria.token@example.com.br"})
        request_type = cls._create_contact_request_type("Dúvida (token)")
        cls.contact_a = cls._create_contact_request(request_type, cls.customer_a, cls.contract_a)
        cls.contact_a.with_user(cls.admin_all)._add_opinion("resolved", "Resolvido.")
        cls.change_token = cls.change_a._portal_ensure_token()
        cls.contact_token = cls.contact_a._portal_ensure_token()

    def _post(self, url, **data):
        return self.url_open(url, data={"csrf_token": Request.csrf_token(self), **data}, allow_redirects=False)

    def _json(self, route, params):
        with mute_logger(*MUTED):
            return self.url_open(route, json={"jsonrpc": "2.0", "method": "call", "params": params}).json()

    def test_a_token_still_opens_the_document_for_reading(self):
        self.authenticate("po_portal_b", "po_portal_b_pwd")
        page = self.url_open(f"/my/contact/{self.contact_a.id}?access_token={self.contact_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.contact_a.name, page.text)

    def test_another_customer_cannot_withdraw_with_the_token(self):
        self.authenticate("po_portal_b", "po_portal_b_pwd")
        with mute_logger(*MUTED):
            response = self._post(f"/my/change-requests/{self.change_a.id}/withdraw", access_token=self.change_token)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.change_a.state, "pending")
        self.authenticate("po_portal", "po_portal_pwd")
        self.assertEqual(self._post(f"/my/change-requests/{self.change_a.id}/withdraw").status_code, 303)
        self.assertEqual(self.change_a.state, "deleted")

    def test_another_customer_cannot_rate_with_the_token(self):
        self.authenticate("po_portal_b", "po_portal_b_pwd")
        with mute_logger(*MUTED):
            response = self._post(f"/my/contact/{self.contact_a.id}/rate", score="1", access_token=self.contact_token)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.contact_a.rating_ids.filtered("consumed"))

    def test_nobody_else_replies_or_uploads_with_the_token(self):
        messages = len(self.contact_a.message_ids)
        attachments = self.env["ir.attachment"].search_count([])
        for login in ("po_portal_b", None):
            with self.subTest(login=login):
                self.authenticate(login, f"{login}_pwd" if login else None)
                answer = self._json("/mail/message/post", {
                    "thread_model": "portal.contact.request", "thread_id": self.contact_a.id,
                    "token": self.contact_token,
                    "post_data": {"body": "Sou o cliente", "message_type": "comment"},
                })
                self.assertIn("error", answer)
                with mute_logger(*MUTED):
                    response = self.url_open("/mail/attachment/upload", data={
                        "csrf_token": Request.csrf_token(self), "thread_id": str(self.contact_a.id),
                        "thread_model": "portal.contact.request", "token": self.contact_token,
                    }, files={"ufile": ("x.txt", b"x", "text/plain")})
                self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertEqual(len(self.contact_a.message_ids), messages)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_the_customer_replies_on_their_own_request(self):
        self.authenticate("po_portal", "po_portal_pwd")
        answer = self._json("/mail/message/post", {
            "thread_model": "portal.contact.request", "thread_id": self.contact_a.id,
            "post_data": {"body": "Obrigada", "message_type": "comment"},
        })
        self.assertNotIn("error", answer, answer.get("error"))
        self.assertIn("Obrigada", str(self.contact_a.message_ids[:1].body))

    def _addon_post_routes_with_an_id(self):
        """``[(path, converter)]``: the addon's portal routes that take a POST and a
        record id, from the controllers Odoo routes."""
        routes = []
        modules = sorted(self.env.registry._init_modules)
        for url, endpoint in http._generate_routing_rules(modules, nodb_only=False):
            func = getattr(endpoint, "original_endpoint", endpoint)
            if not getattr(func, "__module__", "").startswith(CONTROLLERS):
                continue
            methods = endpoint.routing.get("methods") or ["POST"]
            ids = re.findall(r"<int:(\w+)>", url)
            if "POST" in [method.upper() for method in methods] and ids:
                routes.append((url, ids[0]))
        return routes

    def test_every_post_route_refuses_another_users_id_and_token(self):
        routes = self._addon_post_routes_with_an_id()
        self.assertIn(("/my/change-requests/<int:request_id>/withdraw", "request_id"), routes)
        self.authenticate("po_portal_b", "po_portal_b_pwd")
        records = {"portal.change.request": self.change_a, "portal.contact.request": self.contact_a,
                   "realestate.contract": self.contract_a}
        for path, converter in routes:
            with self.subTest(route=path):
                model = next((model for prefix, model in ROUTE_MODELS.items() if path.startswith(prefix)), None)
                self.assertTrue(model, f"{path}: say which record its id is (ROUTE_MODELS)")
                record = records[model]
                token = record.sudo()._portal_ensure_token()
                self.env.invalidate_all()
                before = (record.sudo().write_date, len(record.sudo().message_ids))
                url = path.replace(f"<int:{converter}>", str(record.id))
                with mute_logger(*MUTED):
                    response = self._post(url, access_token=token, score="1", feedback="x")
                self.assertIn(response.status_code, (403, 404), url)
                self.env.invalidate_all()
                self.assertEqual((record.sudo().write_date, len(record.sudo().message_ids)), before)
