# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import PortalOperationsCase


class PortalChangeRequestCase(PortalOperationsCase, HttpCase):
    """A customer with an address, logged in on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.write({
            "zip": "13010-100", "street_name": "Rua das Flores", "street_number": "100", "district": "Centro",
            "city": "Campinas", "phone": "(19) 3234-5678",
            "country_id": cls.env.ref("base.br").id, "state_id": cls.env.ref("base.state_br_sp").id,
        })
        cls.ChangeRequest = cls.env["portal.change.request"]

    def setUp(self):
        super().setUp()
        self.authenticate("po_portal", "po_portal_pwd")
        self.csrf_token = Request.csrf_token(self)

    def _pending(self, partner=None):
        return self.ChangeRequest.search(
            [("partner_id", "=", (partner or self.customer_a).id), ("state", "=", "pending")]
        )

    def _post_personal_data(self, **values):
        return self.url_open("/my/personal-data", data={"csrf_token": self.csrf_token, **values})

    def _run_customer_tour(self):
        self.start_tour("/my", "portal_operations_personal_data", login="po_portal")
        self.assertChangeLines(self._pending(), {
            "zip": ("13010-100", "13087-000"), "mobile": ("", "(19) 99876-5432"),
        })


@tagged("post_install", "-at_install")
class TestPortalChangeRequest(PortalChangeRequestCase):
    """The customer's side over real HTTP: the Dados Pessoais page, Odoo's /my/account
    form and the customer's requests."""

    def test_page_shows_the_personal_data(self):
        response = self.url_open("/my/personal-data")
        self.assertEqual(response.status_code, 200)
        for expected in ('name="vat"', "529.982.247-25", 'name="zip"', "13010-100", 'name="state_id"'):
            self.assertIn(expected, response.text)

    def test_submission_creates_a_pending_request(self):
        response = self._post_personal_data(zip="13087000", mobile="19998765432", name="Maria Teste")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/personal-data?submitted=review", response.url)
        request = self._pending()
        self.assertChangeLines(request, {
            "zip": ("13010-100", "13087-000"), "mobile": ("", "(19) 99876-5432"),
        })
        self.assertEqual(self.customer_a.zip, "13010-100")
        self.assertEqual(request.submitted_by_id, self.portal_user)
        self.assertIn("Pending review", response.text)

    def test_bad_input_comes_back_next_to_the_field_and_saves_nothing(self):
        cases = [
            ({"vat": "529.982.247-24"}, "vat"),
            ({"zip": "1234"}, "zip"),
            ({"email": "maria@"}, "email"),
            ({"mobile": "123"}, "mobile"),
            ({"birth_date": "2999-01-01"}, "birth_date"),
            ({"street_name": "R" * 500}, "street_name"),
        ]
        for values, field_name in cases:
            with self.subTest(field=field_name):
                response = self._post_personal_data(**values)
                self.assertEqual(response.status_code, 200)
                self.assertRegex(response.text, rf'id="personal_data_{field_name}"[^>]*is-invalid')
                self.assertIn("nothing was saved", response.text)
        self.assertFalse(self.ChangeRequest.search([("partner_id", "=", self.customer_a.id)]))

    def test_locked_fields_cannot_be_changed(self):
        self._set_field_rule("vat", "locked")
        response = self.url_open("/my/personal-data")
        self.assertRegex(response.text, r'id="personal_data_vat"[^>]*readonly')
        self._post_personal_data(vat="111.444.777-35")
        self.assertFalse(self._pending())

    def test_markup_in_a_field_is_refused_and_shown_as_text(self):
        response = self._post_personal_data(street_name='<script>alert("x")</script>')
        self.assertFalse(self._pending())
        self.assertIn("write plain text, without tags such as &lt;b&gt; or &lt;script&gt;.", response.text)
        self.assertNotIn('<script>alert("x")</script>', response.text)
        self.assertIn("&lt;script&gt;", response.text)

    def test_account_form_becomes_a_change_request(self):
        response = self.url_open("/my/address/submit", data={
            "csrf_token": self.csrf_token, "partner_id": self.customer_a.id,
            "name": "Maria Teste", "email": "maria.nova@example.com.br", "phone": "(19) 3234-5678",
            **self._account_form_address(self.customer_a), "zip": "13010-100",
            "country_id": self.env.ref("base.br").id, "state_id": self.env.ref("base.state_br_sp").id,
            "callback": "/my",
        }).json()
        self.assertEqual(response, {"redirectUrl": "/my/personal-data?submitted=review"})
        self.assertEqual(self.customer_a.email, "tag-1@example.com.br", "not written before approval")
        self.assertChangeLines(self._pending(), {"email": ("tag-1@example.com.br", "maria.nova@example.com.br")})

    def test_account_form_refuses_bad_values_next_to_the_field(self):
        response = self.url_open("/my/address/submit", data={
            "csrf_token": self.csrf_token, "partner_id": self.customer_a.id,
            "name": "Maria Teste", "email": "tag-1@example.com.br", "phone": "123",
            **self._account_form_address(self.customer_a), "zip": "1301",
            "country_id": self.env.ref("base.br").id, "state_id": self.env.ref("base.state_br_sp").id,
        }).json()
        self.assertTrue({"zip", "phone"} <= set(response["invalid_fields"]))
        self.assertFalse(self._pending())

    def test_account_form_gives_one_message_for_a_wrong_cpf(self):
        """base_vat, where it is installed, checks the CPF too: the customer reads one
        message, the addon's."""
        response = self.url_open("/my/address/submit", data={
            "csrf_token": self.csrf_token, "partner_id": self.customer_a.id,
            "name": "Maria Teste", "email": "tag-1@example.com.br", "phone": "(19) 3234-5678",
            **self._account_form_address(self.customer_a), "vat": "529.982.247-24", "zip": "13010-100",
            "country_id": self.env.ref("base.br").id, "state_id": self.env.ref("base.state_br_sp").id,
        }).json()
        self.assertIn("vat", response["invalid_fields"])
        self.assertEqual([message for message in response["messages"] if "CPF" in message],
                         ["CPF/CNPJ: this is not a valid CPF."])
        self.assertFalse(self._pending())

    def test_withdraw(self):
        self._post_personal_data(zip="13087000")
        request = self._pending()
        response = self.url_open(f"/my/change-requests/{request.id}/withdraw", data={"csrf_token": self.csrf_token})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(request.state, "deleted")

    def test_withdraw_asks_for_a_confirmation_first(self):
        """The Withdraw button only opens a confirmation; its own button sends the form."""
        self._post_personal_data(zip="13087000")
        request = self._pending()
        for url in ("/my/personal-data", f"/my/change-requests/{request.id}"):
            with self.subTest(url=url):
                page = html.fromstring(self.url_open(url).text)
                button = page.xpath("//button[contains(concat(' ', @class, ' '), ' o_withdraw_change_request ')]")[0]
                self.assertEqual(button.get("type"), "button", "opens the dialog, sends nothing")
                self.assertFalse(button.xpath("ancestor::form"))
                dialog = page.xpath(f"//*[@id='{button.get('data-bs-target').lstrip('#')}']")[0]
                form = dialog.xpath(".//form")[0]
                self.assertEqual(form.get("action"), f"/my/change-requests/{request.id}/withdraw")
                self.assertTrue(form.xpath(
                    ".//button[@type='submit'][contains(@class, 'o_withdraw_change_request_confirm')]",
                ))
        self.assertEqual(request.state, "pending")

    def test_my_home_cards_have_icons_of_their_own(self):
        page = html.fromstring(self.url_open("/my").text)
        icons = [img.get("src") for img in page.xpath("//div[contains(@class, 'o_portal_icon')]/img")]
        self.assertIn("/portal_operations/static/src/img/personal_data.svg", icons)
        # Odoo's own cards may share one (account's invoices and bills do): ours don't,
        # with each other or with any other card.
        ours = [icon for icon in icons if icon.startswith("/portal_operations/")]
        self.assertGreaterEqual(len(ours), 4, icons)
        for icon in ours:
            self.assertEqual(icons.count(icon), 1, f"a pictogram used twice: {icons}")

    def test_rejection_reason_is_shown_to_the_customer(self):
        self._post_personal_data(zip="13087000")
        request = self._pending()
        request.with_user(self.admin_all)._reject("CEP não confere com o comprovante.")
        for url in ("/my/personal-data", f"/my/change-requests/{request.id}"):
            with self.subTest(url=url):
                self.assertIn("CEP não confere com o comprovante.", self.url_open(url).text)

    def test_another_customers_request_is_not_found(self):
        other = self._submit_as(self.portal_user, self.customer_b, {"email": "joao.novo@example.com.br"}).sudo()
        for url in (f"/my/change-requests/{other.id}", "/my/change-requests/999999999"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("joao.novo", response.text)
        response = self.url_open(f"/my/change-requests/{other.id}/withdraw", data={"csrf_token": self.csrf_token})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(other.state, "pending")
        self.assertNotIn(other.name, self.url_open("/my/change-requests").text)

    def test_refused_send_names_the_fields_and_opens_on_the_first(self):
        response = self._post_personal_data(mobile="123", zip="1234")
        banner = response.text[response.text.index("o_personal_data_errors"):]
        banner = banner[:banner.index("</div>")]
        for field_name in ("zip", "mobile"):
            with self.subTest(field=field_name):
                self.assertIn(f'href="#personal_data_{field_name}"', banner)
        self.assertIn("CEP", banner)
        self.assertLess(banner.index("#personal_data_mobile"), banner.index("#personal_data_zip"),
                        "in the order of the form")
        # the mobile (Contact) comes before the CEP (Address) in the form: the page opens there
        self.assertRegex(response.text, r'id="personal_data_mobile"[^>]*autofocus')
        self.assertNotRegex(response.text, r'id="personal_data_zip"[^>]*autofocus')

    def test_landline_example_is_a_landline(self):
        response = self._post_personal_data(phone="123")
        self.assertIn(
            "Landline: enter a Brazilian number with an existing area code (DDD), e.g. (19) 3251-4000.",
            response.text,
        )
        self.assertRegex(response.text, r'id="personal_data_phone"[^>]*placeholder="\(19\) 3251-4000"')

    def test_automatic_approval_is_not_announced_as_a_review(self):
        self.env.company.change_approval_mode = "automatic"
        response = self._post_personal_data(zip="13087000")
        self.assertIn("/my/personal-data?submitted=approved", response.url)
        self.assertEqual(self.customer_a.zip, "13087-000")
        self.assertIn("Your changes were saved.", response.text)
        for waiting in ("wait for our team", "Pending review", "reviewed by our team"):
            self.assertNotIn(waiting, response.text)
        self.assertNotIn("reviewed by our team", self.url_open("/my/account").text)

    def test_review_is_announced_when_approval_is_by_an_administrator(self):
        self.assertIn("reviewed by our team", self.url_open("/my/account").text)

    def test_change_request_page_stacks_the_values(self):
        self._post_personal_data(zip="13087000")
        response = self.url_open(f"/my/change-requests/{self._pending().id}")
        self.assertNotIn("<table", response.text[response.text.index("o_change_request_lines"):])
        self.assertRegex(response.text, r'o_change_request_requested">\s*<span[^>]*>Asked for:</span>\s*13087-000')

    def test_customer_tour(self):
        self._run_customer_tour()

    def test_review_tour(self):
        self.env["res.users"].search([]).portal_notify_change_request = False
        request = self._submit_as(self.portal_user, self.customer_a, {"zip": "13087000"})
        self.admin_all.password = "po_admin_all_pwd"
        self.start_tour("/odoo/registration-changes", "portal_operations_change_request_review", login="po_admin_all")
        self.assertRecordValues(request, [{"state": "approved", "sync_state": "to_sync"}])
        self.assertEqual(self.customer_a.zip, "13087-000")


@tagged("post_install", "-at_install")
class TestPortalChangeRequestOnPhone(PortalChangeRequestCase):
    """The same customer tour in a phone's window (390 x 844): no sideways scrolling,
    the requested values on screen."""

    browser_size = "390x844"

    def test_customer_tour_on_phone(self):
        self._run_customer_tour()
