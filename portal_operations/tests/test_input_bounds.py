# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.portal_contact_request import MESSAGE_MAX_LENGTH
from .common import PortalOperationsCase

TOO_LONG = f"The message is too long: at most {MESSAGE_MAX_LENGTH} characters."


@tagged("post_install", "-at_install")
class TestInputBounds(PortalOperationsCase, HttpCase):
    """Bad input, as before: JSON routes check their parameters' types and answer a
    clean error; a Fale Conosco message has one upper bound for the form and the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request_type = cls._create_contact_request_type("Dúvida (limites)")

    def _jsonrpc(self, route, params):
        with mute_logger("odoo.http"):
            response = self.url_open(route, json={"jsonrpc": "2.0", "method": "call", "params": params})
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_the_cep_route_refuses_a_cep_that_is_not_text(self):
        self.authenticate("po_portal", "po_portal_pwd")
        for cep in (13010100, ["13010-100"], {"cep": "13010-100"}, True, 1.5):
            with self.subTest(cep=cep):
                error = self._jsonrpc("/my/personal-data/cep", {"cep": cep}).get("error")
                self.assertTrue(error, "refused")
                self.assertEqual(error["data"]["name"], "odoo.exceptions.UserError", error["data"]["message"])
                self.assertIn("CEP", error["data"]["message"])
        self.assertEqual(self._jsonrpc("/my/personal-data/cep", {"cep": "123"}), {
            "jsonrpc": "2.0", "id": None, "result": {"cep_status": "unknown"},
        })

    def test_a_message_too_long_is_refused_by_the_form_and_the_orm(self):
        self.authenticate("po_portal", "po_portal_pwd")
        response = self.url_open("/my/contact/new", data={
            "csrf_token": Request.csrf_token(self), "type_id": str(self.request_type.id),
            "contract_id": str(self.contract_a.id), "subject": "Longa", "message": "a" * (MESSAGE_MAX_LENGTH + 1),
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn(TOO_LONG, html.unescape(response.text))
        self.authenticate("admin", "admin")
        answer = self._jsonrpc("/web/dataset/call_kw", {
            "model": "portal.contact.request", "method": "create", "args": [[{
                "partner_id": self.customer_a.id, "type_id": self.request_type.id,
                "contract_id": self.contract_a.id, "subject": "Longa",
                "message": "<p>" + "a" * (2 * 1024 * 1024) + "</p>",
            }]], "kwargs": {},
        })
        self.assertEqual(answer["error"]["data"]["message"], TOO_LONG)
        self.assertFalse(self.env["portal.contact.request"].search([("subject", "=", "Longa")]))
        request = self._create_contact_request(
            self.request_type, self.customer_a, self.contract_a, message="<p>" + "a" * MESSAGE_MAX_LENGTH + "</p>",
        )
        self.assertTrue(request, "the bound itself is accepted")
