# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CNPJ_HORIZONTE, CPF_ANA, CPF_MARIA, PortalOperationsCase


@tagged("post_install", "-at_install")
class TestPartnerPersonalData(PortalOperationsCase):

    def _new_partner(self, person_type, vat, **vals):
        return self.env["res.partner"].create(
            {"name": "Pessoa Teste", "person_type": person_type, "vat": vat, **vals}
        )

    def test_valid_identifiers_are_stored_as_digits_and_shown_formatted(self):
        cases = [
            ("F", "111.444.777-35", CPF_ANA, "111.444.777-35"),
            ("F", CPF_ANA, CPF_ANA, "111.444.777-35"),
            ("J", "11.222.333/0001-81", CNPJ_HORIZONTE, "11.222.333/0001-81"),
        ]
        for person_type, typed, stored, shown in cases:
            with self.subTest(typed=typed):
                partner = self._new_partner(person_type, typed)
                self.assertRecordValues(partner, [{"vat": stored, "cpf_cnpj": shown}])

    def test_invalid_identifiers_are_refused_naming_the_field(self):
        cases = [
            ("F", "111.444.777-36", "wrong check digit"),
            ("F", "111.111.111-11", "repeated digits"),
            ("F", "000.000.000-00", "zeros"),
            ("J", "11.222.333/0001-82", "wrong CNPJ check digit"),
            ("J", "11.111.111/1111-11", "repeated CNPJ digits"),
            ("F", CNPJ_HORIZONTE, "a CNPJ for an individual"),
            ("J", CPF_ANA, "a CPF for a company"),
            ("F", "1234", "too short"),
        ]
        for person_type, vat, why in cases:
            with self.subTest(why=why), self.assertRaisesRegex(ValidationError, "CPF/CNPJ"):
                self._new_partner(person_type, vat)

    def test_cpf_cnpj_field_edits_and_searches_the_tax_id(self):
        partner = self._new_partner("F", CPF_ANA)
        partner.cpf_cnpj = "529.982.247-25"
        self.assertEqual(partner.vat, CPF_MARIA)
        found = self.env["res.partner"].search([("cpf_cnpj", "=", "529.982.247-25")])
        self.assertIn(partner, found)
        self.assertIn(self.customer_a, found)

    def test_foreign_tax_ids_are_left_alone(self):
        partner = self.env["res.partner"].create({"name": "Foreign Co", "vat": "BE0477472701"})
        self.assertEqual(partner.vat, "BE0477472701")

    def test_spouse_cpf_is_validated(self):
        with self.assertRaisesRegex(ValidationError, "Spouse CPF"):
            self._new_partner("F", CPF_ANA, spouse_cpf="123.456.789-00")
        partner = self._new_partner("F", CPF_ANA, spouse_cpf="529.982.247-25")
        self.assertEqual(partner.spouse_cpf, CPF_MARIA)

    def test_duplicate_mega_agent_code_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._new_partner("F", CPF_ANA, mega_agent_code="TAG-1")

    def test_customer_contracts_are_listed_on_the_partner(self):
        self.assertEqual(self.customer_a.realestate_contract_count, 2)
        action = self.customer_a.action_open_realestate_contracts()
        self.assertEqual(
            self.env["realestate.contract"].search(action["domain"]),
            self.contract_a | self.contract_a_hidden,
        )
