# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import html
import re

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CPF_ANA, PortalOperationsCase

NUL = "\x00"


@tagged("post_install", "-at_install")
class TestOrmRefusesWhatThePortalRefuses(PortalOperationsCase, HttpCase):
    """Over JSON-RPC (as an integration, an import or the back office would write), the
    ORM refuses each input the portal refuses, with the very message the portal shows;
    a control character is a clear error, never an HTTP 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.write({
            "zip": "13010-100", "street_name": "Rua das Flores", "city": "Campinas",
            "country_id": cls.env.ref("base.br").id, "state_id": cls.env.ref("base.state_br_sp").id,
        })
        cls.request_type = cls._create_contact_request_type("Segunda via de boleto")

    def _rpc(self, model, method, *args, **kwargs):
        response = self.opener.post(f"{self.base_url()}/web/dataset/call_kw/{model}/{method}", json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        })
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    def assertRpcRefused(self, message, model, method, *args, **kwargs):
        with mute_logger("odoo.http"):
            answer = self._rpc(model, method, *args, **kwargs)
        self.assertIn("error", answer, f"{model}.{method} accepted {args}")
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.ValidationError")
        self.assertEqual(answer["error"]["data"]["message"], message)

    def _portal_message(self, field_name, value):
        """What the customer's Dados Pessoais form says of ``value`` in ``field_name``."""
        self.authenticate("po_portal", "po_portal_pwd")
        response = self.url_open("/my/personal-data", data={
            "csrf_token": Request.csrf_token(self), field_name: value,
        })
        self.assertEqual(response.status_code, 200)
        found = re.search(
            rf'id="personal_data_{field_name}".*?<div[^>]*class="invalid-feedback d-block"[^>]*>(.*?)</div>',
            response.text, re.DOTALL,
        )
        self.assertTrue(found, f"the portal accepted {field_name}={value!r}")
        return html.unescape(found.group(1)).strip()

    def test_a_brazilian_partners_cpf_cnpj_without_person_type(self):
        self.authenticate("admin", "admin")
        brazil = self.env.ref("base.br").id
        cases = [
            ("111.111.111-11", "CPF/CNPJ: this is not a valid CPF."),
            ("529.982.247-24", "CPF/CNPJ: this is not a valid CPF."),
            ("11.222.333/0001-82", "CPF/CNPJ: this is not a valid CNPJ."),
        ]
        # the portal's message for the CPFs of its customer (an individual)
        for vat, message in cases[:2]:
            self.assertEqual(self._portal_message("vat", vat), message)
        self.authenticate("admin", "admin")
        for vat, message in cases:
            with self.subTest(vat=vat):
                self.assertRpcRefused(
                    message, "res.partner", "create", [{"name": "Sem Tipo", "country_id": brazil, "vat": vat}],
                )
                partner = self.env["res.partner"].create({"name": "Sem Tipo", "country_id": brazil})
                self.assertRpcRefused(message, "res.partner", "write", [partner.id], {"vat": vat})
        # a valid number, a foreign VAT number and a foreign partner are left alone
        for vals in (
            {"country_id": brazil, "vat": CPF_ANA},
            {"country_id": brazil, "vat": "BE0477472701"},
            {"country_id": self.env.ref("base.us").id, "vat": "111.111.111-11"},
        ):
            with self.subTest(vals=vals):
                answer = self._rpc("res.partner", "create", [{"name": "Aceito", **vals}])
                self.assertNotIn("error", answer)

    def test_a_customers_personal_data(self):
        cases = [
            ("street_name", "R" * 101),
            ("name", "   "),
            ("city", "   "),
            ("zip", "1234"),
            ("mobile", "123"),
            ("city", f"Campi{NUL}nas"),
            ("profession", "Engenheira\x07"),
        ]
        for field_name, value in cases:
            with self.subTest(field=field_name):
                message = self._portal_message(field_name, value)
                self.authenticate("admin", "admin")
                self.assertRpcRefused(message, "res.partner", "write", [self.customer_a.id], {field_name: value})
        self.assertEqual(self.customer_a.street_name, "Rua das Flores")

    def test_a_new_customer_is_checked_as_it_is_created(self):
        self.authenticate("admin", "admin")
        self.assertRpcRefused(
            self._portal_message("zip", "1234"),
            "res.partner", "create", [{"name": "Novo Cliente", "mega_agent_code": "TAG-9", "zip": "1234"}],
        )

    def test_control_characters_in_any_partner_are_a_clear_error(self):
        other = self.env["res.partner"].create({"name": "Fornecedor"})
        self.authenticate("admin", "admin")
        self.assertRpcRefused(
            "Name contains control characters (such as NUL), which cannot be saved: remove them.",
            "res.partner", "write", [other.id], {"name": f"Forne{NUL}cedor"},
        )
        # a vertical tab alone: Python would strip it as a blank
        self.assertRpcRefused(
            "Name contains control characters (such as NUL), which cannot be saved: remove them.",
            "res.partner", "write", [other.id], {"name": "\x0b"},
        )

    def test_control_characters_on_odoos_account_form_are_a_field_error(self):
        self.authenticate("po_portal", "po_portal_pwd")
        response = self.url_open("/my/address/submit", data={
            "csrf_token": Request.csrf_token(self), "partner_id": self.customer_a.id,
            "name": "Maria Teste", "email": self.customer_a.email,
            **self._account_form_address(self.customer_a, street=f"Rua{NUL} das Flores"),
            "zip": "13010-100", "country_id": self.env.ref("base.br").id,
            "state_id": self.env.ref("base.state_br_sp").id,
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn("street", response.json()["invalid_fields"])

    def test_fale_conosco(self):
        self.authenticate("admin", "admin")
        base = {
            "partner_id": self.customer_a.id, "type_id": self.request_type.id,
            "contract_id": self.contract_a.id, "subject": "Segunda via", "message": "<p>Preciso.</p>",
        }
        cases = [
            ({"subject": "   "}, "Write the subject of your request."),
            ({"subject": "A" * 201}, "The subject is too long: at most 200 characters."),
            ({"message": "<p> </p>"}, "Write your message."),
            ({"subject": f"Segunda{NUL} via"},
             "Subject contains control characters (such as NUL), which cannot be saved: remove them."),
            ({"subject": "\x0c"},
             "Subject contains control characters (such as NUL), which cannot be saved: remove them."),
        ]
        existing = self._create_contact_request(self.request_type, self.customer_a, self.contract_a)
        for vals, message in cases:
            with self.subTest(vals=vals):
                self.assertRpcRefused(message, "portal.contact.request", "create", [{**base, **vals}])
                self.assertRpcRefused(message, "portal.contact.request", "write", [existing.id], vals)

    def test_fale_conosco_form_refuses_control_characters(self):
        self.authenticate("po_portal", "po_portal_pwd")
        response = self.url_open("/my/contact/new", data={
            "csrf_token": Request.csrf_token(self), "type_id": str(self.request_type.id),
            "contract_id": str(self.contract_a.id), "subject": f"Segunda{NUL} via", "message": "Preciso.",
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn("Subject contains control characters", html.unescape(response.text))
        self.assertFalse(self.env["portal.contact.request"].search([("subject", "like", "Segunda%via")]))
