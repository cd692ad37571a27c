# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

import psycopg2

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.http import request as odoo_request
from odoo.tests import HttpCase, tagged

from odoo.addons.portal_operations.sync.synchronizer import LOCK_NAMESPACE

from mega_erp.simulator import Simulator

from .common import PortalOperationsCase

# Valid identifiers (check digits computed).
CPF_CARLA, CPF_DAVI, CPF_ANTIGA = "12345678062", "98765432029", "24681357090"
WATERMARKS = [f"watermark_{entity}" for entity in ("developments", "blocks", "lots", "agents", "contracts")]
# Modules whose terms the back-office screens show (the addon's and Odoo's own).
SCREEN_MODULES = ("base", "web", "mail", "portal", "portal_operations")
# Set by the sync tour once the screen follows the run asked for.
SEEN_LIVE_COOKIE = "po_sync_tour_seen_live"


@tagged("post_install", "-at_install")
class TestBackofficeTours(PortalOperationsCase, HttpCase):
    """Every button and filter of the original screens (operacoes-portal-de-clientes),
    clicked in a browser by an administrator working in pt_BR."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.env["ir.module.module"]._load_module_terms(list(SCREEN_MODULES), ["pt_BR"], overwrite=True)
        staff = {"lang": "pt_BR", "tz": "America/Sao_Paulo"}
        cls.admin_all.write({**staff, "password": "po_admin_all_pwd"})
        cls.portal_user.write({**staff, "password": "po_portal_pwd"})
        cls.env["res.users"].search([]).portal_notify_change_request = False
        cls.customer_c = cls._create_customer("Carla Reprovada", CPF_CARLA, "TAG-3")
        cls.customer_d = cls._create_customer("Davi Descartado", CPF_DAVI, "TAG-4")
        cls.customer_old = cls._create_customer("Antiga Aprovada", CPF_ANTIGA, "TAG-5")
        lots = [cls._create_lot(cls.block_a, number) for number in ("03", "04", "05")]
        for code, customer, lot in zip(("TCT-C", "TCT-D", "TCT-E"),
                                       (cls.customer_c, cls.customer_d, cls.customer_old), lots, strict=True):
            cls._create_contract(code, customer, lot)
        cls.asset_without_requests = cls._create_development(
            "TST-F", "Fazenda Sem Pedidos", kind="third_party_asset",
        )

    def _submit(self, customer, cep):
        return self.env["portal.change.request"]._submit(customer, {"zip": cep})

    # ------------------------------------------------------------
    # Aprovação de Dados Cadastrais
    # ------------------------------------------------------------

    def test_change_request_filters(self):
        old = self._submit(self.customer_old, "13087-005")
        old.write({"date_submitted": datetime(2020, 6, 1, 12, 0)})
        old.with_user(self.admin_all).action_approve()
        self._submit(self.customer_a, "13087-000")
        self._submit(self.customer_b, "13087-001")
        self.start_tour(
            "/odoo/registration-changes", "portal_operations_backoffice_change_request_filters",
            login="po_admin_all",
        )

    def test_change_request_decisions(self):
        corrected = self._submit(self.customer_a, "13087-000")
        approved = self._submit(self.customer_b, "13087-001")
        rejected = self._submit(self.customer_c, "13087-002")
        discarded = self._submit(self.customer_d, "13087-003")
        self.start_tour(
            "/odoo/registration-changes", "portal_operations_backoffice_change_request_decide",
            login="po_admin_all",
        )
        self.assertRecordValues(corrected + approved + rejected + discarded, [
            {"state": "approved", "has_corrections": True, "decided_by_id": self.admin_all.id},
            {"state": "approved", "has_corrections": False, "decided_by_id": self.admin_all.id},
            {"state": "rejected", "has_corrections": False, "decided_by_id": self.admin_all.id},
            {"state": "deleted", "has_corrections": False, "decided_by_id": False},
        ])
        self.assertRecordValues(corrected.line_ids, [
            {"requested_value": "13087-000", "corrected_value": "13010-100", "is_corrected": True},
        ])
        self.assertEqual((self.customer_a.zip, self.customer_b.zip), ("13010-100", "13087-001"))
        self.assertEqual(rejected.reject_reason, "O CEP informado é de outra cidade.")
        # the chatter's first line says "criada" (feminine), not mail's "%s criado"
        self.assertEqual(
            corrected.with_context(lang="pt_BR")._creation_message(), "Solicitação de alteração cadastral criada",
        )

    def test_correct_and_approve_an_option_and_a_uf(self):
        for field_name in ("zip", "state_id", "marital_status"):
            self._set_field_rule(field_name, "review")
        rio = self.env.ref("base.state_br_rj")
        request = self.env["portal.change.request"]._submit(
            self.customer_a, {"zip": "20040-002", "state_id": rio.id, "marital_status": "married"},
        )
        self.start_tour(
            "/odoo/registration-changes", "portal_operations_backoffice_change_request_correct",
            login="po_admin_all",
        )
        self.assertRecordValues(request, [{"state": "approved", "has_corrections": True}])
        self.assertRecordValues(self.customer_a, [{
            "zip": "13087-000", "state_id": self.env.ref("base.state_br_sp").id, "marital_status": "single",
        }])

    # ------------------------------------------------------------
    # Parâmetros Cadastrais
    # ------------------------------------------------------------

    def test_field_rule_and_its_effect_on_the_portal_form(self):
        self._set_field_rule("zip", "review")
        self.start_tour(
            "/odoo/action-portal_operations.portal_change_field_rule_action",
            "portal_operations_backoffice_field_rule", login="po_admin_all",
        )
        # the rule in the row; the label and the section in the rule's form
        self.assertRecordValues(self.env.ref("portal_operations.change_field_rule_zip").with_context(lang="pt_BR"), [
            {"rule": "locked", "name": "CEP do endereço", "section": "contact"},
        ])
        self.start_tour("/my/personal-data", "portal_operations_field_rule_on_portal", login="po_portal")

    # ------------------------------------------------------------
    # Fale Conosco
    # ------------------------------------------------------------

    def test_contact_requests(self):
        request_type = self._create_contact_request_type("Segunda via do tour")
        request = self._create_contact_request(
            request_type, self.customer_a, self.contract_a, subject="Pedido do tour",
        )
        self._create_contact_request(request_type, self.customer_b, self.contract_b, subject="Pedido de outro")
        self.start_tour(
            "/odoo/action-portal_operations.portal_contact_request_action",
            "portal_operations_backoffice_contact", login="po_admin_all",
        )
        self.assertRecordValues(request.opinion_ids.sorted("id"), [{
            "state": "observation", "internal": True, "author_id": self.admin_all.id,
            "text": "Conferir o boleto com o financeiro.",
        }, {
            "state": "resolved", "internal": False, "author_id": self.admin_all.id,
            "text": "Segunda via enviada para o seu e-mail.",
        }])
        self.assertRecordValues(request, [{"state": "resolved", "portal_state": "resolved"}])

    def test_operator_sees_only_what_they_may_use(self):
        """No "Enviar mensagem" in a Fale Conosco chatter, no "Atualizar Lista de Jobs";
        the request found by the customer's formatted CPF in the default search field."""
        self.operator.write({"lang": "pt_BR", "tz": "America/Sao_Paulo"})
        request_type = self._create_contact_request_type("Segunda via do tour")
        self._create_contact_request(
            request_type, self.customer_a, self.contract_a, subject="Pedido do tour",
        )
        self._create_contact_request(request_type, self.customer_b, self.contract_b, subject="Pedido de outro")
        self.start_tour(
            "/odoo/action-portal_operations.portal_contact_request_action",
            "portal_operations_backoffice_operator", login="po_operator",
        )

    # ------------------------------------------------------------
    # Sincronização das Bases
    # ------------------------------------------------------------

    def _run_when_the_screen_follows(self):
        """The cron worker's part, without a thread (it would share the test cursor with
        the browser's requests): the synchronization the button asked for runs inside
        the screen's next reload of the record, once the tour saw the screen follow the
        run asked for (its cookie). The reload then shows the end of the run."""
        Backend = type(self.env["mega.backend"])
        web_read = Backend.web_read

        def web_read_after_the_cron(records, specification):
            if (odoo_request and odoo_request.httprequest.cookies.get(SEEN_LIVE_COOKIE)
                    and records.sudo().mapped("requested_by_id")):
                api.Environment(records.env.cr, SUPERUSER_ID, {})["mega.backend"].browse(records.ids)._cron_sync()
            return web_read(records, specification)

        web_read_after_the_cron._readonly = False  # the run writes
        self.patch(Backend, "web_read", web_read_after_the_cron)

    def _hold_the_lock_elsewhere(self, backend):
        """A run that hangs: another session of the database (its own connection, not
        the test cursor's, used by no thread) holds the backend's lock. Returns its
        process id."""
        holder = psycopg2.connect(**sql_db.connection_info_for(self.env.cr.dbname)[1])
        self.addCleanup(holder.close)
        with holder.cursor() as cr:
            cr.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, backend.id))
        holder.commit()
        self.assertTrue(backend._is_locked())
        return holder.get_backend_pid()

    def _backend_on_a_simulator(self):
        simulator = Simulator(agents=2, seed=3).start(port=0)
        self.addCleanup(simulator.stop)
        backend = self.env.ref("portal_operations.mega_backend_main")
        backend.write({"wsdl_url": simulator.wsdl_url, "endpoint_url": simulator.url,
                       "username": "mega", "password": "mega", "show_error_log": False,
                       **dict.fromkeys(WATERMARKS, False)})
        backend.run_ids.unlink()
        return backend

    def _assert_stopped(self, pid):
        self.env.cr.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,))
        self.assertEqual(self.env.cr.fetchone()[0], 0, "the session that held the lock is stopped")

    def test_sync_screen(self):
        backend = self._backend_on_a_simulator()
        # stuck: its process still holds the lock, but it has not reported for an hour
        stuck = self.env["mega.sync.run"].create({
            "backend_id": backend.id, "state": "running",
            "date_start": fields.Datetime.now() - timedelta(hours=1),
            "heartbeat": fields.Datetime.now() - timedelta(hours=1),
        })
        holder_pid = self._hold_the_lock_elsewhere(backend)
        self._run_when_the_screen_follows()
        # whatever happens, the run's lock (on the connection the tests share) goes
        self.addCleanup(self.env.cr.execute, "SELECT pg_advisory_unlock_all()")
        cron = backend.sync_cron_id
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.start_tour("/odoo", "portal_operations_backoffice_sync", login="po_admin_all")
        # Iniciar Sincronização wakes the cron worker at once (a trigger), not at its next call
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        # Destravar stopped the session that held the lock: the new run could take it
        self.assertEqual(stuck.state, "failed")
        self._assert_stopped(holder_pid)
        self.assertIn(f"Destravada por {self.admin_all.name}.", stuck.log_ids.mapped("message"))
        run = backend.run_ids - stuck
        self.assertRecordValues(run, [{
            "state": "done", "user_id": self.admin_all.id, "trigger": "manual", "show_error_log": True,
        }])
        self.assertTrue(run.developments_count and run.agents_count and run.contracts_count)
        # Apresentar Log de Erros: the one who started the run gets its log
        self.assertIn(self.admin_all.partner_id, run.message_ids.partner_ids)
        self.assertTrue(backend.erp_jobs)

    def test_sync_screen_force_unlock(self):
        """Destravar à força: a run that reports (its heartbeat is fresh) but hangs; the
        administrator stops it by force, then a synchronization runs at once."""
        backend = self._backend_on_a_simulator()
        hanging = self.env["mega.sync.run"].create({"backend_id": backend.id, "state": "running"})
        holder_pid = self._hold_the_lock_elsewhere(backend)
        self.start_tour("/odoo/synchronization", "portal_operations_backoffice_sync_force_unlock",
                        login="po_admin_all")
        self._assert_stopped(holder_pid)
        self.assertFalse(backend._is_locked())
        self.assertEqual(hanging.state, "failed")
        self.assertIn(f"Destravada por {self.admin_all.name}.", hanging.log_ids.mapped("message"))
        # the next synchronization takes the lock: the cron's run, in its own cursor
        with self.enter_registry_test_mode(), self.env.registry.cursor() as cr:
            run_id = backend.with_env(self.env(cr=cr))._run_sync().id
        self.assertEqual(self.env["mega.sync.run"].browse(run_id).state, "done")
