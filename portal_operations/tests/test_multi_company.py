# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PortalOperationsHttpCase

MUTED_LOGGERS = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestMultiCompany(PortalOperationsHttpCase):
    """Companies hold over the API: everyone works in their allowed companies only,
    a request follows its customer's company, and each company synchronizes with its
    own Mega ERP connection without touching another company's records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_other_company()
        cls.company_a = cls.env.company

    def _company_b_records(self):
        """Every record of ``company_b`` in every model the addon defines."""
        records = []
        for name in self.env.registry:
            Model = self.env[name].sudo().with_context(active_test=False)
            # SQL-view reports (no table, no write date) are read-only to everyone; their
            # company rules are tested with the reports.
            if (Model._original_module != "portal_operations" or Model._transient
                    or Model._abstract or not Model._auto or "company_id" not in Model._fields):
                continue
            records += list(Model.search([("company_id", "=", self.company_b.id)]))
        return records

    @staticmethod
    def _writable_values(record):
        """A value ``record`` already has, to write back (an access check, no change)."""
        for name, field in record._fields.items():
            if (field.store and not field.compute and not field.related and not field.readonly
                    and field.type in ("char", "text", "boolean", "integer", "selection")
                    and name not in ("id", "write_date", "create_date")):
                return {name: record[name]}
        return None

    # ------------------------------------------------------------
    # Company boundary over JSON-RPC
    # ------------------------------------------------------------

    def test_another_company_is_out_of_reach_over_rpc(self):
        records = self._company_b_records()
        models = {record._name for record in records}
        self.assertLessEqual(
            {"realestate.development", "realestate.block", "realestate.lot", "realestate.contract",
             "portal.change.request", "portal.change.request.line", "portal.contact.request",
             "portal.contact.request.type", "mega.backend"}, models,
        )
        for user, password in ((self.admin_all, self.admin_all.login), (self.operator, self.operator.login),
                               (self.portal_user, "po_portal_pwd")):
            self.authenticate(user.login, password)
            for record in records:
                before = record.sudo().read(["write_date"])
                with self.subTest(user=user.login, model=record._name), mute_logger(*MUTED_LOGGERS):
                    self.assertRefused(self._call_kw(record._name, "read", record.ids, ["display_name"]))
                    values = self._writable_values(record.sudo())
                    if values:
                        self.assertRefused(self._call_kw(record._name, "write", record.ids, values))
                    self.assertRefused(self._call_kw(record._name, "copy", record.ids))
                    self.assertRefused(self._call_kw(record._name, "unlink", record.ids))
                    self.env.invalidate_all()
                    self.assertEqual(record.sudo().read(["write_date"]), before)

    def test_administrator_cannot_create_in_another_company(self):
        self.authenticate(self.admin_all.login, self.admin_all.login)
        with mute_logger(*MUTED_LOGGERS):
            self.assertRefused(self._call_kw("realestate.development", "create", None, {
                "code": "TST-X", "name": "Intruso", "company_id": self.company_b.id,
            }))
        self.assertFalse(self.env["realestate.development"].search([("code", "=", "TST-X")]))

    def test_search_shows_the_allowed_companies_only(self):
        developments = self.development_a | self.development_c
        for user, expected in ((self.admin_all, self.development_a), (self.admin_b, self.development_c)):
            with self.subTest(user=user.login):
                self.assertEqual(
                    developments.with_user(user).search([("id", "in", developments.ids)]), expected,
                )
        self.admin_all.company_ids |= self.company_b
        both = self.env["realestate.development"].with_user(self.admin_all).with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids,
        )
        self.assertEqual(both.search([("id", "in", developments.ids)]), developments)

    def test_switching_company_in_the_browser(self):
        """Odoo's company switcher: the Fale Conosco list shows the company worked in."""
        self.admin_all.write({"company_ids": [Command.link(self.company_b.id)], "password": "po_admin_all_pwd"})
        request_type = self._create_contact_request_type("Dúvida (Primeira)")
        self._create_contact_request(request_type, self.customer_a, self.contract_a, subject="Pedido da Primeira")
        self.contact_request_c.subject = "Pedido da Outra"
        self.start_tour(
            "/odoo/action-portal_operations.portal_contact_request_action",
            "portal_operations_backoffice_company_switch", login="po_admin_all",
        )

    def test_administrator_acts_in_own_company_only(self):
        self.change_pending_c.with_user(self.admin_b).action_approve()
        self.assertEqual(self.change_pending_c.state, "approved")
        request_a = self._submit_as(self.portal_user, self.customer_a, {"email": "maria.b@example.com.br"})
        with mute_logger(*MUTED_LOGGERS), self.assertRaises(Exception) as refusal:
            request_a.with_user(self.admin_b).action_approve()
        self.assertEqual(type(refusal.exception).__name__, "AccessError")
        self.assertEqual(request_a.state, "pending")

    # ------------------------------------------------------------
    # A request follows its customer
    # ------------------------------------------------------------

    def test_requests_follow_the_customer_company(self):
        change = self._submit_as(self.portal_user_c, self.customer_c, {"mobile": "(16) 99123-0000"})
        self.assertEqual(change.company_id, self.company_b)
        self.assertEqual(change.line_ids.company_id, self.company_b)
        self.assertEqual(self.contact_request_c.company_id, self.company_b)
        change_a = self._submit_as(self.portal_user, self.customer_a, {"mobile": "(19) 99123-2222"})
        self.assertEqual(change_a.company_id, self.company_a)
        shared = self._create_customer("Sem Empresa", "03642621252", "TAG-9")
        self.assertFalse(shared.company_id)
        self._create_contract("TCT-C9", shared, self.lot_c1, company_id=self.company_b.id)
        self.assertEqual(
            self.env["portal.change.request"]._submit(shared, {"mobile": "(16) 99123-1111"}).company_id,
            self.company_b, "a customer shared between companies: the company of their contracts",
        )
        contact = self._create_contact_request(
            self.contact_request_c.type_id, self.customer_c, self.contract_c,
        )
        self.assertEqual(contact.company_id, self.company_b)

    def test_staff_of_another_company_are_not_notified(self):
        staff = self.env["res.users"]._portal_operations_staff(
            self.development_c, "portal_operations.group_portal_operations_admin",
        )
        self.assertIn(self.admin_b, staff)
        self.assertNotIn(self.admin_all, staff)

    def test_a_contract_stays_within_its_company(self):
        with self.assertRaisesRegex(UserError, "compan"):
            self._create_contract("TCT-X1", self.customer_c, self.lot_a1)
        with self.assertRaisesRegex(UserError, "compan"):
            self._create_contract("TCT-X2", self.customer_a, self.lot_c1, company_id=self.env.company.id)


@tagged("post_install", "-at_install")
class TestMultiCompanySync(PortalOperationsHttpCase):
    """Each company synchronizes with its own connection; a run of one company never
    touches another company's records, in Odoo or in its ERP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.simulator = cls._start_simulator(agents=6, seed=11)
        cls._create_other_company()
        cls.backend_b.write(cls._erp_settings(cls.simulator, retries=1))
        cls.env["res.users"].search([]).portal_notify_change_request = False

    def _sync(self, backend):
        """A run as the cron does it: its own cursor, committing as it goes."""
        with self.enter_registry_test_mode(), self.env.registry.cursor() as cr:
            run_id = backend.with_env(self.env(cr=cr))._run_sync().id
        self.env.invalidate_all()
        return self.env["mega.sync.run"].browse(run_id)

    def test_a_company_run_leaves_other_companies_alone(self):
        agent = next(iter(self.simulator.state.agents.values()))
        # The same ERP codes in the main company: they must not be taken for company B's.
        self.customer_a.mega_agent_code = agent.code
        request_a = self._submit_as(self.portal_user, self.customer_a, {"email": "maria.a@example.com.br"})
        request_a.with_user(self.admin_all).action_approve()
        a_records = {
            model: self.env[model].sudo().with_context(active_test=False).search(
                [("company_id", "=", self.env.company.id)],
            )
            for model in ("realestate.development", "realestate.block", "realestate.lot",
                          "realestate.contract", "realestate.contract.occurrence")
        }
        a_dates = {model: records.mapped("write_date") for model, records in a_records.items()}
        a_partner = self.customer_a.read(["email", "name", "write_date"])

        run = self._sync(self.backend_b)

        self.assertEqual(run.state, "done", run.log_ids.mapped("message"))
        self.assertEqual(run.company_id, self.company_b)
        self.assertGreater(run.developments_count, 0)
        for model, records in a_records.items():
            with self.subTest(model=model):
                self.assertEqual(
                    self.env[model].sudo().with_context(active_test=False).search(
                        [("company_id", "=", self.env.company.id)],
                    ), records, "nothing created in the main company",
                )
                self.assertEqual(records.mapped("write_date"), a_dates[model])
        self.assertEqual(self.customer_a.read(["email", "name", "write_date"]), a_partner)
        self.assertEqual(request_a.sync_state, "to_sync", "the main company's change stays for its own run")
        self.assertNotEqual(self.simulator.state.agents[agent.code].email, "maria.a@example.com.br")
        self.assertEqual(self.change_refused_c.sync_state, "error", "refused changes wait for a correction")
        pulled = self.env["realestate.development"].sudo().search([("company_id", "=", self.company_b.id)])
        self.assertGreater(len(pulled), 1, "company B got the ERP's developments")
