# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.portal_operations.models.portal_cep_address import CACHE_DAYS_PARAM, PROVIDER_PARAM

from .cep_service import fake_cep_service
from .common import BrazilianAddressCase


@tagged("post_install", "-at_install")
class TestCepAutofill(BrazilianAddressCase, HttpCase):
    """Typing a CEP fills the address: from the CEP service once, from the cache after,
    and nothing (manual entry) when the service cannot be reached."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Cache = cls.env["portal.cep.address"]

    def _ask(self, cep):
        return self.make_jsonrpc_request("/my/personal-data/cep", {"cep": cep})

    def test_the_portal_route_fills_the_address_and_asks_the_service_once(self):
        self.authenticate("po_portal", "po_portal_pwd")
        with fake_cep_service(self.env) as calls:
            first = self._ask("01310-100")
            second = self._ask("01310100")
        expected = {
            "zip": "01310-100", "street_type": "Avenida", "street_name": "Paulista", "district": "Bela Vista",
            "city": "São Paulo", "state_id": self.sp.id, "country_id": self.env.ref("base.br").id,
            # with l10n_br, its city of that CEP
            "city_id": self.env["res.city"].search([("state_id", "=", self.sp.id), ("name", "=", "São Paulo")]).id
            or False,
            "cep_status": "found",
        }
        self.assertEqual(first, expected)
        self.assertEqual(second, expected, "the second answer comes from the cache")
        self.assertEqual(calls, ["01310100"])
        self.assertRecordValues(self.Cache.search([("cep", "=", "01310100")]), [{"found": True, "uf": "SP"}])

    def test_the_cache_is_kept_for_the_configured_time(self):
        with fake_cep_service(self.env) as calls:
            self.Cache._lookup("20040-002")
            cached = self.Cache.search([("cep", "=", "20040002")])
            cached.fetched_at = fields.Datetime.now() - timedelta(days=31)
            self.assertEqual(self.Cache._lookup("20040-002")["state_id"], self.rj.id)
            self.assertEqual(calls, ["20040002", "20040002"], "30 days by default: asked again")
            settings = Form(self.env["res.config.settings"])
            self.assertEqual((settings.portal_cep_cache_days, settings.portal_cep_timeout), (30, 3))
            settings.portal_cep_cache_days = 90
            settings.save().execute()  # the settings' Save button
            self.assertEqual(self.env["ir.config_parameter"].get_param(CACHE_DAYS_PARAM), "90")
            cached.fetched_at = fields.Datetime.now() - timedelta(days=31)
            self.Cache._lookup("20040-002")
            self.assertEqual(len(calls), 2, "within 90 days: from the cache")

    def test_an_unreachable_service_leaves_the_address_to_be_typed(self):
        self.authenticate("po_portal", "po_portal_pwd")
        with fake_cep_service(self.env, unreachable={"13087000"}) as calls:
            self.assertEqual(self._ask("13087-000"), {"cep_status": "unavailable"},
                             "the form says the address could not be looked up")
            self.assertEqual(calls, ["13087000"])
            self.assertFalse(self.Cache.search([("cep", "=", "13087000")]), "a failure is not kept")
            self.Cache._lookup("01310-100")
            self.Cache.search([("cep", "=", "01310100")]).fetched_at = fields.Datetime.now() - timedelta(days=400)
        with fake_cep_service(self.env, unreachable={"01310100"}):
            self.assertEqual(self._ask("01310-100")["street_name"], "Paulista", "an old answer beats none")

    def test_the_portal_route_says_when_a_cep_is_unknown(self):
        self.authenticate("po_portal", "po_portal_pwd")
        with fake_cep_service(self.env):
            for cep in ("01999-999", "00000-000"):
                with self.subTest(cep=cep):
                    self.assertEqual(self._ask(cep), {"cep_status": "unknown"})

    def test_unknown_and_invalid_ceps(self):
        with fake_cep_service(self.env) as calls:
            self.assertEqual(self.Cache._lookup("01999-999"), {})
            self.assertEqual(self.Cache._lookup("01999-999"), {})
            self.assertEqual(calls, ["01999999"], "a CEP that does not exist is kept as such")
            for invalid in ("", "1234", "ABCDE-FGH", "00999-999"):
                with self.subTest(cep=invalid):
                    self.assertEqual(self.Cache._lookup(invalid), {})
            self.assertEqual(len(calls), 1, "invalid CEPs are not asked")

    def test_the_real_service_is_never_reached_from_the_tests(self):
        """The brazilcep provider goes through ``requests``, which Odoo's test cases
        block outside localhost: the lookup degrades to manual entry, as offline."""
        self.env["ir.config_parameter"].set_param(PROVIDER_PARAM, "brazilcep")
        asked, block = [], type(self)._request_handler

        def spy(session, prepared, **kw):
            asked.append(prepared.url)
            return block(session, prepared, **kw)

        with patch.object(type(self), "_request_handler", spy):
            self.assertEqual(self.Cache._lookup("01310-100"), {})
        self.assertEqual(asked, ["https://viacep.com.br/ws/01310100/json"], "asked, and blocked")
        self.assertFalse(self.Cache.search([]), "an unreachable service is not taken for an unknown CEP")

    def test_anonymous_visitors_cannot_ask(self):
        with fake_cep_service(self.env) as calls:
            response = self.url_open(
                "/my/personal-data/cep", json={"jsonrpc": "2.0", "method": "call", "params": {"cep": "01310100"}},
            )
        self.assertIn("error", response.json())
        self.assertEqual(calls, [])

    def test_only_administrators_see_and_clear_the_cache(self):
        with fake_cep_service(self.env):
            self.Cache._lookup("01310-100")
        for user in (self.portal_user, self.operator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Cache.with_user(user).search_read([], ["cep"])
        cached = self.Cache.with_user(self.admin_all).search([])
        self.assertEqual(cached.mapped("cep"), ["01310100"])
        with self.assertRaises(AccessError):
            cached.write({"street": "Rua Falsa"})
        # Configuração > Endereços de CEP: the menu and the list, for the administrator only
        menu = self.env.ref("portal_operations.menu_portal_cep_address")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.admin_all)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.operator)._visible_menu_ids())
        views = self.Cache.with_user(self.admin_all).get_views([(False, "list"), (False, "search")])
        self.assertIn('name="fetched_at"', views["views"]["list"]["arch"])
        # the cache is every company's: only Odoo's system administrators clear it
        with self.assertRaises(AccessError):
            cached.unlink()
        cached.with_user(self.env.ref("base.user_admin")).unlink()
        with fake_cep_service(self.env) as calls:
            self.Cache._lookup("01310-100")
        self.assertEqual(calls, ["01310100"], "cleared: the service is asked again")

    def test_the_back_office_partner_form_fills_the_address(self):
        clerk = new_test_user(
            self.env, login="po_clerk",
            groups="base.group_partner_manager,portal_operations.group_portal_operations_admin",
        )
        self.customer_b.street_number = "15"
        with fake_cep_service(self.env):
            with Form(self.customer_b.with_user(clerk)) as form:
                form.zip = "20040-002"
                self.assertEqual((form.street_name, form.street), ("Rio Branco", "Rio Branco 15"))
                self.assertEqual(form.street_type, "Avenida")
                self.assertEqual(form.district, "Centro")
                self.assertEqual(form.city, "Rio de Janeiro")
                self.assertEqual(form.state_id, self.rj)
        self.assertRecordValues(self.customer_b, [{"zip": "20040-002", "city": "Rio de Janeiro"}])

    def test_autofill_tour(self):
        """The customer types a CEP (filled), another one the service cannot answer for,
        the first again (from the cache), then the second again and types the address by
        hand."""
        with fake_cep_service(self.env, unreachable={"13087000"}) as calls:
            self.start_tour("/my/personal-data", "portal_operations_cep_autofill", login="po_portal")
        self.assertEqual(calls, ["01310100", "13087000", "01999999", "13087000"],
                         "the second 01310-100 came from the cache")
        request = self.env["portal.change.request"].search(
            [("partner_id", "=", self.customer_a.id), ("state", "=", "pending")]
        )
        self.assertChangeLines(request, {
            "zip": ("13010-100", "13087-000"),
            "street_name": ("Rua das Flores", "Rua Digitada à Mão"),
            "district": ("", "Centro"),
            "street_type": ("", "Rua"),
        })

    def test_autofill_tour_on_the_account_page(self):
        """Odoo's own account form fills the address from the CEP as well, for the
        loteadora's customers; other portal users keep Odoo's form as it is."""
        with fake_cep_service(self.env) as calls:
            self.start_tour("/my/account", "portal_operations_cep_autofill_account", login="po_portal")
        self.assertEqual(calls, ["20040002"])
        self.authenticate("po_portal", "po_portal_pwd")
        self.assertIn("data-cep-autofill", self.url_open("/my/account").text)
        buyer = new_test_user(self.env, login="po_buyer", password="po_buyer_pwd", groups="base.group_portal")
        self.authenticate(buyer.login, "po_buyer_pwd")
        page = self.url_open("/my/account")
        self.assertIn('name="address_form"', page.text)
        self.assertNotIn("data-cep-autofill", page.text)
