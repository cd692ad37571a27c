# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib
import difflib
import pprint
from collections import Counter
from collections.abc import Mapping

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user

from odoo.addons.portal_operations.sync import change_history
from odoo.addons.portal_operations.sync.exporter import CONTRACT_STATUSES_IN_FORCE

from mega_erp.simulator import Simulator

# Valid identifiers (check digits computed, not repeated digits).
CPF_MARIA = "52998224725"
CPF_JOAO = "15350946056"
CPF_ANA = "11144477735"
CNPJ_HORIZONTE = "11222333000181"
CPF_CARLOS = "94580730224"


def _diff(expected, actual):
    """The lines of a unified diff between two dicts, one key per line, sorted."""

    def lines(values):
        return sorted(f"{key!s}: {pprint.saferepr(value)}" for key, value in values.items())

    return "\n".join(difflib.unified_diff(lines(expected), lines(actual), "expected", "actual", lineterm=""))


class ErpCallsCase:
    """Assertions about the calls Mega ERP received, for a test case whose ERP is the
    simulator ``self.simulator`` (its ``state.calls``: {operation: calls received since
    its last reset})::

        with self.trap_erp_calls() as calls:
            self._sync()
        self.assertErpCalls({"ListAgents": 1, "UpdateAgent": 0}, calls)
    """

    @contextlib.contextmanager
    def trap_erp_calls(self, simulator=None):
        """The calls ``simulator`` (default: ``self.simulator``) receives inside the
        block, as {operation: calls}: read inside the block, the calls so far."""
        trapped = TrappedErpCalls((simulator or self.simulator).state)
        try:
            yield trapped
        finally:
            trapped.close()

    def assertErpCalls(self, expected, calls=None, simulator=None, msg=None):
        """Each operation of ``expected`` ({operation: calls}) was called that many times:
        in ``calls`` (what ``trap_erp_calls`` trapped), else since ``simulator``'s
        (default: ``self.simulator``) last reset. Operations ``expected`` does not name
        are not checked. A failure prints expected vs actual, and every call counted."""
        if calls is None:
            calls = (simulator or self.simulator).state.calls
        actual = {operation: calls.get(operation, 0) for operation in expected}
        if actual != dict(expected):
            self.fail(
                f"{msg + ': ' if msg else ''}Mega ERP calls differ:\n{_diff(dict(expected), actual)}\n"
                f"every call counted: {dict(sorted(calls.items()))}"
            )


class TrappedErpCalls(Mapping):
    """{operation: calls} the simulator's ``state`` received since this was made, until
    ``close()`` (``trap_erp_calls``' block ends); an operation not called counts 0."""

    def __init__(self, state):
        self._state = state
        self._before = Counter(state.calls)
        self._closed = None

    def _counts(self):
        return self._closed if self._closed is not None else Counter(self._state.calls) - self._before

    def close(self):
        self._closed = self._counts()

    def __getitem__(self, operation):
        return self._counts()[operation]

    def __iter__(self):
        return iter(self._counts())

    def __len__(self):
        return len(self._counts())


class PortalOperationsCase(TransactionCase):
    """Two developments with blocks, lots, customers and contracts, and one user per role:

    ============================  ================================================
    user                          role
    ============================  ================================================
    ``operator``                  operator of ``development_a``
    ``operator_b``                operator of ``development_b``
    ``admin_assigned``            administrator assigned to ``development_a``
    ``admin_all``                 administrator without assignment (sees all)
    ``portal_user``               portal customer ``customer_a``
    ============================  ================================================
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.development_a = cls._create_development("TST-A", "Loteamento Teste A")
        cls.development_b = cls._create_development(
            "TST-B", "Residencial Teste B", kind="third_party_asset",
        )
        cls.block_a = cls._create_block(cls.development_a, "A")
        cls.block_b = cls._create_block(cls.development_b, "1")
        cls.lot_a1 = cls._create_lot(cls.block_a, "01")
        cls.lot_a2 = cls._create_lot(cls.block_a, "02")
        cls.lot_b1 = cls._create_lot(cls.block_b, "01")
        cls.customer_a = cls._create_customer("Maria Teste", CPF_MARIA, "TAG-1")
        cls.customer_b = cls._create_customer("João Teste", CPF_JOAO, "TAG-2")
        cls.contract_a = cls._create_contract("TCT-A1", cls.customer_a, cls.lot_a1)
        cls.contract_a_hidden = cls._create_contract(
            "TCT-A2", cls.customer_a, cls.lot_a2, visible_on_portal=False,
        )
        cls.contract_b = cls._create_contract("TCT-B1", cls.customer_b, cls.lot_b1)

        operator_group = "portal_operations.group_portal_operations_operator"
        admin_group = "portal_operations.group_portal_operations_admin"
        cls.operator = cls._create_staff("po_operator", operator_group, cls.development_a)
        cls.operator_b = cls._create_staff("po_operator_b", operator_group, cls.development_b)
        cls.admin_assigned = cls._create_staff("po_admin_a", admin_group, cls.development_a)
        cls.admin_all = cls._create_staff("po_admin_all", admin_group)
        cls.portal_user = new_test_user(
            cls.env, login="po_portal", groups="base.group_portal",
            partner_id=cls.customer_a.id, password="po_portal_pwd", email=cls.customer_a.email,
            name=cls.customer_a.name,
        )

    # ------------------------------------------------------------
    # Factories
    # ------------------------------------------------------------

    @classmethod
    def _create_development(cls, code, name, kind="development", **vals):
        return cls.env["realestate.development"].create(
            {"code": code, "name": name, "kind": kind, "city": "Campinas", "state_code": "SP", **vals}
        )

    @classmethod
    def _create_block(cls, development, letter):
        return cls.env["realestate.block"].create({
            "code": f"{development.code}-Q{letter}",
            "name": f"QUADRA {letter}",
            "development_id": development.id,
        })

    @classmethod
    def _create_lot(cls, block, number):
        return cls.env["realestate.lot"].create({
            "code": f"{block.code}-L{number}", "name": f"LOTE {number}",
            "block_id": block.id, "area": 300.0,
        })

    @classmethod
    def _create_customer(cls, name, cpf, agent_code, **vals):
        return cls.env["res.partner"].create({
            "name": name, "person_type": "F", "vat": cpf, "mega_agent_code": agent_code,
            "email": f"{agent_code.lower()}@example.com.br", **vals,
        })

    @classmethod
    def _create_contract(cls, code, customer, lot, **vals):
        return cls.env["realestate.contract"].create({
            "code": code, "partner_id": customer.id, "lot_id": lot.id,
            "status": "active", "signature_date": "2024-03-15", **vals,
        })

    @classmethod
    def _create_staff(cls, login, group, *developments, **vals):
        user = new_test_user(cls.env, login=login, groups=f"base.group_user,{group}", **vals)
        user.portal_development_ids = [Command.set([d.id for d in developments])]
        return user

    @classmethod
    def _start_simulator(cls, agents, seed):
        """A Mega ERP simulator over HTTP for the whole class."""
        simulator = Simulator(agents=agents, seed=seed).start(port=0)
        cls.addClassCleanup(simulator.stop)
        return simulator

    @staticmethod
    def _erp_settings(simulator, **settings):
        """A backend's connection settings pointing at ``simulator``."""
        return {
            "wsdl_url": simulator.wsdl_url, "endpoint_url": simulator.url,
            "username": "mega", "password": "mega", "timeout": 5, **settings,
        }

    @classmethod
    def _create_other_company(cls):
        """A second loteadora, ``company_b``, with its own development, customer,
        contract, Mega ERP connection and requests, and its own staff and customer:

        ============================  ================================================
        record                        what
        ============================  ================================================
        ``development_c``             development of ``company_b`` (block, lot)
        ``customer_c``                customer of ``company_b``, contract ``contract_c``
        ``backend_b``                 ``company_b``'s Mega ERP connection
        ``change_pending_c``          pending registration change of ``customer_c``
        ``change_refused_c``          approved change Mega ERP refused (may be resent)
        ``contact_request_c``         pending Fale Conosco request of ``customer_c``
        ``admin_b``                   administrator of ``company_b`` only
        ``portal_user_c``             portal customer ``customer_c``
        ============================  ================================================

        Every user of the base class works in the main company only.
        """
        cls.company_b = cls.env["res.company"].create({"name": "Loteadora Outra"})
        company = {"company_id": cls.company_b.id}
        cls.development_c = cls._create_development("TST-C", "Loteamento Outra C", **company)
        cls.block_c = cls._create_block(cls.development_c, "C")
        cls.lot_c1 = cls._create_lot(cls.block_c, "01")
        cls.customer_c = cls._create_customer("Carlos Outra", CPF_CARLOS, "TAG-3", **company)
        cls.contract_c = cls._create_contract("TCT-C1", cls.customer_c, cls.lot_c1, **company)
        cls.backend_b = cls.env["mega.backend"].create({"name": "Mega ERP (Outra)", **company})
        cls.admin_b = cls._create_staff(
            "po_admin_b", "portal_operations.group_portal_operations_admin",
            company_id=cls.company_b.id, company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.portal_user_c = new_test_user(
            cls.env, login="po_portal_c", groups="base.group_portal", partner_id=cls.customer_c.id,
            company_id=cls.company_b.id, company_ids=[Command.set(cls.company_b.ids)],
        )
        ChangeRequest = cls.env["portal.change.request"]
        cls.change_refused_c = ChangeRequest._submit(cls.customer_c, {"phone": "(19) 3232-4545"})
        cls.change_refused_c.with_user(cls.admin_b).action_approve()
        change_history.sync_failed(cls.change_refused_c, "Telefone recusado", field="phone")
        cls.change_pending_c = ChangeRequest._submit(cls.customer_c, {"email": "carlos.novo@example.com.br"})
        request_type = cls.env["portal.contact.request.type"].create({"name": "Dúvida (Outra)", **company})
        cls.contact_request_c = cls.env["portal.contact.request"].create({
            "partner_id": cls.customer_c.id, "type_id": request_type.id,
            "contract_id": cls.contract_c.id, "subject": "Boleto", "message": "<p>Boleto?</p>",
        })

    # ------------------------------------------------------------
    # Registration changes
    # ------------------------------------------------------------

    def _set_field_rule(self, field_name, rule):
        self.env.ref(f"portal_operations.change_field_rule_{field_name}").rule = rule

    def _submit_as(self, user, partner, values):
        """Submit a change as ``user`` would: the portal submits with the customer's
        rights (the model's sudo is its own business)."""
        return self.env["portal.change.request"].with_user(user)._submit(partner, values)

    def _account_form_address(self, partner, **values):
        """The address inputs Odoo's /my/account form posts for ``partner``, as it shows
        them: with l10n_br, for a company accounting in Brazil, the street's parts, the
        district's line and the city select (l10n_br requires them); else the one-line
        street, its second line and the city. ``values`` change some of them."""
        company = partner.company_id or self.env.company
        if "l10n_br.zip.range" in self.env and company.account_fiscal_country_id.code == "BR":
            address = {
                "street_name": partner.street_name or "", "street_number": partner.street_number or "",
                "street_number2": partner.street_number2 or "", "street2": partner.street2 or "",
                "city_id": partner.city_id.id or "",
                # l10n_latam_base asks for the tax id and its kind
                "vat": partner.vat or "",
                "l10n_latam_identification_type_id": partner.l10n_latam_identification_type_id.id,
            }
        else:
            address = {"street": partner.street or "", "street2": partner.street2 or "", "city": partner.city or ""}
        return {**address, **values}

    def assertChangeLines(self, request, expected):
        """``expected``: field name -> (original, requested) raw values. A failure prints
        expected vs actual, one field per line."""
        actual = {line.field_name: (line.old_value, line.requested_value) for line in request.line_ids}
        if actual != expected:
            self.fail(f"Change lines of {request.display_name} differ:\n{_diff(expected, actual)}")

    # ------------------------------------------------------------
    # Factories: Fale Conosco
    # ------------------------------------------------------------

    @classmethod
    def _create_contact_request_type(cls, name, **vals):
        return cls.env["portal.contact.request.type"].create({"name": name, **vals})

    @classmethod
    def _create_contact_request(cls, request_type, customer, contract=None, **vals):
        """A Fale Conosco request as the portal creates it (``contract`` or a
        ``development_id`` in ``vals``)."""
        return cls.env["portal.contact.request"].create({
            "partner_id": customer.id,
            "type_id": request_type.id,
            "contract_id": contract.id if contract else False,
            "subject": "Segunda via",
            "message": "<p>Preciso da segunda via do boleto.</p>",
            **vals,
        })


class PortalOperationsHttpCase(PortalOperationsCase, HttpCase):
    """The same data, called over HTTP as the web client does."""

    def _call_kw(self, model, method, ids=None, *args, **kwargs):
        """The JSON-RPC answer (a dict with ``result`` or ``error``) of ``model.method``
        on ``ids`` (``None``: a model method) with the session of ``authenticate``."""
        return self._jsonrpc("/web/dataset/call_kw", {
            "model": model, "method": method,
            "args": ([] if ids is None else [ids]) + list(args), "kwargs": kwargs,
        })

    def _jsonrpc(self, route, params):
        response = self.opener.post(f"{self.base_url()}{route}", json={
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": params,
        }, timeout=30)
        response.raise_for_status()
        return response.json()

    def assertRefused(self, answer, exception="AccessError"):
        """A JSON-RPC ``answer`` is the refusal ``exception`` with a message."""
        error = answer.get("error")
        self.assertTrue(error, f"not refused: {answer.get('result')!r}")
        self.assertEqual(error["data"]["name"], f"odoo.exceptions.{exception}", error["data"]["message"])
        self.assertTrue(error["data"]["message"])


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, the open transaction is lost."""


class SyncCase(ErpCallsCase, PortalOperationsCase):
    """Synchronization against the Mega ERP simulator over real HTTP, for a company of
    its own (so that the demo data does not interfere)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.simulator = cls._start_simulator(agents=15, seed=7)
        cls.company = cls.env["res.company"].create({"name": "Loteadora Sincronizada"})
        cls.backend = cls.env["mega.backend"].create({
            "name": "Mega ERP (test)", "company_id": cls.company.id,
            **cls._erp_settings(cls.simulator, retries=2, page_size=7),
        })
        cls.admin_all.company_ids |= cls.company
        cls.env["res.users"].search([]).portal_notify_change_request = False

    def setUp(self):
        super().setUp()
        self.simulator.reset()

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _sync(self, user=None, killed=False):
        """Run a synchronization as the cron does: in its own cursor, committing.
        ``killed``: the run is expected to be killed (``Killed``), after which its open
        transaction is lost and None is returned."""
        run_id = None
        with self.enter_registry_test_mode(), self.env.registry.cursor() as cr:
            try:
                run_id = self.backend.with_env(self.env(cr=cr))._run_sync(user=user).id
            except Killed:
                if not killed:
                    raise
                cr.rollback()
        return self.env["mega.sync.run"].browse(run_id) if run_id else None

    def _partner(self, code):
        return self.env["res.partner"].search([("mega_agent_code", "=", code), ("company_id", "=", self.company.id)])

    def _approved_change(self, code, values):
        partner = self._partner(code)
        request = self._submit_as(self.portal_user, partner, values).sudo()
        request.with_user(self.admin_all).action_approve()
        return request

    def _occurrences_by_contract(self):
        return Counter(occurrence.contract_code for occurrence in self.simulator.state.occurrences)

    def _contracts_in_force(self, partner):
        return partner.realestate_contract_ids.filtered(lambda c: c.status in CONTRACT_STATUSES_IN_FORCE)

    def _expected_occurrences(self, requests):
        """One occurrence per approved change and contract in force."""
        expected = Counter()
        for request in requests:
            for contract in self._contracts_in_force(request.partner_id):
                expected[contract.code] += 1
        return expected


class BrazilianAddressCase(PortalOperationsCase):
    """``customer_a`` lives in Campinas (SP); ``sp`` and ``rj`` are the states the tests
    of CEPs move between."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sp = cls.env.ref("base.state_br_sp")
        cls.rj = cls.env.ref("base.state_br_rj")
        cls.customer_a.write({
            "zip": "13010-100", "street_name": "Rua das Flores", "city": "Campinas",
            "country_id": cls.env.ref("base.br").id, "state_id": cls.sp.id,
        })
