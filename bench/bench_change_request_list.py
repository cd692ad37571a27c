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

import sys
import time
from datetime import timedelta

from bench_common import (  # puts the repository on sys.path, before odoo and mega_erp
    SEED,
    TARGET_MS,
    insert_contracts,
    insert_customers,
    insert_developments,
    measure,
    run_list_benchmark,
    show_sql,
    step,
    vacuum_analyze,
)
from lxml import etree

from odoo import Command, fields  # noqa: E402

import brazil_rules as brazil  # noqa: E402

MARKER = "portal_operations.bench_change_request_list"
REQUESTS_PER_CUSTOMER = 4
LINE_VARIANTS = 24  # sets of 1 to 3 changed fields, the request id modulo this picks one
MONTHS = 24
ADMIN_GROUP = "portal_operations.group_portal_operations_admin"
LIST_VIEW = "portal_operations.portal_change_request_view_list"
USERS = {"bench_admin_dev": "Administrator assigned to one development",
         "bench_admin_all": "Administrator without assignment"}  # fmt: skip
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
        vacuum_analyze(cr.dbname, BENCH_TABLES)
    return time.perf_counter() - started


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
                                  'street_name', 'Rua Barão de Jaguara', 'street_number', '1000',
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
        -- as the ORM computes it: developments other than the main one
        UPDATE portal_change_request q SET several_developments = TRUE
          FROM bench_request r
         WHERE q.id = r.id AND EXISTS (
                SELECT 1 FROM portal_change_request_realestate_development_rel rel
                 WHERE rel.portal_change_request_id = r.id
                   AND rel.realestate_development_id IS DISTINCT FROM r.development_id);
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


def main():
    run_list_benchmark(__doc__, "portal.change.request", 200_000, generate, run_measures)


if __name__ == "__main__":
    main()
