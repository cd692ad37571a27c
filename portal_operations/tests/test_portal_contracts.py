# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import PortalOperationsCase


@tagged("post_install", "-at_install")
class TestPortalContracts(PortalOperationsCase, HttpCase):
    """The customer's contracts under /my/contracts, over real HTTP."""

    def setUp(self):
        super().setUp()
        self.authenticate("po_portal", "po_portal_pwd")

    def test_list_shows_only_own_published_contracts(self):
        response = self.url_open("/my/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertIn("TCT-A1", response.text)
        self.assertNotIn("TCT-A2", response.text, "an unpublished contract is not listed")
        self.assertNotIn("TCT-B1", response.text, "another customer's contract is not listed")

    def test_detail_of_own_contract(self):
        response = self.url_open(f"/my/contracts/{self.contract_a.id}")
        self.assertEqual(response.status_code, 200)
        for expected in ("TCT-A1", "Loteamento Teste A", "QUADRA A", "LOTE 01"):
            self.assertIn(expected, response.text)

    def test_another_customers_contract_is_not_found(self):
        for contract in (self.contract_b, self.contract_a_hidden):
            with self.subTest(contract=contract.code):
                response = self.url_open(f"/my/contracts/{contract.id}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(contract.code, response.text)
        response = self.url_open("/my/contracts/999999999")
        self.assertEqual(response.status_code, 404)

    def test_home_counter(self):
        response = self.make_jsonrpc_request("/my/counters", {"counters": ["contract_count"]})
        self.assertEqual(response, {"contract_count": 1})

    def test_contracts_section_can_be_switched_off(self):
        self.env.company.portal_show_contracts = False
        response = self.url_open("/my/contracts", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_contract_pages_write_nothing_so_a_read_replica_serves_them(self):
        """``/my/contracts`` and ``/my/contracts/<id>`` are read-only routes
        (``readonly=True``: a read replica may serve them). Their links carry the
        contracts' portal tokens (the detail page's pager those of its neighbours),
        which exist since the contracts do: nothing is written (in production Odoo would
        log "cannot execute UPDATE in a read-only transaction, retrying with a
        read/write cursor")."""
        lot = self._create_lot(self.block_a, "03")
        neighbour = self._create_contract("TCT-A3", self.customer_a, lot, signature_date="2024-01-10")
        self.assertTrue(neighbour.access_token and self.contract_a.access_token)
        Contract = type(self.env["realestate.contract"])
        written = []

        def write(records, vals):
            written.append((records.ids, sorted(vals)))
            return original_write(records, vals)

        original_write = Contract.write
        with patch.object(Contract, "write", write):
            self.url_open("/my/contracts")  # the detail page's pager follows the list
            response = self.url_open(f"/my/contracts/{self.contract_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/contracts/{neighbour.id}?access_token={neighbour.access_token}", response.text)
        self.assertEqual(written, [])
