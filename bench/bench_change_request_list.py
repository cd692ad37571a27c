# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of issue 4: the review list of registration change requests and a CPF search.

    python3 bench/bench_change_request_list.py --database bench_approval \\
        [--requests 200000] [--quick] [--no-sql]

The database must exist with portal_operations installed (no demo data needed); this
command creates it when missing:

    odoo -d bench_approval --addons-path=<this repository> -i portal_operations \\
        --stop-after-init --log-level=warn

A database Odoo creates has the pg_trgm extension; one made with ``createdb`` needs
``CREATE EXTENSION pg_trgm`` before the install, or the trigram indexes are left out.

The first run fills it, in one transaction and with bulk SQL (the ORM would take hours
for 200,000 requests), with 5 developments (blocks, lots), one customer per 4 requests
(valid CPFs), their contracts and the requests over the last 24 months (5% pending, 70%
approved, 10% rejected, 10% inactive, 5% deleted; 1 to 3 lines each), plus two
Portal Operations administrators: one assigned to the first development, one without
assignment (sees all). A marker (``ir.config_parameter``) makes later runs reuse the
data; a different ``--requests`` needs a fresh database.

Then it times, as each administrator, what the server does when the list opens and when
someone searches a CPF (target of the issue: under 100 ms each): median and p95 of 20
runs after 3 warm-ups, the ORM cache emptied before each run. For each case it prints
the SQL executed and ``EXPLAIN (ANALYZE, BUFFERS)`` of the slowest query, with the
indexes the plan uses. This is a benchmark, not a test: it prints, it asserts nothing.
"""

import argparse
import os
import platform
import random
import re
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

import psutil
import psycopg2
from faker import Faker
from lxml import etree

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPOSITORY)

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, Command, api, fields  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402
from odoo.sql_db import connection_info_for  # noqa: E402

from mega_erp import brazil  # noqa: E402

SEED = 20260404
MARKER = "portal_operations.bench_change_request_list"
DEVELOPMENTS, BLOCKS, LOTS_PER_BLOCK = 5, 20, 50
REQUESTS_PER_CUSTOMER = 4
LINE_VARIANTS = 24  # sets of 1 to 3 changed fields, the request id modulo this picks one
MONTHS = 24
ADMIN_GROUP = "portal_operations.group_portal_operations_admin"
LIST_VIEW = "portal_operations.portal_change_request_view_list"
USERS = {"bench_admin_dev": "Administrator assigned to one development",
         "bench_admin_all": "Administrator without assignment"}  # fmt: skip
WARMUPS, RUNS = 3, 20
TARGET_MS = 100
BENCH_TABLES = [
    "res_partner", "realestate_contract", "realestate_lot", "portal_change_request",
    "portal_change_request_line", "portal_change_request_realestate_contract_rel",
    "portal_change_request_realestate_development_rel",
]  # fmt: skip


# ------------------------------------------------------------
# Data
# ------------------------------------------------------------


def generate(env, requests):
    """Fill the database unless the marker says it is done; returns the seconds spent."""
    done = env["ir.config_parameter"].sudo().get_param(MARKER)
    if done:
        if int(done) != requests:
            sys.exit(f"{env.cr.dbname} holds {done} generated requests: use a fresh "
                     f"database for {requests}.")  # fmt: skip
        return None
    started = time.perf_counter()
    cr = env.cr
    cr.execute("SELECT setseed(%s)", [SEED % 1000 / 1000])
    with step("developments, blocks, lots"):
        developments = insert_developments(cr)
    with step("customers"):
        customers = insert_customers(cr, max(requests // REQUESTS_PER_CUSTOMER, 10))
    with step("contracts"):
        insert_contracts(cr, customers, developments)
    with step("requests"):
        insert_requests(cr, requests)
    with step("lines, contracts and developments of the requests"):
        insert_request_relations(cr)
    with step("users, marker, commit"):
        create_users(env, developments[0])
        env["ir.config_parameter"].sudo().set_param(MARKER, str(requests))
        env.flush_all()
        cr.commit()
    with step("VACUUM ANALYZE"):
        vacuum_analyze(cr.dbname)
    return time.perf_counter() - started


@contextmanager
def step(label):
    started = time.perf_counter()
    yield
    print(f"  {label:<52} {time.perf_counter() - started:6.1f} s")


def insert_developments(cr):
    """5 developments, each with its blocks and lots; returns the development ids."""
    cr.execute("""
        INSERT INTO realestate_development (code, name, kind, city, state_code, visible_on_portal,
                                            active, company_id, create_uid, write_uid,
                                            create_date, write_date)
        SELECT 'BENCH-' || d, 'Bench Development ' || d, 'development', 'Campinas', 'SP', true,
               true, 1, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %s) d
        RETURNING id
    """, [DEVELOPMENTS])  # fmt: skip
    developments = sorted(row[0] for row in cr.fetchall())
    cr.execute("""
        INSERT INTO realestate_block (code, name, development_id, company_id, visible_on_portal,
                                      active, create_uid, write_uid)
        SELECT 'Q' || b, 'Quadra ' || b, d, 1, true, true, 1, 1
          FROM unnest(%s::int[]) d, generate_series(1, %s) b
    """, [developments, BLOCKS])  # fmt: skip
    cr.execute("""
        INSERT INTO realestate_lot (code, name, block_id, development_id, company_id, area, active,
                                    create_uid, write_uid)
        SELECT b.code || '-L' || l, 'Lote ' || l, b.id, b.development_id, 1, 250 + l, true, 1, 1
          FROM realestate_block b, generate_series(1, %s) l
         WHERE b.development_id = ANY(%s)
    """, [LOTS_PER_BLOCK, developments])  # fmt: skip
    return developments


def insert_customers(cr, count):
    """``count`` individuals with distinct valid CPFs (stored as digits, like the
    addon); returns their ids."""
    rng = random.Random(SEED)
    fake = Faker("pt_BR")
    fake.seed_instance(SEED)
    cpfs = set()
    while len(cpfs) < count:
        cpf = fake.ssn()
        if brazil.is_valid_cpf(cpf):
            cpfs.add(cpf)
    firsts = ["Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gisele", "Hugo", "Iara", "João"]
    lasts = ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Lima", "Costa", "Almeida"]
    names = [f"{rng.choice(firsts)} {rng.choice(lasts)} {rng.choice(lasts)} {n}"
             for n in range(count)]  # fmt: skip
    cr.execute("""
        INSERT INTO res_partner (id, commercial_partner_id, name, complete_name, vat, person_type,
                                 email, type, lang, active, is_company, partner_share, create_uid,
                                 write_uid, create_date, write_date)
        SELECT id, id, n, n, v, 'F', 'cliente' || i || '@example.com', 'contact', 'en_US', true,
               false, true, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM (SELECT nextval('res_partner_id_seq') AS id, n, v, i
                  FROM unnest(%s::varchar[], %s::varchar[]) WITH ORDINALITY AS t(n, v, i)) s
        RETURNING id
    """, [names, sorted(cpfs)])  # fmt: skip
    return sorted(row[0] for row in cr.fetchall())


def insert_contracts(cr, customers, developments):
    """One contract per customer, a second one in another development for one in ten;
    and a temporary table of the customers with their first development."""
    cr.execute("""
        CREATE TEMP TABLE bench_lot ON COMMIT DROP AS
        SELECT l.id, l.block_id, l.development_id,
               array_position(%s::int[], l.development_id) - 1 AS dev_idx,
               row_number() OVER (PARTITION BY l.development_id ORDER BY l.id) - 1 AS idx
          FROM realestate_lot l WHERE l.development_id = ANY(%s)
    """, [developments, developments])  # fmt: skip
    cr.execute("""
        CREATE TEMP TABLE bench_customer ON COMMIT DROP AS
        SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS idx FROM unnest(%s::int[]) id
    """, [customers])  # fmt: skip
    cr.execute("""
        INSERT INTO realestate_contract (code, partner_id, lot_id, block_id, development_id,
                                         company_id, status, signature_date, visible_on_portal,
                                         is_published, create_uid, write_uid)
        SELECT 'BENCH-' || c.idx || '-' || k, c.id, l.id, l.block_id, l.development_id,
               1, 'active', current_date - (c.idx %% 3000) - k * 400, true, true, 1, 1
          FROM bench_customer c
         CROSS JOIN LATERAL generate_series(1, CASE WHEN c.idx %% 10 = 0 THEN 2 ELSE 1 END) k
          JOIN bench_lot l ON l.dev_idx = (c.idx + k) %% %(developments)s
                          AND l.idx = (c.idx * 7 + k) %% %(lots)s
    """, {"developments": DEVELOPMENTS, "lots": BLOCKS * LOTS_PER_BLOCK})  # fmt: skip
    cr.execute("""
        ALTER TABLE bench_customer ADD COLUMN development_id int;
        UPDATE bench_customer c SET development_id = f.development_id
          FROM (SELECT DISTINCT ON (partner_id) partner_id, development_id
                  FROM realestate_contract WHERE code LIKE 'BENCH-%'
                 ORDER BY partner_id, signature_date, id) f
         WHERE f.partner_id = c.id;
        CREATE INDEX ON bench_customer (idx);
        ANALYZE bench_customer;
    """)  # fmt: skip


def insert_requests(cr, count):
    """``count`` requests over the last 24 months, ids in date order as in real life,
    each row written once (an UPDATE would double the table); kept in a temporary
    table for their lines and relations."""
    cr.execute("""
        CREATE TEMP TABLE bench_rule ON COMMIT DROP AS
        SELECT id, sequence, name->>'en_US' AS name,
               (row_number() OVER (ORDER BY id) - 1)::int AS idx
          FROM portal_change_field_rule;
        CREATE TEMP TABLE bench_line ON COMMIT DROP AS
        SELECT n, k, u.id AS rule_id, u.sequence, u.name
          FROM generate_series(0, %(variants)s - 1) n
         CROSS JOIN LATERAL generate_series(1, 1 + n %% 3) k
          JOIN bench_rule u ON u.idx = (n * 7 + k * 5) %% (SELECT count(*) FROM bench_rule);
    """, {"variants": LINE_VARIANTS})  # fmt: skip
    cr.execute("SELECT count(*) FROM bench_customer")
    customers = cr.fetchone()[0]
    cr.execute("""
        CREATE TEMP TABLE bench_request ON COMMIT DROP AS
        SELECT (SELECT COALESCE(max(id), 0) FROM portal_change_request)
                   + row_number() OVER (ORDER BY r.submitted) AS id,
               'ALT/' || to_char(r.submitted, 'YYYY') || '/'
                   || lpad((row_number() OVER w)::text, 6, '0') AS name,
               c.id AS partner_id, c.development_id, r.state, r.submitted, r.draw,
               p.name AS partner_name, p.vat, p.email
          FROM (SELECT floor(random() * %(customers)s)::int AS customer_idx,
                       (now() AT TIME ZONE 'UTC')
                           - random() * %(months)s * interval '1 month' AS submitted,
                       random() AS draw
                  FROM generate_series(1, %(count)s)) r0
         CROSS JOIN LATERAL (SELECT r0.*, CASE
                    WHEN r0.draw < 0.05 THEN 'pending' WHEN r0.draw < 0.75 THEN 'approved'
                    WHEN r0.draw < 0.85 THEN 'rejected' WHEN r0.draw < 0.95 THEN 'inactive'
                    ELSE 'deleted' END AS state) r
          JOIN bench_customer c ON c.idx = r.customer_idx
          JOIN res_partner p ON p.id = c.id
        WINDOW w AS (PARTITION BY to_char(r.submitted, 'YYYY') ORDER BY r.submitted);
        ANALYZE bench_request;
        INSERT INTO portal_change_request (
            id, name, partner_id, development_id, company_id, state, sync_state, date_submitted,
            decided_by_id, date_decided, reject_reason, has_corrections,
            auto_approved, original_values, create_uid, write_uid, create_date, write_date)
        SELECT r.id, r.name, r.partner_id, r.development_id, 1, r.state,
               CASE WHEN r.state = 'approved' THEN CASE WHEN r.submitted > now() - interval '2 days'
                    THEN 'to_sync' ELSE 'synced' END END,
               r.submitted,
               CASE WHEN r.state IN ('approved', 'rejected') THEN 2 END,
               CASE WHEN r.state IN ('approved', 'rejected')
                    THEN r.submitted + interval '1 day' END,
               CASE WHEN r.state = 'rejected' THEN 'Documento ilegível; envie novamente.' END,
               false, false,
               jsonb_build_object('name', r.partner_name, 'vat', r.vat, 'email', r.email,
                                  'person_type', 'F', 'phone', '(19) 3232-1010',
                                  'mobile', '(19) 99876-5432', 'zip', '13010-100',
                                  'street', 'Rua Barão de Jaguara', 'street_number', '1000',
                                  'district', 'Centro', 'city', 'Campinas', 'state_id', '',
                                  'marital_status', 'married', 'profession', 'Engenheira'),
               1, 1, r.submitted, r.submitted
          FROM bench_request r
         ORDER BY r.id;
        SELECT setval('portal_change_request_id_seq', (SELECT max(id) FROM portal_change_request));
    """, {"customers": customers, "months": MONTHS, "count": count,
          "variants": LINE_VARIANTS})  # fmt: skip


def insert_request_relations(cr):
    """Lines, contracts and developments of the generated requests."""
    cr.execute("""
        INSERT INTO portal_change_request_line (request_id, rule_id, sequence, old_value,
                                                requested_value, is_corrected, create_uid,
                                                write_uid, create_date, write_date)
        SELECT r.id, l.rule_id, l.sequence, 'Valor anterior ' || l.k, 'Valor pedido ' || l.k,
               false, 1, 1, r.submitted, r.submitted
          FROM bench_request r JOIN bench_line l ON l.n = r.id %% %(variants)s
         ORDER BY r.id, l.k;
        INSERT INTO portal_change_request_realestate_contract_rel
        SELECT r.id, k.id FROM bench_request r
          JOIN realestate_contract k ON k.partner_id = r.partner_id;
        INSERT INTO portal_change_request_realestate_development_rel
        SELECT DISTINCT r.id, k.development_id FROM bench_request r
          JOIN realestate_contract k ON k.partner_id = r.partner_id;
    """, {"variants": LINE_VARIANTS})  # fmt: skip


def create_users(env, development_id):
    group = env.ref(ADMIN_GROUP)
    for login, name in USERS.items():
        assigned = [development_id] if login == "bench_admin_dev" else []
        env["res.users"].create({
            "login": login,
            "name": name,
            "group_ids": [Command.link(group.id)],
            "portal_development_ids": [Command.set(assigned)],
        })  # fmt: skip


def vacuum_analyze(dbname):
    """Statistics and visibility maps as autovacuum would leave them after the load."""
    connection = psycopg2.connect(**connection_info_for(dbname)[1])
    connection.autocommit = True
    with connection.cursor() as cr:
        for table in BENCH_TABLES:
            cr.execute(f'VACUUM ANALYZE "{table}"')
    connection.close()


# ------------------------------------------------------------
# Measures
# ------------------------------------------------------------


def list_specification(env, user):
    """What the web client asks for when it shows the list view to ``user``."""
    Request = env["portal.change.request"]
    specification = {}
    for node in etree.fromstring(env.ref(LIST_VIEW).arch).iter("field"):
        if node.get("groups") and not user.has_groups(node.get("groups")):
            continue
        field = Request._fields[node.get("name")]
        specification[field.name] = {"fields": {"display_name": {}}} if field.relational else {}
    return specification


def cases(env, user, development_id, customer):
    """Label and call of each measure, as ``user``."""
    Request = env["portal.change.request"].with_user(user)
    Partner = env["res.partner"].with_user(user)
    specification = list_specification(env, user)
    recent = ("date_submitted", ">=", fields.Datetime.now() - timedelta(days=30))
    pending = [("state", "=", "pending"), recent]
    cpf = customer.vat
    formatted = brazil.format_cpf_cnpj(cpf)
    typed_name = customer.name.split(" ", 1)[1]  # surnames and number, no first name

    def search_list(domain):
        return lambda: Request.web_search_read(domain, specification, limit=80, count_limit=10001)

    return [
        ("review list, development_ids",
         search_list([*pending, ("development_ids", "in", [development_id])])),
        ("review list, search panel development_id",
         search_list([*pending, ("development_id", "=", development_id)])),
        ("search panel counters", lambda: Request.search_panel_select_range(
            "development_id", enable_counters=True, search_domain=pending)),
        ("CPF search, 11 digits", search_list([("partner_id.cpf_cnpj", "ilike", cpf)])),
        ("CPF search, formatted", search_list([("partner_id.cpf_cnpj", "ilike", formatted)])),
        ("CPF search, first 6 digits", search_list([("partner_id.cpf_cnpj", "ilike", cpf[:6])])),
        ("Customer field search, CPF", search_list([("partner_id", "ilike", cpf)])),
        ("customer name_search, CPF", lambda: Partner.name_search(cpf, limit=8)),
        ("customer name_search, name", lambda: Partner.name_search(typed_name, limit=8)),
    ]  # fmt: skip


def measure(env, call):
    """Median and p95 in ms of ``RUNS`` calls after ``WARMUPS``, cache emptied before each."""
    timings = []
    for run in range(WARMUPS + RUNS):
        env.invalidate_all()
        started = time.perf_counter()
        call()
        if run >= WARMUPS:
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


@contextmanager
def captured_sql(cr):
    """The queries ``cr`` executes in the block, as (ms, text)."""
    queries = []
    execute = cr.execute

    def recording_execute(query, params=None, log_exceptions=True):
        started = time.perf_counter()
        try:
            return execute(query, params, log_exceptions)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            queries.append((elapsed, cr.mogrify(query, params).decode()))

    cr.execute = recording_execute
    try:
        yield queries
    finally:
        del cr.execute


def show_sql(env, call):
    """Print the queries of one run and the plan of the main one (the costliest to the
    planner), with its index use."""
    env.invalidate_all()
    with captured_sql(env.cr) as queries:
        call()
    for elapsed, text in queries:
        print(f"      [{elapsed:6.2f} ms] {short_sql(text)}")
    total = sum(elapsed for elapsed, _text in queries)
    print(f"      {len(queries)} queries, {total:.1f} ms in PostgreSQL; the rest is Python")
    main_query = max((planned_cost(env.cr, text), text) for _elapsed, text in queries)[1]
    env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + main_query)
    plan = [row[0] for row in env.cr.fetchall()]
    print("      EXPLAIN (ANALYZE, BUFFERS) of the main query:")
    for line in plan:
        print(f"        {line}")
    print(f"      -> {index_use(plan)}")


def short_sql(text):
    """The query on one line, a long select list cut to its first column."""
    text = " ".join(text.split())
    return re.sub(r"^SELECT (\S+), (.{80,}?) FROM ", r"SELECT \1, … FROM ", text)


def planned_cost(cr, text):
    cr.execute("EXPLAIN (FORMAT JSON) " + text)
    return cr.fetchone()[0][0]["Plan"]["Total Cost"]


def index_use(plan):
    text = "\n".join(plan)
    scans = r"Index (?:Only )?Scan(?: Backward)? (?:using|on) (\S+)"
    indexes = sorted(set(re.findall(scans, text)))
    seq_scans = sorted(set(re.findall(r"Seq Scan on (\S+)", text)))
    return f"indexes: {', '.join(indexes) or 'none'} | seq scans: {', '.join(seq_scans) or 'none'}"


def run_measures(env, show_queries):
    development_id = env["realestate.development"].search([("code", "=", "BENCH-1")]).id
    customer = env["res.partner"].search(
        [("realestate_contract_ids.development_id", "=", development_id)], limit=1, order="id desc",
    )
    results = []
    for login, description in USERS.items():
        user = env["res.users"].search([("login", "=", login)])
        print(f"\n== {description} ({login}); customer CPF {customer.vat}")
        for label, call in cases(env, user, development_id, customer):
            median, p95 = measure(env, call)
            verdict = "ok" if median < TARGET_MS else f"MISSED {TARGET_MS} ms"
            print(f"  {label:<42} median {median:7.1f} ms | p95 {p95:7.1f} ms | {verdict}")
            results.append((login, label, median, p95))
            if show_queries:
                show_sql(env, call)
    return results


# ------------------------------------------------------------
# Main
# ------------------------------------------------------------


def open_registry(database):
    odoo.tools.config.parse_config(
        ["-d", database, f"--addons-path={REPOSITORY}", "--log-level=warn"], setup_logging=True,
    )
    try:
        registry = Registry(database)
    except psycopg2.OperationalError as error:
        sys.exit(f"{error}\nCreate it as this script's docstring says (--help).")
    if "portal.change.request" not in registry:
        sys.exit(f"portal_operations is not installed in {database}: see --help.")
    return registry


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="5,000 requests, for a smoke run")
    parser.add_argument("--no-sql", action="store_true", help="figures only, no queries or plans")
    args = parser.parse_args()
    requests = 5_000 if args.quick else args.requests

    print(f"{datetime.now():%Y-%m-%d %H:%M} | {platform.platform()} | {psutil.cpu_count()} cores | "
          f"{psutil.virtual_memory().total / 2**30:.0f} GB | Odoo {odoo.release.version} | "
          f"load {psutil.getloadavg()[0]:.1f}")  # fmt: skip
    registry = open_registry(args.database)
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
