# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PortalOperationsCase


@tagged("post_install", "-at_install")
class TestPortalOtherUsers(PortalOperationsCase, HttpCase):
    """The addon's portal behaviour (changes as requests, Brazilian formats, locked
    fields) is the loteadora's customers' only: another portal user (a buyer of another
    app, a supplier, a foreign customer) keeps Odoo's own account form and checks, and a
    customer with a foreign address is not held to Brazilian formats."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.env["res.partner"].create({
            "name": "Jane Buyer", "email": "jane@example.com", "country_id": cls.env.ref("base.us").id,
        })
        cls.buyer_user = new_test_user(
            cls.env, login="po_buyer", groups="base.group_portal", partner_id=cls.buyer.id,
            password="po_buyer_pwd", email=cls.buyer.email, name=cls.buyer.name,
        )
        if "l10n_latam_identification_type_id" in cls.env["res.partner"]._fields:
            # Beside l10n_br, Odoo's own form asks every billing address of a Latin
            # American company for an identification: the buyer shows a foreign one.
            cls.buyer.write({
                "l10n_latam_identification_type_id": cls.env.ref("l10n_latam_base.it_fid").id,
                "vat": "US-123456789",
            })
        cls.us_address = {
            "street": "858 Lynn Street", "city": "Bayonne", "zip": "07002", "phone": "+1 555 666 7788",
            "country_id": cls.env.ref("base.us").id, "state_id": cls.env.ref("base.state_us_5").id,
        }

    def _submit_account(self, partner, **values):
        # What Odoo's form posts besides the address: the partner's identification as it
        # shows it (read-only inputs are posted too).
        shown = {"name": partner.name, "email": partner.email, "vat": partner.vat or ""}
        if "l10n_latam_identification_type_id" in partner._fields:
            shown["l10n_latam_identification_type_id"] = partner.l10n_latam_identification_type_id.id or ""
        return self.url_open("/my/address/submit", data={
            "csrf_token": Request.csrf_token(self), "partner_id": partner.id,
            "callback": "/my", **shown, **values,
        })

    def test_another_portal_user_keeps_odoos_account_form(self):
        self.authenticate("po_buyer", "po_buyer_pwd")
        response = self._submit_account(self.buyer, **self.us_address).json()
        self.assertEqual(response, {"redirectUrl": "/my"})
        self.assertRecordValues(self.buyer, [{"zip": "07002", "phone": "+1 555 666 7788", "city": "Bayonne"}])
        self.assertFalse(self.env["portal.change.request"].search([("partner_id", "=", self.buyer.id)]))

    def test_another_portal_user_sees_none_of_the_registration_pages(self):
        self.authenticate("po_buyer", "po_buyer_pwd")
        response = self.url_open("/my/personal-data")
        self.assertTrue(response.url.endswith("/my/account"), response.url)
        account = self.url_open("/my/account").text
        self.assertNotIn("reviewed by our team", account)
        home = self.url_open("/my").text
        self.assertNotIn('href="/my/personal-data"', home)

    def test_the_customer_sees_the_registration_pages(self):
        self.authenticate("po_portal", "po_portal_pwd")
        self.assertIn("reviewed by our team", self.url_open("/my/account").text)
        self.assertIn('href="/my/personal-data"', self.url_open("/my").text)

    def test_a_customer_with_a_foreign_address_is_not_held_to_brazilian_formats(self):
        self.authenticate("po_portal", "po_portal_pwd")
        response = self._submit_account(self.customer_a, **self.us_address).json()
        self.assertTrue(response["redirectUrl"].startswith("/my/personal-data?submitted="), response)
        request = self.env["portal.change.request"].search(
            [("partner_id", "=", self.customer_a.id), ("state", "=", "pending")],
        )
        self.assertEqual(
            {line.field_name: line.requested_value for line in request.line_ids if line.field_name in ("zip", "phone")},
            {"zip": "07002", "phone": "+1 555 666 7788"},
        )

    def test_a_customer_with_a_brazilian_address_is_held_to_them(self):
        self.authenticate("po_portal", "po_portal_pwd")
        response = self._submit_account(
            self.customer_a, **{**self.us_address, "country_id": self.env.ref("base.br").id,
                                "state_id": self.env.ref("base.state_br_sp").id},
        ).json()
        self.assertTrue({"zip", "phone"} <= set(response["invalid_fields"]), response)
