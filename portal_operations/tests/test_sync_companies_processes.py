# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Many companies, several servers: each company's synchronization is its own job on
Odoo's scheduler, shared by the cron threads of every server (real Odoo server
processes on a copy of the test database, one Mega ERP simulator per company).

- three companies, two cron threads, one ERP stopped: the two others finish their runs,
  and an approval in one is in its ERP within a minute while the other's pull runs;
- two servers with two cron threads each, four companies: the four runs overlap in
  time, and each runs once.

Nothing here waits on a guessed duration: a pull is held in its ERP (a gate) for as
long as the test needs it running, and the overlap is proven by a barrier that the four
ERPs pass only when the four runs call them at once.
"""
import logging
import threading
import time
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

from odoo import fields
from odoo.tests import tagged

from odoo.addons.portal_operations.sync.exporter import CONTRACT_STATUSES_IN_FORCE

from mega_erp.simulator import Simulator

from .test_sync_processes import PATIENCE, SyncProcessCase

_logger = logging.getLogger(__name__)

# The promise of "Send approved changes at once".
PUSH_DEADLINE = 60


class HeldCalls:
    """Holds the ERP's list calls of one entity until ``release()`` (or ``PATIENCE``):
    the run calling them is running for as long as the test needs."""

    def __init__(self, simulator, entity):
        self.entered = threading.Event()
        self._released = threading.Event()
        original = simulator.state.list_page

        def list_page(listed, *args, **kwargs):
            if listed == entity:
                self.entered.set()
                self._released.wait(PATIENCE)
            return original(listed, *args, **kwargs)

        simulator.state.list_page = list_page

    def release(self):
        self._released.set()


def pass_together(simulators):
    """Each simulator's first list call waits until every simulator got its own: they
    pass only if that many runs call their ERPs at the same time."""
    barrier = threading.Barrier(len(simulators), timeout=PATIENCE)
    for simulator in simulators:
        original, first = simulator.state.list_page, threading.Event()

        def list_page(*args, original=original, first=first, **kwargs):
            if not first.is_set():
                first.set()
                barrier.wait()
            return original(*args, **kwargs)

        simulator.state.list_page = list_page
    return barrier


@tagged("post_install", "-at_install")
class TestSyncCompaniesProcesses(SyncProcessCase):

    def setUp(self):
        super().setUp()
        self.erps = []

    def _erp(self, seed, running=True):
        """A Mega ERP simulator of its own (demo-sized generated data); a stopped one
        refuses every connection."""
        simulator = Simulator(agents=12, seed=seed).start(port=0)
        if running:
            self.addCleanup(simulator.stop)
            return simulator
        stopped = SimpleNamespace(port=simulator.port, url=simulator.url, wsdl_url=simulator.wsdl_url)
        simulator.stop()
        return stopped

    @staticmethod
    def _add_companies(env, simulators, **backend_values):
        """One company per simulator, with its connection; their scheduled
        synchronizations are due now. Returns the backends' ids."""
        backends = env["mega.backend"]
        for number, simulator in enumerate(simulators, start=1):
            company = env["res.company"].create({
                "name": f"Loteadora {number} {simulator.port}", "change_approval_mode": "automatic",
            })
            backends |= env["mega.backend"].create({
                "name": f"Mega ERP {number}", "company_id": company.id, "wsdl_url": simulator.wsdl_url,
                "endpoint_url": simulator.url, "username": "mega", "password": "mega",
                # a busy machine answers late; a call held by the test is no timeout either
                "timeout": PATIENCE, "retries": 1, "show_error_log": False, **backend_values,
            })
        backends.sync_cron_id.nextcall = fields.Datetime.now() - timedelta(minutes=1)
        return backends.ids

    @staticmethod
    def _runs(env, backend_id):
        return env["mega.sync.run"].search([("backend_id", "=", backend_id)], order="id")

    def _wait_waking(self, dbname, condition, what):
        """Wait, waking the cron threads now and then: a server that was not listening
        yet when they were first woken would otherwise poll only a minute later."""
        def woken(env):
            self._wake_crons(dbname)
            return condition(env)
        self._wait(dbname, woken, what)

    def _ended(self, backend_id, count=1):
        def condition(env):
            runs = self._runs(env, backend_id)
            return len(runs) >= count and "running" not in runs.mapped("state")
        return condition

    # ------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------

    def test_a_stopped_erp_and_a_long_pull_do_not_delay_another_companys_approval(self):
        erp_a, erp_b, erp_c = self._erp(21), self._erp(22), self._erp(23, running=False)
        pull_b = HeldCalls(erp_b, "agents")  # company B's first pull runs until released
        db = self._database("three")
        with self._env(db) as env:
            backend_a, backend_b, backend_c = self._add_companies(env, (erp_a, erp_b, erp_c))
        self._start(db, cron_threads=2)
        self._wait_waking(db, self._ended(backend_a), "company A's first synchronization")
        self._wait_waking(db, self._ended(backend_c), "company C's run against its stopped ERP")
        self.assertTrue(pull_b.entered.wait(PATIENCE), "company B's pull runs")

        with self._env(db) as env:  # an approval in A (automatic), while B pulls
            contract = env["realestate.contract"].search([
                ("company_id", "=", env["mega.backend"].browse(backend_a).company_id.id),
                ("status", "in", CONTRACT_STATUSES_IN_FORCE),
            ], order="code", limit=1)
            partner = contract.partner_id
            code = partner.mega_agent_code
            self.assertEqual(self._runs(env, backend_b).mapped("state"), ["running"])
            request = env["portal.change.request"]._submit(partner, {"email": "ja.chegou@example.com.br"})
            self.assertEqual((request.state, request.sync_state), ("approved", "to_sync"))
            in_force = partner.realestate_contract_ids.filtered(lambda c: c.status in CONTRACT_STATUSES_IN_FORCE)
            in_force_codes = in_force.mapped("code")
        approved = time.monotonic()
        while erp_a.state.agents[code].email != "ja.chegou@example.com.br":
            self.assertLess(time.monotonic() - approved, PUSH_DEADLINE, "the approval reached its ERP in time")
            time.sleep(0.2)
        latency = time.monotonic() - approved
        with self._env(db) as env:
            self.assertEqual(self._runs(env, backend_b).mapped("state"), ["running"], "B was still pulling")
        pull_b.release()
        self._wait(db, self._ended(backend_b), "company B's synchronization")
        self._wait(db, self._ended(backend_a, count=2), "company A's push")

        with self._env(db) as env:
            self.assertEqual(self._runs(env, backend_a).mapped("trigger"), ["scheduled", "approval"])
            self.assertEqual(self._runs(env, backend_a).mapped("state"), ["done", "done"])
            self.assertEqual(self._runs(env, backend_b).mapped("state"), ["done"])
            self.assertEqual(self._runs(env, backend_c).mapped("state"), ["failed"])
            self.assertIn("did not answer", env["mega.backend"].browse(backend_c).last_failure)
            self.assertEqual(env["portal.change.request"].browse(request.id).sync_state, "synced")
        self.assertErpCalls({"UpdateAgent": 1}, simulator=erp_a, msg="nothing sent twice")
        occurrences = Counter(occurrence.contract_code for occurrence in erp_a.state.occurrences)
        self.assertEqual(occurrences, Counter(in_force_codes))
        self.assertErpCalls({"UpdateAgent": 0}, simulator=erp_b)
        _logger.info("approval to its ERP while another company pulled: %.1f s", latency)

    def test_two_servers_run_four_companies_at_once_each_once(self):
        erps = [self._erp(seed) for seed in (31, 32, 33, 34)]
        for erp in erps:  # each run lasts a few seconds after the barrier: its end shows
            erp.set_faults(latency=0.3)
        barrier = pass_together(erps)
        db = self._database("four")
        with self._env(db) as env:
            backend_ids = self._add_companies(env, erps)
        self._start(db, cron_threads=2)
        self._start(db, cron_threads=2)
        for backend_id in backend_ids:
            self._wait_waking(db, self._ended(backend_id), f"the run of backend {backend_id}")
        time.sleep(5)  # time for a second run, if there were one
        self.assertFalse(barrier.broken, "the four runs called their ERPs at the same time")
        with self._env(db) as env:
            runs = env["mega.sync.run"].search([("backend_id", "in", backend_ids)])
            for run in runs:
                _logger.info("backend %s: %s -> %s", run.backend_id.id, run.date_start, run.date_end)
            self.assertEqual(Counter(runs.backend_id.ids), Counter(backend_ids), "each once")
            self.assertEqual(set(runs.mapped("state")), {"done"})
            self.assertLess(max(runs.mapped("date_start")), min(runs.mapped("date_end")),
                            "the four runs overlap")
            self.assertTrue(all(env["mega.backend"].browse(backend_ids).sync_cron_id.mapped("lastcall")))
