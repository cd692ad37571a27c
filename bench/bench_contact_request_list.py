# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of issue 13: the Fale Conosco list with 100,000 requests and the overdue
filter.

    python3 bench/bench_contact_request_list.py --database bench_contact \\
        [--requests 100000] [--quick] [--no-sql]

The database must exist with portal_operations installed (no demo data needed); this
command creates it when missing:

    odoo -d bench_contact --addons-path=<this repository> -i portal_operations \\
        --stop-after-init --log-level=warn

The first run fills it with bulk SQL, in one transaction: 5 developments (blocks,
lots), one customer per 4 requests and their contracts, 4 request types (7 days; 3 days;
7 days; no deadline) and the requests over the last 24 months: 3% pending, 2% read, 5%
observation, 60% resolved, 30% closed. Of the pending and read ones, those older than
their deadline have no public answer yet (overdue: about 4,500), the others got theirs
within 1 to 200 hours, as the answered ones; a third of these are rated. Two
administrators: one assigned to the first development, one without assignment. A
marker (``ir.config_parameter``) makes later runs reuse the data.

Then it times, as each administrator, what the server does for the list (target:
under 100 ms each): ``web_search_read`` with the fields of the list view (inherited
views included), limit 80 and the web client's ``count_limit``, without filter, with
*Overdue*, with *Overdue* and a development (search panel), with *Due in 24 h*, and a
protocol search; median and p95 of 20 runs after 3 warm-ups, the ORM cache emptied
before each run, the SQL and the plan of the main query. It prints, it asserts nothing.
"""

import argparse
import platform
import time
from datetime import datetime

import psutil
from bench_common import (  # puts the repository on sys.path, before odoo
    TARGET_MS,
    insert_contracts,
    insert_customers,
    insert_developments,
    measure,
    open_registry,
    show_sql,
    step,
    vacuum_analyze,
)
from lxml import etree

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, Command, api  # noqa: E402

MARKER = "portal_operations.bench_contact_request_list"
REQUESTS_PER_CUSTOMER = 4
MONTHS = 24
ADMIN_GROUP = "portal_operations.group_portal_operations_admin"
USERS = {"bench_fc_admin_dev": "Administrator assigned to one development",
         "bench_fc_admin_all": "Administrator without assignment"}  # fmt: skip
TYPES = [("Segunda via de boleto", 7), ("Dúvida sobre contrato", 3),
         ("Alteração de vencimento", 7), ("Outros", 0)]  # fmt: skip
BENCH_TABLES = ["res_partner", "realestate_contract", "realestate_lot", "portal_contact_request"]


# ------------------------------------------------------------
# Data
# ------------------------------------------------------------


def generate(env, requests):
    """Fill the database unless the marker says it is done; returns the seconds spent."""
    done = env["ir.config_parameter"].sudo().get_param(MARKER)
    if done:
        if int(done) != requests:
            raise SystemExit(f"{env.cr.dbname} holds {done} generated requests: use a fresh "
                             f"database for {requests}.")  # fmt: skip
        return None
    started = time.perf_counter()
    cr = env.cr
    cr.execute("SELECT setseed(0.13)")
    with step("developments, blocks, lots"):
        developments = insert_developments(cr)
    with step("customers"):
        customers = insert_customers(cr, max(requests // REQUESTS_PER_CUSTOMER, 10))
    with step("contracts"):
        insert_contracts(cr, customers, developments)
    with step("request types"):
        type_ids = [
            env["portal.contact.request.type"].create({"name": name, "sla_days": days}).id
            for name, days in TYPES
        ]
    with step("requests"):
        insert_requests(cr, requests, type_ids)
    with step("users, marker, commit"):
        create_users(env, developments[0])
        env["ir.config_parameter"].sudo().set_param(MARKER, str(requests))
        env.flush_all()
        cr.commit()
    with step("VACUUM ANALYZE"):
        vacuum_analyze(cr.dbname, BENCH_TABLES)
    return time.perf_counter() - started


def insert_requests(cr, count, type_ids):
    """``count`` requests over the last ``MONTHS`` months, ids in date order, each row
    written once with its stored deadline and first-answer columns."""
    cr.execute("SELECT count(*) FROM bench_customer")
    customers = cr.fetchone()[0]
    cr.execute("""
        CREATE TEMP TABLE bench_type ON COMMIT DROP AS
        SELECT t.id, t.sla_days, (row_number() OVER (ORDER BY t.id) - 1)::int AS idx
          FROM portal_contact_request_type t WHERE t.id = ANY(%(types)s);
        CREATE TEMP TABLE bench_request ON COMMIT DROP AS
        SELECT (SELECT COALESCE(max(id), 0) FROM portal_contact_request)
                   + row_number() OVER (ORDER BY r.registered) AS id,
               'FC' || to_char(r.registered, 'YYYY') || '/'
                   || lpad((row_number() OVER w)::text, 6, '0') AS name,
               r.*, c.id AS partner_id, k.id AS contract_id, k.development_id, k.block_id,
               t.id AS type_id,
               CASE WHEN t.sla_days > 0 THEN r.registered + t.sla_days * interval '1 day' END
                   AS deadline
          FROM (SELECT floor(random() * %(customers)s)::int AS customer_idx,
                       floor(random() * 4)::int AS type_idx,
                       (now() AT TIME ZONE 'UTC')
                           - random() * %(months)s * interval '1 month' AS registered,
                       random() AS draw, 1 + random() * 199 AS answer_hours, random() AS rated
                  FROM generate_series(1, %(count)s)) r
          JOIN bench_customer c ON c.idx = r.customer_idx
          JOIN LATERAL (SELECT id, development_id, block_id FROM realestate_contract
                         WHERE partner_id = c.id ORDER BY id LIMIT 1) k ON true
          JOIN bench_type t ON t.idx = r.type_idx
        WINDOW w AS (PARTITION BY to_char(r.registered, 'YYYY') ORDER BY r.registered);
        ALTER TABLE bench_request ADD COLUMN state varchar, ADD COLUMN answered timestamp;
        UPDATE bench_request SET state = CASE
            WHEN draw < 0.03 THEN 'pending' WHEN draw < 0.05 THEN 'read'
            WHEN draw < 0.10 THEN 'observation' WHEN draw < 0.70 THEN 'resolved'
            ELSE 'closed' END;
        -- waiting past the deadline: not answered yet (overdue); all others answered
        UPDATE bench_request SET answered = CASE
            WHEN state IN ('pending', 'read') AND deadline < (now() AT TIME ZONE 'UTC') THEN NULL
            WHEN registered + answer_hours * interval '1 hour' > (now() AT TIME ZONE 'UTC') THEN NULL
            ELSE registered + answer_hours * interval '1 hour' END;
        ANALYZE bench_request;
        INSERT INTO portal_contact_request (
            id, name, partner_id, type_id, contract_id, development_id, block_id, subject,
            message, state, is_pending, date, deadline, first_opinion_date, first_opinion_hours,
            first_answer_date, first_answer_hours, answered_in_time, sla_due_soon_escalated,
            sla_overdue_escalated, rating_last_value, company_id, create_uid, write_uid,
            create_date, write_date)
        SELECT r.id, r.name, r.partner_id, r.type_id, r.contract_id, r.development_id, r.block_id,
               'Segunda via do boleto ' || r.id,
               '<p>Preciso da segunda via do boleto, por favor.</p>',
               r.state, r.state = 'pending', r.registered, r.deadline,
               r.answered, CASE WHEN r.answered IS NOT NULL THEN r.answer_hours ELSE 0 END,
               r.answered, CASE WHEN r.answered IS NOT NULL THEN r.answer_hours ELSE 0 END,
               r.answered IS NOT NULL AND (r.deadline IS NULL OR r.answered <= r.deadline),
               r.answered IS NULL AND r.deadline < (now() AT TIME ZONE 'UTC') + interval '1 day',
               r.answered IS NULL AND r.deadline < (now() AT TIME ZONE 'UTC'),
               CASE WHEN r.answered IS NOT NULL AND r.rated < 0.33 THEN 1 + floor(r.rated * 15) ELSE 0 END,
               1, 1, 1, r.registered, r.registered
          FROM bench_request r
         ORDER BY r.id;
        SELECT setval('portal_contact_request_id_seq', (SELECT max(id) FROM portal_contact_request));
    """, {"customers": customers, "months": MONTHS, "count": count, "types": type_ids})  # fmt: skip


def create_users(env, development_id):
    group = env.ref(ADMIN_GROUP)
    for login, name in USERS.items():
        assigned = [development_id] if login == "bench_fc_admin_dev" else []
        env["res.users"].create({
            "login": login, "name": name, "group_ids": [Command.link(group.id)],
            "portal_development_ids": [Command.set(assigned)],
        })  # fmt: skip


# ------------------------------------------------------------
# Measures
# ------------------------------------------------------------


def list_specification(env, user):
    """What the web client asks for when it shows the list view to ``user``: the fields
    of the list view with its inherited views."""
    Request = env["portal.contact.request"].with_user(user)
    arch = Request.get_views([(False, "list")])["views"]["list"]["arch"]
    specification = {}
    for node in etree.fromstring(arch).iter("field"):
        field = Request._fields[node.get("name")]
        specification[field.name] = {"fields": {"display_name": {}}} if field.relational else {}
    return specification


def cases(env, user, development_id, protocol):
    """Label and call of each measure, as ``user``."""
    Request = env["portal.contact.request"].with_user(user)
    specification = list_specification(env, user)

    def search_list(domain):
        return lambda: Request.web_search_read(domain, specification, limit=80, count_limit=10001)

    return [
        ("list, no filter", search_list([])),
        ("list, Overdue", search_list([("is_overdue", "=", True)])),
        ("list, Overdue + development (search panel)",
         search_list([("is_overdue", "=", True), ("development_id", "=", development_id)])),
        ("list, Due in 24 h", search_list([("is_due_soon", "=", True)])),
        ("list, Pending + Overdue",
         search_list([("state", "=", "pending"), ("is_overdue", "=", True)])),
        ("protocol search", search_list([("name", "ilike", protocol)])),
    ]  # fmt: skip


def run_measures(env, show_queries):
    development_id = env["realestate.development"].search([("code", "=", "BENCH-1")]).id
    Request = env["portal.contact.request"]
    protocol = Request.search([], limit=1, order="id desc").name
    print(f"overdue: {Request.search_count([('is_overdue', '=', True)])} | "
          f"due in 24 h: {Request.search_count([('is_due_soon', '=', True)])} | "
          f"protocol searched: {protocol}")  # fmt: skip
    for login, description in USERS.items():
        user = env["res.users"].search([("login", "=", login)])
        print(f"\n== {description} ({login})")
        for label, call in cases(env, user, development_id, protocol):
            median, p95 = measure(env, call)
            verdict = "ok" if median < TARGET_MS else f"MISSED {TARGET_MS} ms"
            print(f"  {label:<44} median {median:7.1f} ms | p95 {p95:7.1f} ms | {verdict}")
            if show_queries:
                show_sql(env, call)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 requests, for a smoke run")
    parser.add_argument("--no-sql", action="store_true", help="figures only, no queries or plans")
    args = parser.parse_args()
    requests = 5_000 if args.quick else args.requests

    print(f"{datetime.now():%Y-%m-%d %H:%M} | {platform.platform()} | {psutil.cpu_count()} cores | "
          f"{psutil.virtual_memory().total / 2**30:.0f} GB | Odoo {odoo.release.version} | "
          f"load {psutil.getloadavg()[0]:.1f}")  # fmt: skip
    registry = open_registry(args.database, "portal.contact.request")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SHOW server_version")
        print(f"PostgreSQL {cr.fetchone()[0]} | database {args.database} | {requests} requests")
        elapsed = generate(env, requests)
        print(f"generated in {elapsed:.1f} s" if elapsed else "data already generated: reused")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        run_measures(env, show_queries=not args.no_sql)
        cr.rollback()


if __name__ == "__main__":
    main()
