# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import MockEmail

from ..constants import CONTACT_REQUEST_STATES
from .common import PortalOperationsCase

TEMPLATE_NEW = "portal_operations.mail_template_contact_request_new"
TEMPLATE_REPLY = "portal_operations.mail_template_contact_request_reply"
TEMPLATE_OPINION = "portal_operations.mail_template_contact_opinion"
# The service channel's own e-mails to the customer (issue 13): the protocol receipt of
# every new request and the rating request of a resolved or closed one.
SERVICE_TEMPLATES = (
    "portal_operations.mail_template_contact_request_confirmation",
    "portal_operations.mail_template_contact_request_rating",
)


class PortalContactCase(PortalOperationsCase, MockEmail):
    """Fale Conosco data on top of the roles of ``PortalOperationsCase``: two request
    types and one request per development; the staff who want Fale Conosco e-mails are
    ``operator``, ``operator_b`` and ``admin_all`` (``admin_assigned`` does not)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.users"].search([("portal_notify_contact_request", "=", True)]).write(
            {"portal_notify_contact_request": False},
        )
        (cls.operator | cls.operator_b | cls.admin_all).write(
            {"portal_notify_contact_request": True},
        )
        cls.type_boleto = cls._create_contact_request_type("Teste: segunda via")
        cls.type_other = cls._create_contact_request_type("Teste: outros")
        cls.request_a = cls._create_contact_request(cls.type_boleto, cls.customer_a, cls.contract_a)
        cls.request_b = cls._create_contact_request(cls.type_other, cls.customer_b, cls.contract_b)

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _mails_to(self, partner):
        """The e-mails to ``partner``, the service channel's receipts aside."""
        return self._new_mails.filtered(
            lambda mail: partner in mail.recipient_ids and not self._is_service_mail(mail),
        )

    def _is_service_mail(self, mail):
        """``mail`` is a protocol receipt or a rating request (``SERVICE_TEMPLATES``)."""
        if mail.model != "portal.contact.request":
            return False
        return any(
            mail.subject == self.env.ref(xmlid)._render_field("subject", [mail.res_id])[mail.res_id]
            for xmlid in SERVICE_TEMPLATES
        )

    def assertMailFromTemplate(self, mail, template_xmlid, record):
        """``mail`` was rendered from the template ``template_xmlid`` on ``record``."""
        template = self.env.ref(template_xmlid)
        expected_subject = template._render_field("subject", record.ids)[record.id]
        self.assertEqual(mail.subject, expected_subject)


@tagged("post_install", "-at_install")
class TestPortalContact(PortalContactCase):
    """Requests, read receipts, pareceres and e-mails."""

    def test_request_takes_its_location_from_the_contract(self):
        self.assertRecordValues(self.request_a, [{
            "development_id": self.development_a.id,
            "block_id": self.block_a.id,
            "state": "pending",
            "access_url": f"/my/contact/{self.request_a.id}",
        }])
        self.assertTrue(self.request_a.name)
        self.assertNotEqual(self.request_a.name, self.request_b.name)
        self.assertIn(self.customer_a, self.request_a.message_partner_ids,
                      "the customer follows their request")

    def test_contract_of_another_customer_is_refused(self):
        with self.assertRaises(ValidationError):
            self._create_contact_request(self.type_boleto, self.customer_a, self.contract_b)

    def test_message_is_sanitized(self):
        contact_request = self._create_contact_request(
            self.type_other, self.customer_a, self.contract_a,
            message='<p onclick="alert(1)">Olá</p><script>alert("x")</script>'
            '<img src=x onerror="alert(2)">',
        )
        message = str(contact_request.message)
        self.assertIn("Olá", message)
        for unsafe in ("<script", "onclick", "onerror"):
            self.assertNotIn(unsafe, message)

    # ------------------------------------------------------------
    # Read receipt
    # ------------------------------------------------------------

    def test_administrator_opening_a_pending_request_reads_it(self):
        contact_request = self.request_a.with_context(tracking_disable=False)
        # the request was created in an earlier transaction: forget its creation tracking
        self.env.cr.precommit.clear()
        contact_request.with_user(self.admin_all).web_read({"state": {}})
        self.assertRecordValues(contact_request, [
            {"state": "read", "read_user_id": self.admin_all.id},
        ])
        self.assertTrue(contact_request.read_date)
        self.env.cr.precommit.run()  # post the tracking messages
        contact_request.invalidate_recordset(["message_ids"])
        tracking = contact_request.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state",
        )
        self.assertEqual(tracking.old_value_char, "Pending")
        self.assertEqual(tracking.new_value_char, "Read")
        self.assertEqual(tracking.mail_message_id.author_id, self.admin_all.partner_id,
                         "the chatter logs who read it, and when")

        # only the first opening counts
        read_date = contact_request.read_date
        contact_request.with_user(self.admin_assigned).web_read({"state": {}})
        self.assertRecordValues(contact_request, [
            {"state": "read", "read_user_id": self.admin_all.id, "read_date": read_date},
        ])

    def test_operator_or_list_reading_is_no_receipt(self):
        self.request_a.with_user(self.operator).web_read({"state": {}})
        self.assertEqual(self.request_a.state, "pending", "operators do not mark requests read")
        self.env["portal.contact.request"].with_user(self.admin_all).web_search_read(
            [("id", "=", self.request_a.id)], {"state": {}},
        )
        self.assertEqual(self.request_a.state, "pending", "a list is not an opening")

    def test_only_pending_requests_become_read(self):
        self.request_a._add_opinion("observation", "Aguardando o financeiro.")
        self.request_a.with_user(self.admin_all).web_read({"state": {}})
        self.assertEqual(self.request_a.state, "observation")

    # ------------------------------------------------------------
    # Pareceres
    # ------------------------------------------------------------

    def test_every_opinion_status(self):
        for status, _label in CONTACT_REQUEST_STATES:
            with self.subTest(status=status):
                opinion = self.request_a.with_user(self.admin_all)._add_opinion(
                    status, f"  Parecer {status}  ",
                )
                self.assertRecordValues(opinion, [{
                    "request_id": self.request_a.id, "state": status, "text": f"Parecer {status}",
                    "internal": False, "author_id": self.admin_all.id,
                }])
                self.assertTrue(opinion.date)
                self.assertRecordValues(self.request_a, [
                    {"state": status, "last_opinion_id": opinion.id},
                ])
        self.assertEqual(len(self.request_a.opinion_ids), len(CONTACT_REQUEST_STATES))

    def test_bad_opinions_raise_user_error(self):
        admin_request = self.request_a.with_user(self.admin_all)
        for status, text in (("unknown", "Texto"), ("", "Texto"), ("resolved", "   ")):
            with self.subTest(status=status, text=text), self.assertRaises(UserError):
                admin_request._add_opinion(status, text)
        self.assertFalse(self.request_a.opinion_ids)
        self.assertEqual(self.request_a.state, "pending")

    def test_operator_cannot_add_an_opinion(self):
        operator_request = self.request_a.with_user(self.operator)
        with self.assertRaises(UserError):
            operator_request._add_opinion("resolved", "Resolvido")
        with self.assertRaises(UserError):
            operator_request.action_add_opinion()
        with mute_logger("odoo.models", "odoo.addons.base.models.ir_model"), \
                self.assertRaises(AccessError):
            self.env["portal.contact.opinion.wizard"].with_user(self.operator).create({
                "request_id": self.request_a.id, "state": "resolved", "text": "Resolvido",
            })
        with mute_logger("odoo.models", "odoo.addons.base.models.ir_model"), \
                self.assertRaises(AccessError):
            self.env["portal.contact.opinion"].with_user(self.operator).create({
                "request_id": self.request_a.id, "state": "resolved", "text": "Resolvido",
            })
        self.assertFalse(self.request_a.opinion_ids)

    def test_wizard_adds_the_opinion(self):
        action = self.request_a.with_user(self.admin_all).action_add_opinion()
        self.assertEqual(action["res_model"], "portal.contact.opinion.wizard")
        wizard = self.env["portal.contact.opinion.wizard"].with_user(self.admin_all).with_context(
            **action["context"],
        ).create({"state": "closed", "text": "Encerrado.", "internal": True})
        wizard.action_confirm()
        self.assertRecordValues(self.request_a.opinion_ids, [
            {"state": "closed", "text": "Encerrado.", "internal": True,
             "author_id": self.admin_all.id},
        ])
        self.assertEqual(self.request_a.state, "closed")

    def test_list_opinions_newest_first(self):
        first = self.request_a._add_opinion("read", "Primeiro")
        second = self.request_a._add_opinion("observation", "Segundo", internal=True)
        third = self.request_a._add_opinion("resolved", "Terceiro")
        action = self.request_a.action_list_opinions()
        self.assertEqual(action["res_model"], "portal.contact.opinion")
        opinions = self.env["portal.contact.opinion"].search(action["domain"])
        self.assertEqual(opinions.ids, (third | second | first).ids)
        self.assertEqual(self.request_a.last_opinion_id, third)
        self.assertEqual(self.request_a.last_opinion_text, "Terceiro")

    def test_time_to_first_opinion(self):
        self.request_a.date = "2026-01-05 08:00:00"
        opinion = self.request_a._add_opinion("read", "Recebido")
        opinion.date = "2026-01-05 14:30:00"
        self.request_a._add_opinion("resolved", "Resolvido").date = "2026-01-07 08:00:00"
        self.assertRecordValues(self.request_a, [
            {"first_opinion_date": opinion.date, "first_opinion_hours": 6.5},
        ])

    # ------------------------------------------------------------
    # Public and internal pareceres reach (or not) the customer
    # ------------------------------------------------------------

    def test_public_opinion_reaches_the_customer(self):
        with self.mock_mail_gateway():
            opinion = self.request_a.with_user(self.admin_all)._add_opinion(
                "resolved", "A segunda via foi enviada para o seu e-mail.",
            )
        mail = self._mails_to(self.customer_a)
        self.assertEqual(len(mail), 1)
        self.assertMailFromTemplate(mail, TEMPLATE_OPINION, self.request_a)
        self.assertIn(opinion.text, str(mail.body_html))
        message = mail.mail_message_id
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.author_id, self.request_a.company_id.partner_id,
                         "the customer reads the answer from the company, not from a staff login")
        self.assertEqual(opinion.author_id, self.admin_all, "staff see who wrote it")
        self.assertIn(
            message,
            self.env["mail.message"].with_user(self.portal_user).search(
                [("model", "=", self.request_a._name), ("res_id", "=", self.request_a.id)],
            ),
            "the customer reads the parecer in the portal thread",
        )

    def test_internal_opinion_stays_among_staff(self):
        internal_text = "Cliente inadimplente, verificar com o jurídico."
        with self.mock_mail_gateway():
            opinion = self.request_a.with_user(self.admin_all)._add_opinion(
                "observation", internal_text, internal=True,
            )
        self.assertFalse(self._mails_to(self.customer_a), "no e-mail to the customer")
        self.assertFalse(any(internal_text in str(mail.body_html) for mail in self._new_mails))
        note = self.request_a.message_ids.filtered(lambda m: internal_text in str(m.body))
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        portal_messages = self.env["mail.message"].with_user(self.portal_user).search(
            [("model", "=", self.request_a._name), ("res_id", "=", self.request_a.id)],
        )
        self.assertNotIn(note, portal_messages)
        self.assertFalse(
            self.env["portal.contact.opinion"].with_user(self.portal_user).search(
                [("id", "=", opinion.id)],
            ),
        )
        self.assertEqual(self.request_a.state, "observation")

    # ------------------------------------------------------------
    # Staff e-mails
    # ------------------------------------------------------------

    def test_the_customer_hears_from_the_company(self):
        """The protocol receipt and a public parecer reach the customer with the company
        as author and sender: an e-mail without a sender is refused by the mail server."""
        with self.mock_mail_gateway():
            request = self._create_contact_request(
                self.type_boleto, self.customer_a, self.contract_a, subject="Boleto de abril",
            )
            request.with_user(self.admin_all)._add_opinion("resolved", "Segunda via enviada.")
        company = request.company_id.partner_id
        to_customer = self._new_mails.filtered(lambda mail: self.customer_a in mail.recipient_ids)
        self.assertTrue(all(to_customer.mapped("email_from")), "every e-mail to the customer has a sender")
        self.assertNotIn("exception", to_customer.mapped("state"))
        from_company = to_customer.filtered(lambda mail: mail.email_from == company.email_formatted)
        self.assertEqual(from_company.author_id, company)
        self.assertCountEqual(from_company.mapped("subject"), [
            f"Fale Conosco: protocol {request.name}",
            self.env.ref("portal_operations.mail_template_contact_opinion")._render_field(
                "subject", request.ids)[request.id],
        ])

    def test_new_request_emails_the_staff_who_want_it(self):
        self.type_boleto.user_ids = self.operator_b
        with self.mock_mail_gateway():
            contact_request = self._create_contact_request(
                self.type_boleto, self.customer_a, self.contract_a, subject="Boleto de março",
            )
        staff_mails = self._new_mails.filtered(lambda m: not self._is_service_mail(m))
        recipients = staff_mails.recipient_ids
        self.assertEqual(
            recipients,
            (self.operator | self.admin_all | self.operator_b).partner_id,
            "development staff, administrators of all developments and the type's responsible; "
            "not admin_assigned (no e-mails wanted)",
        )
        for mail in staff_mails:
            self.assertMailFromTemplate(mail, TEMPLATE_NEW, contact_request)
            self.assertIn("Boleto de março", str(mail.body_html))

    def test_customer_reply_reopens_and_emails_the_staff(self):
        self.request_a.with_user(self.admin_all)._add_opinion("resolved", "Enviado.")
        self.assertIn(self.admin_all.partner_id, self.request_a.message_partner_ids,
                      "who answers follows the request")
        with self.mock_mail_gateway():
            self.request_a.with_user(self.portal_user).message_post(
                body="Não recebi, podem reenviar?", message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self.request_a.state, "pending", "the customer's reply awaits staff")
        staff_mails = self._new_mails.filtered(
            lambda mail: mail.subject == self.env.ref(TEMPLATE_REPLY)._render_field(
                "subject", self.request_a.ids,
            )[self.request_a.id],
        )
        self.assertEqual(staff_mails.recipient_ids, self.operator.partner_id,
                         "admin_all follows the request: Odoo's own notification reaches them")
        self.assertIn("Não recebi, podem reenviar?", str(staff_mails[0].body_html))

    def test_staff_message_is_no_customer_reply(self):
        self.request_a._add_opinion("resolved", "Enviado.")
        with self.mock_mail_gateway():
            self.request_a.with_user(self.admin_all).message_post(
                body="Complemento", message_type="comment", subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self.request_a.state, "resolved")
        self.assertFalse(self._new_mails.filtered(lambda m: "replied" in (m.subject or "")))

    def test_staff_to_notify(self):
        Users = self.env["res.users"]
        self.admin_assigned.portal_notify_contact_request = True
        cases = [
            (self.development_a, self.operator | self.admin_assigned | self.admin_all),
            (self.development_b, self.operator_b | self.admin_all),
            (self.development_a | self.development_b,
             self.operator | self.operator_b | self.admin_assigned | self.admin_all),
            (self.env["realestate.development"], self.admin_all),
        ]
        for developments, expected in cases:
            with self.subTest(developments=developments.mapped("code")):
                self.assertEqual(
                    Users._portal_operations_staff_to_notify(
                        developments, "portal_notify_contact_request",
                    ),
                    expected,
                )
        Users.search([("portal_notify_change_request", "=", True)]).write(
            {"portal_notify_change_request": False},
        )
        self.operator.portal_notify_change_request = True
        self.assertEqual(
            Users._portal_operations_staff_to_notify(
                self.development_a, "portal_notify_change_request",
            ),
            self.operator,
        )


@tagged("post_install", "-at_install")
class TestPortalContactStaffList(PortalContactCase):
    """Operações > Fale Conosco: filters, order and the last parecer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.block_a2 = cls._create_block(cls.development_a, "B")
        cls.lot_a3 = cls._create_lot(cls.block_a2, "03")
        cls.customer_c = cls._create_customer("Ana Teste", "11144477735", "TAG-3")
        cls.contract_c = cls._create_contract("TCT-A3", cls.customer_c, cls.lot_a3)
        cls.request_c = cls._create_contact_request(cls.type_other, cls.customer_c, cls.contract_c)
        cls.requests = cls.request_a | cls.request_b | cls.request_c

    def _search_filter(self, filter_name):
        """Requests the named filter of the staff search view finds."""
        arch = self.env["portal.contact.request"].get_view(
            self.env.ref("portal_operations.portal_contact_request_view_search").id, "search",
        )["arch"]
        node = etree.fromstring(arch).xpath(f"//filter[@name='{filter_name}']")[0]
        domain = safe_eval(node.get("domain"))
        return self.env["portal.contact.request"].search(domain + [("id", "in", self.requests.ids)])

    def test_status_filters(self):
        self.request_b._add_opinion("resolved", "Resolvido")
        self.request_c._add_opinion("observation", "Ver depois")
        self.request_a.with_user(self.admin_all).web_read({"state": {}})
        cases = {
            "filter_pending": self.env["portal.contact.request"],
            "filter_read": self.request_a,
            "filter_resolved": self.request_b,
            "filter_closed": self.env["portal.contact.request"],
            "filter_observation": self.request_c,
        }
        for filter_name, expected in cases.items():
            with self.subTest(filter=filter_name):
                self.assertEqual(self._search_filter(filter_name), expected)

    def _search_panel_values(self, field_name, categories, filter_domain=None):
        """Values of a search panel filter, its arch ``domain`` evaluated with the chosen
        ``categories`` as the web client does."""
        arch = self.env["portal.contact.request"].get_view(
            self.env.ref("portal_operations.portal_contact_request_view_search").id, "search",
        )["arch"]
        node = etree.fromstring(arch).xpath(f"//searchpanel/field[@name='{field_name}']")[0]
        category_domain = [(name, "=", value) for name, value in categories.items()]
        result = self.env["portal.contact.request"].with_user(self.admin_all) \
            .search_panel_select_multi_range(
                field_name,
                search_domain=[("id", "in", self.requests.ids)],
                category_domain=category_domain,
                filter_domain=filter_domain or [],
                comodel_domain=safe_eval(node.get("domain", "[]"), categories),
                enable_counters=True,
            )
        return {value["id"]: value["__count"] for value in result["values"]}

    def test_search_panel_cascades_development_block_customer(self):
        self.assertEqual(
            self._search_panel_values("block_id", {"development_id": self.development_a.id}),
            {self.block_a.id: 1, self.block_a2.id: 1},
            "the blocks of the chosen development",
        )
        self.assertEqual(
            self._search_panel_values("block_id", {"development_id": False}), {},
            "the development is chosen first",
        )
        self.assertEqual(
            self._search_panel_values(
                "partner_id", {"development_id": self.development_a.id},
                filter_domain=[("block_id", "in", self.block_a2.ids)],
            ),
            {self.customer_a.id: 0, self.customer_c.id: 1},
            "the customers of the development, counted in the chosen block",
        )
        # clearing the development ("All"): the requests of every development again
        developments = self.env["portal.contact.request"].with_user(self.admin_all) \
            .search_panel_select_range(
                "development_id", search_domain=[("id", "in", self.requests.ids)],
            )
        self.assertEqual(
            {value["id"] for value in developments["values"]} - {False},
            {self.development_a.id, self.development_b.id},
        )
        base = [("id", "in", self.requests.ids)]
        for field_name, value, expected in (
            ("development_id", self.development_a.id, self.request_a | self.request_c),
            ("block_id", self.block_a2.id, self.request_c),
            ("partner_id", self.customer_a.id, self.request_a),
            ("type_id", self.type_other.id, self.request_b | self.request_c),
            ("state", "pending", self.requests),
        ):
            with self.subTest(field=field_name):
                self.assertEqual(self.env["portal.contact.request"].search(
                    base + [(field_name, "=", value)],
                ), expected)

    def test_pending_first_oldest_first(self):
        self.request_a.date = "2026-01-03 10:00:00"
        self.request_b.date = "2026-01-01 10:00:00"
        self.request_c.date = "2026-01-02 10:00:00"
        self.request_b._add_opinion("resolved", "Resolvido")
        self.assertEqual(
            self.env["portal.contact.request"].search([("id", "in", self.requests.ids)]).ids,
            [self.request_c.id, self.request_a.id, self.request_b.id],
        )

    def test_list_shows_the_last_opinion(self):
        self.request_b._add_opinion("read", "Recebido")
        self.request_b._add_opinion("resolved", "Boleto enviado")
        list_view = self.env["portal.contact.request"].get_view(
            self.env.ref("portal_operations.portal_contact_request_view_list").id, "list",
        )["arch"]
        columns = etree.fromstring(list_view).xpath("//list/field/@name")
        for column in ("development_id", "block_id", "partner_id", "type_id", "subject", "state",
                       "date", "last_opinion_text"):
            self.assertIn(column, columns)
        self.assertEqual(self.request_b.last_opinion_text, "Boleto enviado")
