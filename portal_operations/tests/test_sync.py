# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib
from collections import Counter
from datetime import timedelta
from unittest.mock import patch

from odoo import fields, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal_operations.sync import change_history
from odoo.addons.portal_operations.sync.client_cache import client_for
from odoo.addons.portal_operations.sync.synchronizer import LOCK_NAMESPACE

from mega_erp.simulator.cities import CITIES
from mega_erp.simulator.errors import InvalidData

from .common import Killed, SyncCase


@tagged("post_install", "-at_install")
class TestSync(SyncCase):

    # ------------------------------------------------------------
    # Pull
    # ------------------------------------------------------------

    def test_first_full_pull_then_only_changes(self):
        run = self._sync()
        state = self.simulator.state
        self.assertRecordValues(run, [{
            "state": "done", "error_count": 0,
            "developments_count": len(state.developments), "blocks_count": len(state.blocks),
            "lots_count": len(state.lots), "agents_count": len(state.agents),
            "contracts_count": len(state.contracts),
        }])
        partners = self.env["res.partner"].search(
            [("company_id", "=", self.company.id), ("mega_agent_code", "!=", False)]
        )
        self.assertEqual(len(partners), len(state.agents))
        agent = state.agents["AGT0000001"]
        self.assertRecordValues(self._partner("AGT0000001"), [{
            "name": agent.name, "vat": agent.cpf_cnpj, "email": agent.email,
            "person_type": agent.person_type, "city": agent.city, "street_number": agent.number,
        }])
        self.assertEqual(self._partner("AGT0000001").state_id.code, agent.state)
        contracts = self.env["realestate.contract"].search([("company_id", "=", self.company.id)])
        published = contracts.filtered("is_published")
        expected_published = {
            code for code, c in state.contracts.items()
            if c.visible_on_portal and state.developments[c.development_code].visible_on_portal
            and state.blocks[c.block_code].visible_on_portal
        }
        self.assertEqual(set(published.mapped("code")), expected_published)
        self.assertTrue(contracts - published, "some contracts are not published on the portal")

        self.simulator.touch_agent("AGT0000002", email="agente.dois@gmail.com")
        self.simulator.touch_contract("CTR0000003", status="paid_off")
        with self.trap_erp_calls() as calls:
            second = self._sync()
        self.assertRecordValues(second, [{
            "state": "done", "developments_count": 0, "blocks_count": 0, "lots_count": 0,
            "agents_count": 1, "contracts_count": 1,
        }])
        self.assertEqual(self._partner("AGT0000002").email, "agente.dois@gmail.com")
        self.assertEqual(
            self.env["realestate.contract"].search(
                [("code", "=", "CTR0000003"), ("company_id", "=", self.company.id)]
            ).status,
            "paid_off",
        )
        self.assertErpCalls({"ListAgents": 1}, calls, msg="one page of changes, not the whole registry")

    def test_agents_sent_again_unchanged_are_not_written(self):
        """A pull from the start (watermarks cleared) of agents that did not change
        writes none of them: every value stored, the country and company included, is
        compared before writing."""
        self._sync()
        partners = self.env["res.partner"].search(
            [("company_id", "=", self.company.id), ("mega_agent_code", "!=", False)]
        )
        self.backend.watermark_agents = False
        self.env.flush_all()
        written = []
        original_write = type(self.env["res.partner"]).write

        def recording_write(records, vals):
            if records & partners:
                written.append(sorted(vals))
            return original_write(records, vals)

        with patch.object(type(self.env["res.partner"]), "write", recording_write):
            run = self._sync()
        self.assertRecordValues(run, [{"state": "done", "error_count": 0, "agents_count": 0}])
        self.assertEqual(written, [], "no partner is written when the ERP sends it unchanged")

    def test_a_bad_record_is_logged_and_taken_again_next_time(self):
        self.simulator.add_contract(
            agent_code="AGT0009999", development_code="EMP001", block_code="BLQ00001",
            lot_code="LOT0000001", status="active", visible_on_portal=True,
        )
        run = self._sync()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.error_count, 1)
        self.assertIn("Customer AGT0009999 is unknown: the ERP did not send it.", run.log_ids.mapped("message"))
        self.assertTrue(self.env["realestate.contract"].search_count([("company_id", "=", self.company.id)]))
        self.simulator.add_agent(code="AGT0009999", person_type="F", name="Agente Tardio",
                                 cpf_cnpj="52998224725", zip="13010100", street="Rua A", city="Campinas",
                                 state="SP")
        again = self._sync()
        self.assertEqual(again.error_count, 0)
        self.assertTrue(self._partner("AGT0009999").realestate_contract_ids)

    def test_pending_approved_changes_are_not_overwritten_by_the_erp(self):
        self._sync()
        request = self._approved_change("AGT0000004", {"email": "aprovado@example.com.br"})
        self.simulator.touch_agent("AGT0000004", email="do.erp@gmail.com", city="Santos")
        # The push does not happen (say the ERP was busy): the pull brings the ERP's e-mail.
        with patch("odoo.addons.portal_operations.sync.exporter.ChangeRequestExporter._requests_to_push",
                   return_value=self.env["portal.change.request"]):
            self._sync()
        partner = self._partner("AGT0000004")
        self.assertEqual(partner.email, "aprovado@example.com.br", "the approved value stays")
        self.assertEqual(partner.city, "Santos", "the ERP's other changes arrive")
        self.assertEqual(request.sync_state, "to_sync")

    def test_an_anonymised_customer_stays_anonymised(self):
        self._sync()
        partner = self._partner("AGT0000005")
        partner.realestate_contract_ids.write({"status": "paid_off"})
        self.env["portal.privacy.anonymizer"].with_user(self.admin_all)._anonymize(partner)
        self.simulator.touch_agent("AGT0000005", email="de.volta@gmail.com", city="Santos")
        with self.trap_erp_calls() as calls:
            run = self._sync()
        self.assertErpCalls({"ListAgents": 1, "GetAgent": 0, "UpdateAgent": 0}, calls)
        self.assertRecordValues(partner, [{
            "name": f"Anonymised customer {partner.id}", "email": False, "vat": False, "city": False,
            "mega_agent_code": "AGT0000005", "mega_data_issue_codes": False,
        }])
        self.assertTrue(partner.privacy_anonymized_date)
        self.assertEqual(run.error_count, 0)
        [warning] = run.log_ids.filtered(lambda log: log.code == "AGT0000005")
        self.assertEqual(warning.level, "warning")
        self.assertIn("Odoo keeps the anonymised values", warning.message)

    def test_invitations_are_sent_once(self):
        self.backend.auto_invite_portal = True
        self._sync()
        invited = self.env["res.partner"].search(
            [("company_id", "=", self.company.id), ("mega_portal_invited", "=", True)]
        )
        self.assertTrue(invited)
        self.assertTrue(all(partner.user_ids and partner.user_ids[0].share for partner in invited))
        for partner in invited:
            self.assertTrue(partner.realestate_contract_ids.filtered("is_published"))
        users = self.env["res.users"].search_count([("share", "=", True)])
        self.simulator.touch_agent("AGT0000001", city="Jundiaí")
        self._sync()
        self.assertEqual(self.env["res.users"].search_count([("share", "=", True)]), users)

    # ------------------------------------------------------------
    # Push
    # ------------------------------------------------------------

    def test_push_updates_the_agent_with_one_occurrence_per_contract_in_force(self):
        self._sync()
        partner = self._partner("AGT0000005")
        # A CEP of the agent's own UF: one of another UF is refused.
        uf = self.simulator.state.agents["AGT0000005"].state
        new_zip = next(city.cep_first for city in CITIES if city.uf == uf)
        request = self._approved_change("AGT0000005", {"email": "novo.cinco@example.com.br", "zip": new_zip})
        self.assertEqual(request.sync_state, "to_sync")
        run = self._sync()
        self.assertEqual(run.pushed_count, 1)
        self.assertEqual(request.sync_state, "synced")
        agent = self.simulator.state.agents["AGT0000005"]
        self.assertEqual((agent.email, agent.zip), ("novo.cinco@example.com.br", new_zip))
        in_force = self._contracts_in_force(partner)
        occurrences = self._occurrences_by_contract()
        for contract in partner.realestate_contract_ids:
            with self.subTest(contract=contract.code, status=contract.status):
                expected = 1 if contract in in_force else 0
                self.assertEqual(occurrences[contract.code], expected)
                recorded = contract.occurrence_ids.filtered(lambda o: o.occurrence_type == "alteração cadastral")
                self.assertEqual(len(recorded), expected)
        self.assertEqual(
            set(in_force.occurrence_ids.mapped("erp_number")),
            {o.number for o in self.simulator.state.occurrences},
        )
        self._sync()
        self.assertEqual(self._occurrences_by_contract(), occurrences, "nothing is sent twice")

    def test_retryable_faults_end_with_every_change_synced_exactly_once(self):
        self._sync()
        requests = [
            self._approved_change(code, {"email": f"retry.{code.lower()}@example.com.br"})
            for code in ("AGT0000001", "AGT0000002", "AGT0000005", "AGT0000006")
        ]
        self.backend.retries = 1
        self.simulator.set_faults(retryable_rate=0.4, seed=11)
        runs = self.env["mega.sync.run"]
        for __ in range(12):
            with mute_logger("odoo.addons.portal_operations.models.mega_backend", "mega_erp.client"):
                runs |= self._sync()
            if all(request.sync_state == "synced" for request in requests):
                break
        self.assertIn("failed", runs.mapped("state"), "the faults did hit")
        self.simulator.clear_faults()
        self._sync()
        self.assertEqual({r.sync_state for r in requests}, {"synced"})
        expected = Counter()
        for request in requests:
            for contract in self._contracts_in_force(request.partner_id):
                expected[contract.code] += 1
        self.assertEqual(self._occurrences_by_contract(), expected)

    def test_timeouts_are_retried_without_duplicates(self):
        self._sync()
        request = self._approved_change("AGT0000001", {"email": "lento@example.com.br"})
        self.backend.write({"timeout": 1, "retries": 3})
        self.simulator.set_faults(timeout_rate=0.5, timeout_sleep=1.5, seed=5)
        for __ in range(4):
            with mute_logger("odoo.addons.portal_operations.models.mega_backend", "mega_erp.client"):
                self._sync()
            if request.sync_state == "synced":
                break
        self.simulator.clear_faults()
        self._sync()
        self.assertEqual(request.sync_state, "synced")
        in_force = self._contracts_in_force(request.partner_id)
        self.assertEqual(self._occurrences_by_contract(), Counter({c.code: 1 for c in in_force}))

    def test_validation_fault_then_correction_and_requeue(self):
        self._sync()
        request = self._approved_change("AGT0000001", {"rg": "12.345.678-9"})
        # Mega refuses what the portal let through (its rules changed meanwhile).
        request.line_ids.sudo().requested_value = "R" * 25
        run = self._sync()
        self.assertEqual(request.sync_state, "error")
        self.assertIn("RG", request.sync_error)
        self.assertEqual(run.error_count, 1)
        self.assertFalse(self.simulator.state.occurrences)
        self.assertTrue(request.activity_ids.filtered(lambda a: a.user_id == self.admin_all))
        with self.assertRaisesRegex(UserError, "administrator"):
            request.with_user(self.operator)._correct({"rg": "98.765.432-1"})
        request.with_user(self.admin_all)._correct({"rg": "98.765.432-1"})
        self.assertRecordValues(request, [{"sync_state": "to_sync", "sync_error": False}])
        self.assertEqual(request.partner_id.rg, "98.765.432-1")
        self._sync()
        self.assertEqual(request.sync_state, "synced")
        self.assertEqual(self.simulator.state.agents["AGT0000001"].rg, "98.765.432-1")

    def test_a_correction_reaches_the_erp_after_the_first_send_was_taken(self):
        """The ERP took the UpdateAgent but refused the occurrence: the corrected values
        are sent under another key (the ERP would answer the first key's answer), the
        occurrence under the same one."""
        self._sync()
        request = self._approved_change("AGT0000001", {"email": "primeiro.envio@example.com.br"})
        contracts = self._contracts_in_force(request.partner_id)
        self.assertTrue(contracts, "the customer has a contract in force")
        state = self.simulator.state
        refuse = patch.object(type(state), "create_occurrence", side_effect=InvalidData("description", "Recusada."))
        with refuse:
            self._sync()
        self.assertEqual(request.sync_state, "error")
        self.assertEqual(state.agents["AGT0000001"].email, "primeiro.envio@example.com.br")
        request.with_user(self.admin_all)._correct({"email": "corrigido@example.com.br"})
        self._sync()
        self.assertEqual(request.sync_state, "synced")
        self.assertEqual(state.agents["AGT0000001"].email, "corrigido@example.com.br")
        self.assertEqual(self._occurrences_by_contract(), Counter(dict.fromkeys(contracts.mapped("code"), 1)))

    def test_approval_triggers_a_push_unless_switched_off(self):
        """Only the approving company's push job is woken: not its pull, not another
        company's job."""
        main = self.env.ref("portal_operations.mega_backend_main")
        Trigger = self.env["ir.cron.trigger"]
        crons = main.sync_cron_id | main.push_cron_id | self.backend.sync_cron_id | self.backend.push_cron_id

        def triggers():
            return {cron: Trigger.search_count([("cron_id", "=", cron.id)]) for cron in crons}

        before = triggers()
        request = self._submit_as(self.portal_user, self.customer_a, {"email": "gatilho@example.com.br"})
        request.with_user(self.admin_all).action_approve()
        self.assertEqual(triggers(), {**before, main.push_cron_id: before[main.push_cron_id] + 1})
        main.push_on_approval = False
        self.assertFalse(main.push_cron_id.active)
        other = self._submit_as(self.portal_user, self.customer_b, {"email": "semgatilho@example.com.br"}).sudo()
        other.with_user(self.admin_all).action_approve()
        self.assertEqual(triggers(), {**before, main.push_cron_id: before[main.push_cron_id] + 1})

    # ------------------------------------------------------------
    # Runs: one at a time, crashes, faults
    # ------------------------------------------------------------

    def test_concurrent_start_is_refused(self):
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, self.backend.id))
            with self.assertRaisesRegex(UserError, "already running"):
                self._sync()
        finally:
            other.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, self.backend.id))
            other.close()
        self.assertEqual(self._sync().state, "done")

    def test_start_button_runs_in_the_background(self):
        cron = self.backend.sync_cron_id
        action = self.backend.with_user(self.admin_all).action_start_sync()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.backend.requested_by_id, self.admin_all)
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
        self.assertFalse(self.backend.run_ids, "nothing ran in the request")
        with self.enter_registry_test_mode(), self.env.registry.cursor() as cr:
            self.backend.with_env(self.env(cr=cr))._cron_sync()
        run = self.backend.run_ids
        self.assertRecordValues(run, [{"state": "done", "user_id": self.admin_all.id, "trigger": "manual"}])

    def test_stale_run_is_unlocked_by_an_administrator(self):
        run = self.env["mega.sync.run"].create({
            "backend_id": self.backend.id, "state": "running",
            "heartbeat": fields.Datetime.now() - timedelta(hours=1),
        })
        self.assertEqual(self.backend.status, "locked")
        with self.assertRaisesRegex(UserError, "administrator"):
            self.backend.with_user(self.operator).action_unlock()
        self.backend.with_user(self.admin_all).action_unlock()
        self.assertEqual(run.state, "failed")
        self.assertIn(f"Unlocked by {self.admin_all.name}.", run.log_ids.mapped("message"))
        self.assertEqual(self.backend.status, "failed")

    def test_live_run_is_only_unlocked_by_force(self):
        run = self.env["mega.sync.run"].create({"backend_id": self.backend.id, "state": "running"})
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, self.backend.id))
            self.assertEqual(self.backend.status, "running")
            with self.assertRaisesRegex(UserError, "Force unlock"):
                self.backend.with_user(self.admin_all).action_unlock()
            self.backend.with_user(self.admin_all).action_unlock_force()
            self.assertEqual(run.state, "failed")
        finally:
            with contextlib.suppress(Exception):  # its server process was stopped on purpose
                other.close()
        self.assertFalse(self.backend._is_locked())

    def test_killed_run_is_resumed_without_duplicates(self):
        self._sync()
        requests = [
            self._approved_change(code, {"email": f"morto.{code.lower()}@example.com.br"})
            for code in ("AGT0000001", "AGT0000005", "AGT0000006")
        ]
        original = change_history.sync_succeeded

        def die_after_the_erp_answered(batch, numbers):
            if requests[-1] in batch:
                raise Killed
            return original(batch, numbers)

        with patch.object(change_history, "sync_succeeded", die_after_the_erp_answered), \
                patch("odoo.addons.portal_operations.sync.exporter.BATCH_SIZE", 2):
            self.assertIsNone(self._sync(killed=True))
        killed = self.backend.run_ids[:1]
        self.assertEqual(killed.state, "running")
        self.assertEqual(self.backend.status, "locked", "its process is gone")
        self.assertEqual(
            [request.sync_state for request in requests], ["synced", "synced", "to_sync"],
            "the first batch was committed before the kill, the second was lost with it",
        )
        occurrences = self._occurrences_by_contract()
        expected = Counter()
        for request in requests:
            for contract in self._contracts_in_force(request.partner_id):
                expected[contract.code] += 1
        self.assertEqual(occurrences, expected, "the ERP took every change before the kill")

        resumed = self._sync()
        self.assertEqual(killed.state, "failed")
        self.assertEqual(resumed.state, "done")
        self.assertEqual({request.sync_state for request in requests}, {"synced"})
        self.assertEqual(self._occurrences_by_contract(), expected, "the ERP saw the same keys again")
        lost = requests[-1]
        self.assertEqual(
            len(lost.partner_id.realestate_contract_ids.occurrence_ids.filtered(lambda o: o.erp_number)),
            len(self._contracts_in_force(lost.partner_id)),
        )

    def test_faults_end_in_a_clear_status(self):
        self._sync()
        request = self._approved_change("AGT0000001", {"email": "falha@example.com.br"})
        cases = [
            ({"endpoint_url": "http://127.0.0.1:9"}, {},
             "Mega ERP did not answer at 127.0.0.1:9 (connection refused). Check the address in Connection."),
            ({"password": "errada"}, {}, "refused the user or password"),
            ({}, {"malformed_rate": 1.0}, "not valid"),
            ({}, {"hostile_rate": 1.0}, "not valid"),
        ]
        for backend_values, faults, message in cases:
            with self.subTest(backend=backend_values, faults=faults):
                saved = {name: self.backend[name] for name in backend_values}
                self.backend.write(backend_values)
                self.simulator.set_faults(**faults) if faults else self.simulator.clear_faults()
                with mute_logger("odoo.addons.portal_operations.models.mega_backend", "mega_erp.client"):
                    run = self._sync()
                self.assertEqual(run.state, "failed")
                self.assertTrue(any(message in line for line in run.log_ids.mapped("message")))
                self.assertEqual(request.sync_state, "to_sync", "nothing approved is lost")
                self.assertEqual(self.backend.status, "failed")
                self.backend.write(saved)
        self.simulator.clear_faults()
        self._sync()
        self.assertEqual(request.sync_state, "synced")

    def test_an_unreachable_erp_is_one_warning_line_and_words_to_act_on(self):
        """No traceback, no HTTP library internals: where, why and what to check."""
        self.backend.endpoint_url = "http://127.0.0.1:9"
        with self.assertLogs("odoo.addons.portal_operations.sync.synchronizer", "WARNING") as logs, \
                mute_logger("mega_erp.client"):
            run = self._sync()
        self.assertEqual(run.state, "failed")
        self.assertEqual(len(logs.records), 1)
        record = logs.records[0]
        self.assertEqual(record.levelname, "WARNING")
        self.assertIsNone(record.exc_info, "an expected failure logs no traceback")
        self.assertIn("127.0.0.1:9 (connection refused)", record.getMessage())
        with self.assertRaises(UserError) as refused:
            self.backend.with_user(self.admin_all).action_test_connection()
        message = str(refused.exception)
        self.assertEqual(message, "Mega ERP did not answer at 127.0.0.1:9 (connection refused). "
                                  "Check the address in Connection.")
        for internal in ("HTTPConnection", "Max retries", "0x"):
            self.assertNotIn(internal, message)

    def test_error_log_is_shown_at_the_end_when_asked(self):
        self.simulator.add_contract(
            agent_code="AGT0008888", development_code="EMP001", block_code="BLQ00001",
            lot_code="LOT0000002", status="active", visible_on_portal=True,
        )
        self.backend.show_error_log = True
        run = self._sync(user=self.admin_all)
        message = run.message_ids.filtered(lambda m: self.admin_all.partner_id in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("Customer AGT0008888 is unknown", str(message.body))
        self.backend.show_error_log = False
        quiet = self._sync(user=self.admin_all)
        self.assertFalse(quiet.message_ids.filtered(lambda m: self.admin_all.partner_id in m.partner_ids))

    def test_jobs_and_connection(self):
        self.backend.with_user(self.admin_all).action_refresh_jobs()
        erp_jobs = client_for(self.backend).list_jobs()
        self.assertTrue(erp_jobs)
        self.assertEqual([job["name"] for job in self.backend.erp_jobs], [job.name for job in erp_jobs])
        for job in erp_jobs:
            self.assertIn(job.name, str(self.backend.erp_jobs_html))
        action = self.backend.with_user(self.admin_all).action_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.backend.password = "errada"
        with self.assertRaisesRegex(UserError, "refused"):
            self.backend.action_test_connection()

    def test_connection_test_says_which_way_of_sending_the_password_failed(self):
        """The simulator, as strict ERPs, takes digests only: a backend sending the
        password as plain text is told so, and that a digest would connect."""
        self.assertEqual(self.backend.password_type, "digest")
        self.backend.password_type = "text"
        with self.assertRaises(UserError) as refused:
            self.backend.with_user(self.admin_all).action_test_connection()
        message = str(refused.exception)
        self.assertIn("refused the login sent as Plain-text password", message)
        self.assertIn("PasswordText", message)  # the ERP's reason
        self.assertIn("As Password digest it connects", message)
        self.backend.password_type = "digest"
        self.backend.password = "errada"
        with self.assertRaises(UserError) as refused:
            self.backend.with_user(self.admin_all).action_test_connection()
        self.assertIn("As Plain-text password it is refused too", str(refused.exception))

    def test_a_value_the_erp_schema_refuses_is_reported_before_it_is_sent(self):
        """The client checks the change against mega.xsd: no UpdateAgent reaches the
        ERP, and the request says which field breaks which rule."""
        self._sync()
        request = self._approved_change("AGT0000001", {"rg": "12.345.678-9"})
        request.line_ids.sudo().requested_value = "R" * 25
        with self.trap_erp_calls() as calls:
            self._sync()
        self.assertErpCalls({"UpdateAgent": 0}, calls)
        self.assertEqual(request.sync_state, "error")
        self.assertIn("RG: Mega ERP takes at most 20 characters.", request.sync_error)

    def test_settings_edit_the_company_connection_and_the_schedule(self):
        backend = self.env.ref("portal_operations.mega_backend_main")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.mega_wsdl_url, backend.wsdl_url)
        settings.write({
            "mega_wsdl_url": "https://erp.example.com.br/portal?wsdl", "mega_username": "portal",
            "mega_timeout": 12, "mega_push_on_approval": False, "mega_sync_interval": 15,
        })
        settings.execute()
        self.assertRecordValues(backend, [{
            "wsdl_url": "https://erp.example.com.br/portal?wsdl", "username": "portal",
            "timeout": 12, "push_on_approval": False,
        }])
        self.assertEqual(backend.company_id.mega_sync_interval, 15)
        self.assertRecordValues(backend.sync_cron_id, [{"interval_number": 15, "interval_type": "minutes"}])
        self.assertEqual(self.backend.sync_cron_id.interval_number, 60, "another company keeps its schedule")

    def test_only_a_refused_request_is_sent_again(self):
        request = self._submit_as(self.portal_user, self.customer_a, {"email": "de.novo@example.com.br"})
        with self.assertRaisesRegex(UserError, "refused by Mega ERP"):
            request.with_user(self.admin_all).action_requeue_sync()
        request.with_user(self.admin_all).action_approve()
        with self.assertRaisesRegex(UserError, "refused by Mega ERP"):
            request.with_user(self.admin_all).action_requeue_sync()

    def test_operators_read_runs_of_their_company_only(self):
        own_backend = self.env.ref("portal_operations.mega_backend_main")
        own_run = self.env["mega.sync.run"].create({"backend_id": own_backend.id, "state": "done"})
        other_run = self.env["mega.sync.run"].create({"backend_id": self.backend.id, "state": "done"})
        Run = self.env["mega.sync.run"].with_user(self.operator)
        self.assertEqual(Run.search([("id", "in", (own_run | other_run).ids)]), own_run)
        with self.assertRaisesRegex(UserError, "administrator"):
            own_backend.with_user(self.operator).action_start_sync()
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            own_run.with_user(self.operator).write({"state": "failed"})
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            own_backend.with_user(self.operator).read(["password"])
