# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each company's synchronization is its own job on Odoo's scheduler: a backend has its
scheduled synchronization (on its company's interval) and its push job (woken by an
approval); a job that finds its backend busy tries again a minute later."""
from odoo import fields, sql_db
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal_operations.sync.synchronizer import LOCK_NAMESPACE

from .common import SyncCase

WATERMARKS = ("watermark_developments", "watermark_blocks", "watermark_lots", "watermark_agents",
              "watermark_contracts")


@tagged("post_install", "-at_install")
class TestSyncSchedule(SyncCase):

    def _in_cron_cursor(self, method):
        """Call ``method`` of the backend as a cron worker does: in its own cursor."""
        with self.enter_registry_test_mode(), self.env.registry.cursor() as cr:
            getattr(self.backend.with_env(self.env(cr=cr)), method)()

    def _future_triggers(self, cron):
        return self.env["ir.cron.trigger"].search_count([
            ("cron_id", "=", cron.id), ("call_at", ">", fields.Datetime.now()),
        ])

    def test_a_backend_has_its_own_jobs_on_its_company_schedule(self):
        company = self.env["res.company"].create({"name": "Loteadora Noturna", "mega_sync_interval": 1440})
        backend = self.env["mega.backend"].create({"company_id": company.id})
        sync, push = backend.sync_cron_id, backend.push_cron_id
        self.assertRecordValues(sync | push, [
            {"interval_number": 1440, "interval_type": "minutes", "active": True, "priority": 10,
             "code": f"model.browse({backend.id})._cron_sync()", "user_id": self.env.ref("base.user_root").id},
            {"interval_number": 1, "interval_type": "days", "active": True, "priority": 1,
             "code": f"model.browse({backend.id})._cron_push()", "user_id": self.env.ref("base.user_root").id},
        ])
        self.assertIn("Loteadora Noturna", sync.name)
        self.assertEqual(backend.next_sync_date, sync.nextcall, "the screen shows the next scheduled run")
        self.assertNotIn(sync | push, self.backend.sync_cron_id | self.backend.push_cron_id)

        company.mega_sync_interval = 60
        self.assertEqual(sync.interval_number, 60)
        self.assertEqual(self.backend.sync_cron_id.interval_number, 60)
        backend.push_on_approval = False
        self.assertRecordValues(sync | push, [{"active": True}, {"active": False}])
        backend.active = False
        self.assertRecordValues(sync | push, [{"active": False}, {"active": False}])
        self.assertFalse(backend.next_sync_date)
        actions = (sync | push).ir_actions_server_id
        backend.unlink()
        self.assertFalse((sync | push).exists() or actions.exists(), "the jobs go with the backend")

    def test_the_push_job_sends_without_pulling(self):
        first = self._sync()
        watermarks = {field: self.backend[field] for field in WATERMARKS}
        self.simulator.reset()
        self.simulator.touch_agent("AGT0000002", email="mudou.no.erp@example.com.br")
        request = self._approved_change("AGT0000001", {"email": "so.envio@example.com.br"})
        self._in_cron_cursor("_cron_push")
        run = self.backend.run_ids - first
        self.assertRecordValues(run, [{
            "state": "done", "trigger": "approval", "pushed_count": 1, "agents_count": 0, "contracts_count": 0,
        }])
        self.assertEqual(request.sync_state, "synced")
        self.assertEqual(self.simulator.state.agents["AGT0000001"].email, "so.envio@example.com.br")
        self.assertEqual({field: self.backend[field] for field in WATERMARKS}, watermarks, "nothing pulled")
        self.assertErpCalls({"ListAgents": 0})
        self.assertNotEqual(self._partner("AGT0000002").email, "mudou.no.erp@example.com.br")
        self._in_cron_cursor("_cron_push")
        self.assertEqual(self.backend.run_ids, run | first, "nothing to send: no run")

    @mute_logger("odoo.addons.portal_operations.models.mega_backend")
    def test_a_job_that_finds_its_backend_busy_tries_again_a_minute_later(self):
        first = self._sync()
        self._approved_change("AGT0000001", {"email": "espera.a.vez@example.com.br"})
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:  # the backend's other job runs (in another process)
            other.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, self.backend.id))
            for cron, method in ((self.backend.push_cron_id, "_cron_push"), (self.backend.sync_cron_id, "_cron_sync")):
                with self.subTest(job=method):
                    before = fields.Datetime.now()
                    self._in_cron_cursor(method)
                    self._in_cron_cursor(method)
                    self.assertEqual(self._future_triggers(cron), 1, "called again once, later")
                    trigger = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)], order="id desc", limit=1)
                    self.assertGreaterEqual((trigger.call_at - before).total_seconds(), 59)
        finally:
            other.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, self.backend.id))
            other.close()
        self.assertEqual(self.backend.run_ids, first, "no run while the other job held the backend")
        self._in_cron_cursor("_cron_push")
        self.assertRecordValues(self.backend.run_ids - first, [{"state": "done", "pushed_count": 1}])

    @mute_logger("odoo.addons.portal_operations.sync.synchronizer")
    def test_an_unreachable_erp_fails_its_own_run_and_the_screen_says_so(self):
        self.backend.write({"wsdl_url": "http://127.0.0.1:9/?wsdl", "endpoint_url": "http://127.0.0.1:9/"})
        self._in_cron_cursor("_cron_sync")
        self.assertRecordValues(self.backend, [{"status": "failed"}])
        self.assertIn("Mega ERP did not answer", self.backend.last_failure)
        self.assertEqual(self.backend.next_sync_date, self.backend.sync_cron_id.nextcall)
