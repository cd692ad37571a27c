# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The synchronization across real processes and databases: Odoo servers started as
separate processes on a copy of the test database (its demo data, committed), the Mega
ERP simulator over HTTP in this process.

- a run killed with a real ``SIGKILL`` mid-push, then resumed by a restarted server,
  under busy and timed-out calls: every customer's last approved value arrives, once;
- two servers with their cron on one database: a scheduled run happens once;
- a restored copy of a database: its approvals are never mistaken for the original's.
"""
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tools import config
from odoo.tools.misc import exec_pg_environ, find_pg_tool

from odoo.addons.portal_operations.sync.exporter import CONTRACT_STATUSES_IN_FORCE

import mega_erp
from mega_erp.simulator import Simulator

from .common import ErpCallsCase

# Every wait below gives up after this long (seconds): a hung server fails the test.
PATIENCE = 240


def _free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_execute(*statements):
    with contextlib.closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr.connection.autocommit = True
        for statement in statements:
            cr.execute(statement)


def _drop(name):
    Registry.delete(name)
    sql_db.close_db(name)
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy(template, name):
    """A copy of ``template`` (which nobody may be connected to), as a restore would make."""
    _drop(name)
    Registry.delete(template)
    sql_db.close_db(template)
    _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _registry(dbname):
    """The registry of another database, loaded as a server would (without the tests)."""
    saved = config["test_enable"]
    config["test_enable"] = False
    try:
        return Registry(dbname)
    finally:
        config["test_enable"] = saved


class OdooServer:
    """An Odoo server process on one database, with its cron threads (one by default)."""

    def __init__(self, dbname, cron_threads=1):
        self.dbname = dbname
        self.port = _free_port()
        self.log_path = Path(config["data_dir"]) / f"{dbname}-{self.port}.log"
        command = [
            sys.executable, "-m", "odoo", "server", "-d", dbname, f"--db-filter=^{dbname}$",
            f"--addons-path={','.join(odoo.addons.__path__)}", f"--data-dir={config['data_dir']}",
            "--http-interface=127.0.0.1", f"--http-port={self.port}", "--workers=0",
            f"--max-cron-threads={cron_threads}", "--log-level=warn", f"--logfile={self.log_path}",
        ]
        for option in ("db_host", "db_port", "db_user", "db_password"):
            if config[option]:
                command.append(f"--{option}={config[option]}")
        environ = dict(os.environ)
        library = str(Path(mega_erp.__file__).resolve().parent.parent)
        environ["PYTHONPATH"] = os.pathsep.join(filter(None, [library, environ.get("PYTHONPATH")]))
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            command, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + PATIENCE
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                break
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the Odoo server did not start; see {self.log_path}")
            time.sleep(0.5)

    def kill(self):
        """SIGKILL: nothing more runs in it, its open transaction is lost."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


class SyncProcessCase(ErpCallsCase, BaseCase):
    """A copy of the test database (``base``) and the demo's ERP simulator; each test
    copies ``base`` again and starts its servers on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.simulator = Simulator().start(port=0)  # the demo data's ERP (seed 1)
        cls.addClassCleanup(cls.simulator.stop)
        cls.base = f"{config['db_name'][0] if isinstance(config['db_name'], list) else config['db_name']}_sync_base"
        source = cls.base[: -len("_sync_base")]
        _drop(cls.base)
        _admin_execute(f'CREATE DATABASE "{cls.base}" TEMPLATE template0')
        cls.addClassCleanup(_drop, cls.base)
        environ = exec_pg_environ()
        # The test database as it is committed (installed, with its demo data).
        dump = subprocess.Popen(  # noqa: S603 - PostgreSQL's own tools
            [find_pg_tool("pg_dump"), "-Fc", source], env=environ, stdout=subprocess.PIPE,
        )
        subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            [find_pg_tool("pg_restore"), "--no-owner", "-d", cls.base], env=environ,
            stdin=dump.stdout, check=True, stderr=subprocess.DEVNULL,
        )
        dump.wait()
        with cls._env(cls.base) as env:
            backend = env.ref("portal_operations.mega_backend_main")
            backend.write({
                "wsdl_url": cls.simulator.wsdl_url, "endpoint_url": cls.simulator.url,
                "timeout": 2, "retries": 1, "show_error_log": False,
            })
            # Only what a test asks for runs: the cron waits for its triggers.
            backends = env["mega.backend"].search([])
            (backends.sync_cron_id | backends.push_cron_id).nextcall = "2099-01-01 00:00:00"
            env["ir.cron.trigger"].search([]).unlink()
            requests = env["portal.change.request"].search([("sync_state", "=", "to_sync")])
            requests.write({"sync_state": "synced"})  # the demo's: not this test's business

    def setUp(self):
        super().setUp()
        self.simulator.reset()
        self.servers = []
        self.addCleanup(self._stop_servers)

    def _stop_servers(self):
        for server in self.servers:
            server.stop()

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    @staticmethod
    @contextlib.contextmanager
    def _env(dbname):
        """An environment on ``dbname`` (committed at the end)."""
        with _registry(dbname).cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def _database(self, suffix):
        name = f"{self.base}_{suffix}"
        _copy(self.base, name)
        self.addCleanup(_drop, name)
        return name

    def _start(self, dbname, cron_threads=1):
        server = OdooServer(dbname, cron_threads)
        self.servers.append(server)
        return server

    def _approve(self, env, code, values):
        """An approval as in real life: the customer asks on the portal, an administrator
        approves (which triggers the cron)."""
        partner = env["res.partner"].search([("mega_agent_code", "=", code)], limit=1)
        customer = env.ref("portal_operations.user_portal_customer")
        request = env["portal.change.request"].with_user(customer)._submit(partner, values)
        request.with_user(env.ref("base.user_admin")).action_approve()
        return request.id

    @staticmethod
    def _wake_crons(dbname):
        """What Odoo does when a cron is triggered: the cron threads listen on the
        ``postgres`` database."""
        _admin_execute(f"SELECT pg_notify('cron_trigger', '{dbname}')")

    def _trigger(self, dbname):
        with self._env(dbname) as env:
            env.ref("portal_operations.mega_backend_main").sync_cron_id._trigger()

    def _wait(self, dbname, condition, what):
        deadline = time.monotonic() + PATIENCE
        while True:
            with self._env(dbname) as env:
                if condition(env):
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"waited too long for {what}")
            time.sleep(1)

    @staticmethod
    def _runs(env):
        return env["mega.sync.run"].search([("backend_id", "=", env.ref("portal_operations.mega_backend_main").id)])

    def _expected_occurrences(self, env, request_ids):
        expected = Counter()
        for request in env["portal.change.request"].browse(request_ids):
            contracts = request.partner_id.commercial_partner_id.realestate_contract_ids
            for contract in contracts.filtered(lambda c: c.status in CONTRACT_STATUSES_IN_FORCE):
                expected[contract.code] += 1
        return expected

    def _occurrences(self):
        return Counter(occurrence.contract_code for occurrence in self.simulator.state.occurrences)


@tagged("post_install", "-at_install")
class TestSyncProcesses(SyncProcessCase):

    # ------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------

    @staticmethod
    def _agents_with_contracts_in_force(env, count):
        """The ERP codes of ``count`` demo customers with a contract in force: each change
        of theirs is an UpdateAgent and at least one CreateOccurrence."""
        contracts = env["realestate.contract"].search([
            ("status", "in", CONTRACT_STATUSES_IN_FORCE),
            ("company_id", "=", env.ref("portal_operations.mega_backend_main").company_id.id),
            ("partner_id.mega_agent_code", "!=", False),
        ], order="code")
        codes = list(dict.fromkeys(contracts.mapped("partner_id.mega_agent_code")))[:count]
        if len(codes) < count:
            raise AssertionError(f"the demo data has only {len(codes)} customers with a contract in force")
        return codes

    def test_a_run_killed_mid_push_is_resumed_by_a_restarted_server(self):
        db = self._database("kill")
        with self._env(db) as env:
            codes = self._agents_with_contracts_in_force(env, 6)
            request_ids = [
                self._approve(env, code, {"email": f"{step}.{code.lower()}@example.com.br",
                                          **({"street_number": "2002"} if step == "dois" else {})})
                for code in codes for step in ("um", "dois", "tres")
            ]
            runs_before = len(self._runs(env))
        # Slow and unreliable ERP: the push takes long enough to be killed in its middle.
        self.simulator.set_faults(latency=0.15, retryable_rate=0.3, timeout_rate=0.05, timeout_sleep=2.5, seed=4)
        server = self._start(db)
        time.sleep(3)  # its cron thread listens
        self._wake_crons(db)
        deadline = time.monotonic() + PATIENCE
        while self.simulator.state.calls["CreateOccurrence"] < 6:
            self.assertLess(time.monotonic(), deadline, "the push did not start")
            time.sleep(0.05)
        server.kill()
        with self._env(db) as env:
            killed = self._runs(env)[:1]
            self.assertEqual(len(self._runs(env)), runs_before + 1)
            self.assertEqual(killed.state, "running", "killed in its middle")
            synced = env["portal.change.request"].browse(request_ids).filtered(lambda r: r.sync_state == "synced")
            self.assertLess(len(synced), len(request_ids), "killed before the end of the push")

        restarted = self._start(db)
        for __ in range(15):
            with self._env(db) as env:
                done = all(r.sync_state == "synced" for r in env["portal.change.request"].browse(request_ids))
                count = len(self._runs(env))
            if done:
                break
            self._trigger(db)
            self._wait(db, lambda env, count=count: len(self._runs(env)) > count
                       and self._runs(env)[0].state != "running", "the next run")
        self.simulator.clear_faults()
        self._trigger(db)  # the pull brings the ERP's values back
        with self._env(db) as env:
            count = len(self._runs(env))
        self._wait(db, lambda env: len(self._runs(env)) > count and self._runs(env)[0].state == "done",
                   "the last run")
        restarted.stop()

        with self._env(db) as env:
            requests = env["portal.change.request"].browse(request_ids)
            self.assertEqual(set(requests.mapped("sync_state")), {"synced"})
            self.assertEqual(killed.with_env(env).state, "failed", "resumed by the next run")
            for code in codes:
                with self.subTest(customer=code):
                    last = f"tres.{code.lower()}@example.com.br"
                    agent = self.simulator.state.agents[code]
                    self.assertEqual((agent.email, agent.number), (last, "2002"))
                    partner = env["res.partner"].search([("mega_agent_code", "=", code)], limit=1)
                    self.assertEqual((partner.email, partner.street_number), (last, "2002"))
            expected = self._expected_occurrences(env, request_ids)
            self.assertEqual(self._occurrences(), expected, "one occurrence per change and contract, none twice")
            stored = env["realestate.contract.occurrence"].search_count([("erp_number", "in", [
                occurrence.number for occurrence in self.simulator.state.occurrences
            ])])
            self.assertEqual(stored, sum(expected.values()))

    def test_two_servers_with_their_cron_on_one_database_run_once(self):
        db = self._database("two")
        with self._env(db) as env:
            request_ids = [
                self._approve(env, code, {"email": f"dois.servidores.{code.lower()}@example.com.br"})
                for code in ("AGT0000002", "AGT0000003", "AGT0000004")
            ]
            runs_before = len(self._runs(env))
        self.simulator.set_faults(latency=0.05)
        self._start(db)
        self._start(db)
        time.sleep(3)  # both cron threads listen
        self._wake_crons(db)
        self._wait(db, lambda env: len(self._runs(env)) > runs_before and self._runs(env)[0].state == "done",
                   "the run")
        time.sleep(5)  # time for a second run, if there were one
        with self._env(db) as env:
            self.assertEqual(len(self._runs(env)), runs_before + 1, "one run")
            self.assertEqual(set(env["portal.change.request"].browse(request_ids).mapped("sync_state")), {"synced"})
            self.assertErpCalls({"UpdateAgent": len(request_ids)}, msg="nothing sent twice")
            self.assertEqual(self._occurrences(), self._expected_occurrences(env, request_ids))

    def test_a_restored_copy_never_takes_the_answers_of_the_original(self):
        original = self._database("original")
        with self._env(original) as env:
            self._approve(env, "AGT0000002", {"email": "antes.da.copia@example.com.br"})
            env.ref("portal_operations.mega_backend_main")._run_sync()
        restored = self._database("restored")
        _copy(original, restored)
        with self._env(original) as env:  # life goes on in the original
            in_original = self._approve(env, "AGT0000003", {"email": "no.original@example.com.br"})
            env.ref("portal_operations.mega_backend_main")._run_sync()
        with self.trap_erp_calls() as calls, self._env(restored) as env:  # and in the copy, the same request number
            in_copy = self._approve(env, "AGT0000004", {"email": "na.copia@example.com.br"})
            self.assertEqual(in_copy, in_original, "both databases numbered the request alike")
            run = env.ref("portal_operations.mega_backend_main")._run_sync()
            self.assertEqual(run.state, "done")
            self.assertErpCalls({"UpdateAgent": 1}, calls)

            self.assertEqual(self.simulator.state.agents["AGT0000004"].email, "na.copia@example.com.br",
                             "the copy's approval reached the ERP")
            self.assertEqual(self.simulator.state.agents["AGT0000003"].email, "no.original@example.com.br")
            expected = self._expected_occurrences(env, [in_copy])
            copy_occurrences = Counter(
                occurrence.contract_code for occurrence in self.simulator.state.occurrences
                if occurrence.contract_code in expected
            )
            self.assertEqual(copy_occurrences, expected)
