# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SyncCase


@tagged("post_install", "-at_install")
class TestAddressModel(SyncCase, HttpCase):
    """The address is Odoo's own (base_address_extended), with and without l10n_br: the
    ERP's street, number and complement are ``street_name``, ``street_number`` and
    ``street_number2`` (Odoo makes ``street`` of them), the district is the address's
    second line, and the city is also a ``res.city`` where Brazil has cities. A change
    typed on Odoo's account form reaches the ERP as typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a Brazilian company: l10n_br's address form where l10n_br is installed
        cls.company._portal_operations_demo_localize(cls.env.ref("base.state_br_sp").id)

    def _expected_city(self, name, state):
        return self.env["res.city"].search([("state_id", "=", state.id), ("name", "=", name)]).id or False

    def test_a_pull_keeps_every_part_of_the_address(self):
        run = self._sync()
        self.assertRecordValues(run, [{"state": "done", "error_count": 0}])
        for code, agent in self.simulator.state.agents.items():
            partner = self._partner(code)
            with self.subTest(code=code):
                street = " ".join(filter(None, (agent.street, agent.number)))
                if agent.complement:
                    street += f" - {agent.complement}"
                self.assertRecordValues(partner, [{
                    "street_type": agent.street_type or False, "street_name": agent.street or False,
                    "street_number": agent.number or False, "street_number2": agent.complement or False,
                    "street": street or False, "district": agent.district or False,
                    "street2": agent.district or False, "city": agent.city or False,
                    "city_id": self._expected_city(agent.city, partner.state_id),
                }])

    def test_a_change_on_the_account_form_reaches_the_erp_as_typed(self):
        self._sync()
        code = "AGT0000001"
        partner = self._partner(code)
        new_test_user(
            self.env, login="po_address", password="po_address_pwd", groups="base.group_portal",
            partner_id=partner.id, company_id=self.company.id, company_ids=self.company.ids,
        )
        sp = self.env.ref("base.state_br_sp")
        campinas = self.env["res.city"].search([("state_id", "=", sp.id), ("name", "=", "Campinas")])
        typed = {"street_name": "Rua Nova Esperança", "street_number": "77", "street_number2": "Casa 2",
                 "street2": "Cambuí", "city_id": campinas.id}
        if "city_id" not in self._account_form_address(partner):  # Odoo's form without l10n_br's
            typed = {"street": "Rua Nova Esperança 77 - Casa 2", "street2": "Cambuí", "city": "Campinas"}
        self.authenticate("po_address", "po_address_pwd")
        response = self.url_open("/my/address/submit", data={
            "csrf_token": Request.csrf_token(self), "partner_id": partner.id, "callback": "/my",
            "name": partner.name, "email": partner.email, "phone": partner.phone or "",
            **self._account_form_address(partner, **typed),
            "zip": "13010-100", "country_id": self.env.ref("base.br").id, "state_id": sp.id,
        }).json()
        self.assertEqual(response, {"redirectUrl": "/my/personal-data?submitted=review"})
        request = self.env["portal.change.request"].search([("partner_id", "=", partner.id), ("state", "=", "pending")])
        request.with_user(self.admin_all).action_approve()
        self.assertRecordValues(partner, [{
            "street": "Rua Nova Esperança 77 - Casa 2", "street2": "Cambuí", "district": "Cambuí",
            "city": "Campinas", "city_id": campinas.id or False,
        }])
        self.assertRecordValues(request, [{"state": "approved", "sync_state": "to_sync"}])
        self.env.flush_all()  # the run reads the database in a cursor of its own
        run = self._sync()
        self.assertRecordValues(run, [{"error_count": 0, "pushed_count": 1}])
        agent = self.simulator.state.agents[code]
        self.assertEqual(
            (agent.street, agent.number, agent.complement, agent.district, agent.city, agent.zip, agent.state),
            ("Rua Nova Esperança", "77", "Casa 2", "Cambuí", "Campinas", "13010100", "SP"),
        )
