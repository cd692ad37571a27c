# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Portal write throughput under load (issue 27): the addon's Dados Pessoais form
against Odoo's own account form, on the same prefork server.

    python3 bench/bench_portal_load.py --template <db> --database <throwaway db>
        [--sessions 20] [--posts 10] [--workers 2] [--rounds 4]

``--template`` is a database with ``portal_operations`` installed (no demo data
needed); it is duplicated (database and filestore) into ``--database``, which is dropped
first when it exists: the script writes into it. On the copy the script creates one
development, a staff administrator who asks for the e-mails of registration changes,
and ``--sessions`` portal users of each kind:

- customers of the loteadora (a Mega ERP agent with a contract): they POST
  ``/my/personal-data``, where every POST becomes a change request (validated, the
  customer locked, the request and its lines, the previous pending one superseded, the
  chatter, the staff's e-mail);
- portal users who are not customers: they POST Odoo's own ``/my/account`` form
  (``/my/address/submit``), where Odoo writes the partner.

It starts a prefork server (``--workers`` HTTP workers, no cron) on the copy, with an
SMTP sink in this process as its mail server, logs every session in, then runs rounds
alternating the two kinds: in a round the ``--sessions`` sessions of one kind run
together, each GETting its form and POSTing it back with a new mobile ``--posts``
times. Printed per round and overall: POST/s (posts over the round's wall time, GETs
included), the median and p95 of the POST's latency, errors; and the ratio of the two
rates. Latency is the POST alone (its redirect is not followed).
"""

import argparse
import os
import platform
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import lxml.html
import psutil
import requests

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPOSITORY)

PASSWORD = "bench-portal-load"  # noqa: S105 - throwaway users of a throwaway database
DB_ARGS = ("db_host", "db_port", "db_user", "db_password")


# ------------------------------------------------------------
# SMTP sink: the server's mail server, which accepts everything
# ------------------------------------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.messages = 0


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        in_data = False
        for line in self.rfile:
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    self.server.messages += 1
                    self.wfile.write(b"250 OK\r\n")
                continue
            command = line[:4].upper()
            if command == b"DATA":
                in_data = True
                self.wfile.write(b"354 go on\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif command in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            else:
                self.wfile.write(b"250 OK\r\n")


# ------------------------------------------------------------
# The throwaway database
# ------------------------------------------------------------


def configure(database, extra=()):
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        ["-d", database, f"--addons-path={REPOSITORY}", "--log-level=warn", *extra], setup_logging=True,
    )
    from odoo.modules.module import initialize_sys_path  # noqa: PLC0415

    initialize_sys_path()
    return config


def duplicate(template, database):
    from odoo.service import db  # noqa: PLC0415

    if db.exp_db_exist(database):
        db.exp_drop(database)
    db.exp_duplicate_database(template, database)


def cpf_of(number):
    """The valid CPF whose first nine digits are ``number``."""
    digits = [int(digit) for digit in f"{number:09d}"]
    for length in (9, 10):
        total = sum(digit * weight for digit, weight in zip(digits, range(length + 1, 1, -1), strict=True))
        digits.append(total * 10 % 11 % 10)
    return "".join(map(str, digits))


def populate(database, sessions):
    """The development, the staff administrator and both kinds of portal users; returns
    the logins of (customers, others)."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    registry = Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
        company = env.ref("base.main_company")
        brazil_country = env.ref("base.br")
        state = env.ref("base.state_br_sp")
        development = env["realestate.development"].create({
            "code": "LOAD", "name": "Load Development", "company_id": company.id,
        })
        block = env["realestate.block"].create({
            "code": "Q1", "name": "Quadra 1", "development_id": development.id, "company_id": company.id,
        })
        lots = env["realestate.lot"].create([
            {"code": f"L{n}", "name": f"Lote {n}", "block_id": block.id, "development_id": development.id,
             "company_id": company.id, "area": 250}
            for n in range(sessions)
        ])  # fmt: skip
        env["res.users"].with_context(no_reset_password=True).create({
            "name": "Load Administrator", "login": "load.admin", "email": "load.admin@example.com",
            "group_ids": [(4, env.ref("portal_operations.group_portal_operations_admin").id)],
            "portal_development_ids": [(6, 0, development.ids)],
            "portal_notify_change_request": True,
        })
        portal = env.ref("base.group_portal")
        customers, others = [], []
        for n in range(sessions):
            cpf = cpf_of(123_456_000 + n)
            common = {
                "street": f"Rua das Flores, {100 + n}", "street2": "Centro", "city": "Campinas",
                "zip": "13010-100", "state_id": state.id, "country_id": brazil_country.id,
                "company_id": company.id,
            }
            customer = env["res.users"].with_context(no_reset_password=True).create({
                "name": f"Cliente Carga {n}", "login": f"load.customer.{n}", "password": PASSWORD,
                "email": f"load.customer.{n}@example.com", "group_ids": [(6, 0, portal.ids)],
            })
            customer.partner_id.write({
                **common, "vat": cpf, "mega_agent_code": f"LOAD{n:05d}", "mobile": f"(19) 98{n:03d}-0000",
            })
            env["realestate.contract"].create({
                "code": f"LOAD-{n}", "partner_id": customer.partner_id.id, "lot_id": lots[n].id,
                "company_id": company.id, "status": "active",
            })
            other = env["res.users"].with_context(no_reset_password=True).create({
                "name": f"Comprador Carga {n}", "login": f"load.other.{n}", "password": PASSWORD,
                "email": f"load.other.{n}@example.com", "group_ids": [(6, 0, portal.ids)],
            })
            other.partner_id.write({**common, "phone": f"(19) 3251-{n:04d}"})
            customers.append(customer.login)
            others.append(other.login)
    return customers, others


# ------------------------------------------------------------
# The server
# ------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(config, database, workers, smtp_port, log_path):
    port = free_port()
    launcher = os.path.join(os.path.dirname(sys.executable), "odoo")
    command = [launcher] if os.path.exists(launcher) else [sys.executable, "-m", "odoo"]
    command += [
        "server", f"--addons-path={REPOSITORY}", "-d", database, f"--db-filter=^{database}$",
        f"--workers={workers}", "--max-cron-threads=0", f"--http-port={port}",
        f"--gevent-port={free_port()}", "--http-interface=127.0.0.1", "--log-level=warn",
        f"--data-dir={config['data_dir']}", "--smtp=127.0.0.1", f"--smtp-port={smtp_port}",
        "--limit-time-real=600", "--limit-time-cpu=600", "--limit-request=100000",
    ]
    command += [f"--{name}={config[name]}" for name in DB_ARGS if config.get(name)]
    log = open(log_path, "w")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(240):
        try:
            if requests.get(f"{url}/web/login", timeout=120).status_code == 200:
                return server, url
        except (requests.ConnectionError, requests.Timeout):
            pass
        if server.poll() is not None:
            sys.exit(f"the server stopped: see {log_path}")
        time.sleep(0.5)
    server.terminate()
    sys.exit(f"the server did not answer: see {log_path}")


# ------------------------------------------------------------
# Sessions
# ------------------------------------------------------------


def login(url, user):
    session = requests.Session()
    page = lxml.html.fromstring(session.get(f"{url}/web/login", timeout=60).text)
    token = page.xpath("//input[@name='csrf_token']/@value")[0]
    response = session.post(f"{url}/web/login", data={
        "login": user, "password": PASSWORD, "csrf_token": token, "redirect": "/my",
    }, timeout=60)  # fmt: skip
    if "/web/login" in response.url:
        sys.exit(f"{user} could not log in")
    return session


def form_of(session, url, path, action):
    """The values the browser would post from the form of ``path`` posting to ``action``."""
    page = lxml.html.fromstring(session.get(f"{url}{path}", timeout=120).text)
    for form in page.forms:
        if (form.action or "").endswith(action):
            return dict(form.form_values())
    raise RuntimeError(f"no form posting to {action} on {path}")


def customer_post(session, url, mobile):
    values = form_of(session, url, "/my/personal-data", "/my/personal-data")
    values["mobile"] = mobile
    started = time.perf_counter()
    response = session.post(f"{url}/my/personal-data", data=values, allow_redirects=False, timeout=120)
    elapsed = time.perf_counter() - started
    ok = response.status_code in (302, 303) and "submitted=" in response.headers.get("Location", "")
    return elapsed, ok


def other_post(session, url, mobile):
    values = form_of(session, url, "/my/account", "/my/address/submit")
    values["phone"] = mobile
    started = time.perf_counter()
    response = session.post(f"{url}/my/address/submit", data=values, allow_redirects=False, timeout=120)
    elapsed = time.perf_counter() - started
    ok = response.status_code == 200 and "redirectUrl" in response.text and "messages" not in response.text
    return elapsed, ok


def run_round(url, sessions, post, posts, round_index, kind_index):
    def one_session(args):
        number, session = args
        results = []
        for n in range(posts):
            serial = (round_index * posts + n) % 10_000
            mobile = f"(19) 9{7 - kind_index}{number:03d}-{serial:04d}"
            results.append(post(session, url, mobile))
        return results

    started = time.perf_counter()
    with ThreadPoolExecutor(len(sessions)) as pool:
        results = [result for session_results in pool.map(one_session, enumerate(sessions))
                   for result in session_results]  # fmt: skip
    wall = time.perf_counter() - started
    return wall, [elapsed for elapsed, _ok in results], sum(not ok for _elapsed, ok in results)


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def deferred_work(database):
    """What the customers' POSTs left to the cron workers, which this server does not
    run: e-mails queued, and requests whose staff e-mail is still to be rendered (the
    column exists from 19.0.2.2.0)."""
    import odoo.sql_db  # noqa: PLC0415

    with odoo.sql_db.db_connect(database).cursor() as cr:
        cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")
        queued = cr.fetchone()[0]
        cr.execute("""SELECT count(*) FROM information_schema.columns
                       WHERE table_name = 'portal_change_request' AND column_name = 'staff_notification_due'""")
        due = "-"
        if cr.fetchone()[0]:
            cr.execute("SELECT count(*) FROM portal_change_request WHERE staff_notification_due")
            due = cr.fetchone()[0]
    return f"{queued} e-mails queued | {due} requests whose staff e-mail is to be rendered"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", required=True, help="a database with portal_operations installed")
    parser.add_argument("--database", required=True, help="the throwaway copy (dropped first)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4, help="rounds of each kind, alternating")
    parser.add_argument("--reuse", action="store_true", help="keep --database as it is (already populated)")
    args = parser.parse_args()

    config = configure(args.template, ["--db-filter=.*"])  # exp_drop lists every database
    print(f"{datetime.now():%Y-%m-%d %H:%M} | {platform.platform()} | {psutil.cpu_count()} cores | "
          f"load {psutil.getloadavg()[0]:.1f} | {args.sessions} sessions x {args.posts} posts | "
          f"{args.workers} workers | {args.rounds} rounds of each")  # fmt: skip
    if args.reuse:
        customers = [f"load.customer.{n}" for n in range(args.sessions)]
        others = [f"load.other.{n}" for n in range(args.sessions)]
    else:
        started = time.perf_counter()
        duplicate(args.template, args.database)
        customers, others = populate(args.database, args.sessions)
        print(f"database {args.database} made in {time.perf_counter() - started:.1f} s")

    sink = SmtpSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    log_path = os.path.join(tempfile.gettempdir(), f"bench_portal_load_{args.database}.log")
    server, url = start_server(config, args.database, args.workers, sink.server_address[1], log_path)
    try:
        kinds = [
            ("addon /my/personal-data (customers)", customer_post,
             [login(url, user) for user in customers]),
            ("Odoo /my/account (not customers)", other_post,
             [login(url, user) for user in others]),
        ]  # fmt: skip
        # a warm-up post per session (the workers load their caches and templates)
        for kind_index, (_label, post, sessions) in enumerate(kinds):
            run_round(url, sessions, post, 1, 9_000, kind_index)
        totals = {label: ([], 0.0, 0) for label, _post, _sessions in kinds}
        for round_index in range(args.rounds):
            for kind_index, (label, post, sessions) in enumerate(kinds):
                wall, latencies, errors = run_round(url, sessions, post, args.posts, round_index, kind_index)
                all_latencies, all_wall, all_errors = totals[label]
                all_latencies.extend(latencies)
                totals[label] = (all_latencies, all_wall + wall, all_errors + errors)
                print(f"  round {round_index + 1} {label:<38} {len(latencies) / wall:6.1f} POST/s | "
                      f"median {statistics.median(latencies):5.2f} s | p95 {p95(latencies):5.2f} s | "
                      f"errors {errors} | load {psutil.getloadavg()[0]:.1f}")  # fmt: skip
        rates = {}
        print("overall:")
        for label, (latencies, wall, errors) in totals.items():
            rates[label] = len(latencies) / wall
            print(f"  {label:<38} {rates[label]:6.1f} POST/s | median {statistics.median(latencies):5.2f} s | "
                  f"p95 {p95(latencies):5.2f} s | errors {errors}")  # fmt: skip
        addon, odoo_rate = rates.values()
        print(f"  ratio addon / Odoo: {addon / odoo_rate:.2f} (target >= 0.8) | mails accepted by the sink: "
              f"{sink.messages}")  # fmt: skip
        print(f"  left to the cron workers (not run here): {deferred_work(args.database)}")
    finally:
        server.terminate()
        server.wait(30)
        sink.shutdown()


if __name__ == "__main__":
    main()
