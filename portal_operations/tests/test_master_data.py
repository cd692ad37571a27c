# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PortalOperationsCase


@tagged("post_install", "-at_install")
class TestMasterData(PortalOperationsCase):

    def test_duplicate_mega_codes_are_refused(self):
        cases = [
            ("realestate.development", {"code": "TST-A", "name": "Dup"}),
            ("realestate.block", {"code": self.block_a.code, "name": "Dup",
                                  "development_id": self.development_a.id}),
            ("realestate.lot", {"code": self.lot_a1.code, "name": "Dup", "block_id": self.block_a.id}),
            ("realestate.contract", {"code": "TCT-A1", "partner_id": self.customer_b.id,
                                     "development_id": self.development_b.id}),
        ]
        for model, vals in cases:
            with self.subTest(model=model), mute_logger("odoo.sql_db"):
                with self.assertRaises(IntegrityError), self.env.cr.savepoint():
                    self.env[model].create(vals)

    def test_same_code_in_another_company_is_allowed(self):
        other_company = self.env["res.company"].create({"name": "Outra Loteadora"})
        development = self.env["realestate.development"].create(
            {"code": "TST-A", "name": "Homônimo", "company_id": other_company.id}
        )
        self.assertEqual(development.code, self.development_a.code)

    def test_contract_takes_block_and_development_from_its_lot(self):
        self.assertRecordValues(self.contract_a, [{
            "block_id": self.block_a.id, "development_id": self.development_a.id,
            "development_kind": "development",
        }])
        self.assertEqual(self.contract_b.development_kind, "third_party_asset")

    def test_contract_location_must_be_consistent(self):
        with self.assertRaisesRegex(ValidationError, "is not in the block"):
            self.contract_a.write({"lot_id": self.lot_a2.id, "block_id": self.block_b.id,
                                   "development_id": self.development_b.id})

    def test_development_counts(self):
        self.assertRecordValues(self.development_a, [
            {"block_count": 1, "lot_count": 2, "contract_count": 2},
        ])

    def test_display_names(self):
        self.assertEqual(self.development_a.display_name, "[TST-A] Loteamento Teste A")
        self.assertEqual(self.contract_a.display_name, "TCT-A1 - Loteamento Teste A - LOTE 01")
        found = self.env["realestate.development"].name_search("TST-B")
        self.assertEqual([row[0] for row in found], [self.development_b.id])
