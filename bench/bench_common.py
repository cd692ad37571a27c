# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the list benchmarks share: the bulk-SQL data of developments, customers and
contracts, the timing of a server call (median and p95, ORM cache emptied), and the
SQL and plan of one run."""

import argparse
import os
import platform
import random
import re
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import datetime

import psutil
import psycopg2
from faker import Faker

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPOSITORY)

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402
from odoo.sql_db import connection_info_for  # noqa: E402

import brazil_rules as brazil  # noqa: E402

SEED = 20260404
DEVELOPMENTS, BLOCKS, LOTS_PER_BLOCK = 5, 20, 50
WARMUPS, RUNS = 3, 20
TARGET_MS = 100


# ------------------------------------------------------------
# Data
# ------------------------------------------------------------


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


def vacuum_analyze(dbname, tables):
    """Statistics and visibility maps as autovacuum would leave them after the load."""
    connection = psycopg2.connect(**connection_info_for(dbname)[1])
    connection.autocommit = True
    with connection.cursor() as cr:
        for table in tables:
            cr.execute(f'VACUUM ANALYZE "{table}"')
    connection.close()


# ------------------------------------------------------------
# Measures
# ------------------------------------------------------------


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


def open_registry(database, model):
    odoo.tools.config.parse_config(
        ["-d", database, f"--addons-path={REPOSITORY}", "--log-level=warn"], setup_logging=True,
    )
    try:
        registry = Registry(database)
    except psycopg2.OperationalError as error:
        sys.exit(f"{error}\nCreate it as this script's docstring says (--help).")
    if model not in registry:
        sys.exit(f"portal_operations is not installed in {database}: see --help.")
    return registry


def run_list_benchmark(doc, model, default_requests, generate, run_measures):
    """The command line shared by the list benchmarks: generate ``--requests`` records of
    ``model`` with ``generate(env, count)`` (None when reused), then ``run_measures``."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--requests", type=int, default=default_requests)
    parser.add_argument("--quick", action="store_true", help="5,000 requests, for a smoke run")
    parser.add_argument("--no-sql", action="store_true", help="figures only, no queries or plans")
    args = parser.parse_args()
    requests = 5_000 if args.quick else args.requests

    print(f"{datetime.now():%Y-%m-%d %H:%M} | {platform.platform()} | {psutil.cpu_count()} cores | "
          f"{psutil.virtual_memory().total / 2**30:.0f} GB | Odoo {odoo.release.version} | "
          f"load {psutil.getloadavg()[0]:.1f}")  # fmt: skip
    registry = open_registry(args.database, model)
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
