# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The production server of the README: Odoo in prefork mode (HTTP workers, a cron
worker, the gevent websocket child) behind a proxy. The synchronization runs on the
cron worker while the HTTP workers serve the portal.

Run by scripts/test.sh, which gives a database with the addon and its demo data
(PO_SERVER_DB, a copy it drops afterwards), the Odoo configuration (PO_ODOO_CONF) and
the ``odoo`` launcher (PO_ODOO): ``python -m odoo`` cannot start the gevent child in
prefork mode (it re-executes ``sys.argv[0]``), the ``odoo`` script can."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import psutil
import psycopg2
import pytest
import requests

from mega_erp.simulator import Simulator

DB = os.environ.get("PO_SERVER_DB")
pytestmark = pytest.mark.skipif(not DB, reason="scripts/test.sh gives the database (PO_SERVER_DB)")

# The scheduled synchronization of the demo's main company (each company has its own).
MAIN_SYNC_CRON = """SELECT sync_cron_id FROM mega_backend WHERE id = (
    SELECT res_id FROM ir_model_data WHERE module = 'portal_operations' AND name = 'mega_backend_main')"""
PUBLIC_HOST = "portal.loteadora.example.com.br"
PROXY_HEADERS = {"X-Forwarded-Host": PUBLIC_HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _sql(query, *params):
    with psycopg2.connect(dbname=DB) as connection, connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else None


@pytest.fixture(scope="module")
def simulator():
    with Simulator(seed=1).start(port=0) as sim:
        yield sim


@pytest.fixture(scope="module")
def server(simulator, tmp_path_factory):
    """The README's production command, with the scheduled synchronization due now."""
    _sql("UPDATE mega_backend SET wsdl_url = %s, endpoint_url = %s", simulator.wsdl_url, simulator.url)
    _sql(f"""UPDATE ir_cron SET active = true, nextcall = (now() at time zone 'utc') - interval '1 minute'
              WHERE id = ({MAIN_SYNC_CRON})""")  # noqa: S608 - our own constant
    # runs the database already had (it is a copy of the tested one) are not this server's
    [(last_run,)] = _sql("SELECT coalesce(max(id), 0) FROM mega_sync_run")
    port, gevent_port = _free_port(), _free_port()
    log = tmp_path_factory.mktemp("prefork") / "odoo.log"
    command = [
        os.environ["PO_ODOO"], "server", "-c", os.environ["PO_ODOO_CONF"], "-d", DB, f"--db-filter=^{DB}$",
        "--workers=2", "--max-cron-threads=1", "--proxy-mode",
        "--http-interface=127.0.0.1", f"--http-port={port}", f"--gevent-port={gevent_port}",
        f"--logfile={log}", "--log-level=info",
    ]
    process = subprocess.Popen(command, start_new_session=True)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/web/health", timeout=30).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or still starting
                pass
            assert process.poll() is None, Path(log).read_text()[-3000:]
            time.sleep(1)
        else:
            pytest.fail(f"the server did not answer in 120 s:\n{Path(log).read_text()[-3000:]}")
        yield {"url": url, "process": process, "log": log, "last_run": last_run}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _session(url, login):
    """A session through the proxy (demo users' passwords are their logins)."""
    session = requests.Session()
    session.headers.update(PROXY_HEADERS)
    answer = session.post(f"{url}/web/session/authenticate", json={
        "jsonrpc": "2.0", "method": "call", "params": {"db": DB, "login": login, "password": login},
    }, timeout=60).json()
    assert "error" not in answer, answer
    return session


def test_prefork_processes(server):
    """HTTP workers, a cron worker and the gevent (websocket) child."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = psutil.Process(server["process"].pid).children()
        commands = [" ".join(child.cmdline()) for child in children]
        if len(children) >= 4 and any(" gevent" in command for command in commands):
            break
        time.sleep(1)
    assert len(children) >= 4, commands  # 2 HTTP workers, 1 cron worker, the gevent child
    assert any(" gevent" in command for command in commands), commands


def test_proxy_mode(server):
    """Behind the proxy, Odoo takes the forwarded host and scheme for its own address
    (an administrator's login records it as web.base.url)."""
    _session(server["url"], "admin")
    [(base_url,)] = _sql("SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'")
    assert base_url.rstrip("/") == f"https://{PUBLIC_HOST}"


def test_the_portal_is_served_while_the_cron_worker_synchronizes(server):
    session = _session(server["url"], "cliente")
    served, served_while_running = 0, 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        running = _sql("SELECT count(*) FROM mega_sync_run WHERE trigger = 'scheduled' AND state = 'running'"
                       " AND id > %s", server["last_run"])[0][0]
        for page in ("/my/personal-data", "/my/contracts"):
            response = session.get(f"{server['url']}{page}", timeout=60)
            assert response.status_code == 200, (page, response.status_code)
            served += 1
            served_while_running += bool(running)
        finished = _sql("SELECT state FROM mega_sync_run WHERE trigger = 'scheduled' AND state != 'running'"
                        " AND id > %s", server["last_run"])
        if ("done",) in finished:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"no scheduled synchronization finished:\n{Path(server['log']).read_text()[-3000:]}")
    # the demo's second company logs in to Mega ERP with its own credentials, which the
    # simulator refuses: its run fails, the first company's is done
    assert ("done",) in finished, finished
    assert served >= 2
    print(f"portal pages served: {served}, while the synchronization ran: {served_while_running}")
    # the cron worker ran it (in prefork mode HTTP workers never run scheduled jobs)
    assert "Worker WorkerCron" in Path(server["log"]).read_text()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the job is recorded once the cron worker has committed it
        [(lastcall,)] = _sql(f"SELECT lastcall FROM ir_cron WHERE id = ({MAIN_SYNC_CRON})")  # noqa: S608
        if lastcall:
            break
        time.sleep(1)
    assert lastcall, "the cron worker did not record the synchronization job"
