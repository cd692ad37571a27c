# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the synchronization with Mega ERP (issue 6).

    python3 bench/bench_sync.py --database syncbench_x [--quick]

The database must have ``portal_operations`` installed without demo data; each run
adds companies of its own to it, so use a throwaway database. Two measures, each
against a simulator in its own process (as the ERP would be, so that its CPU is not
counted in the Odoo process):

(a) push: approved change requests of customers with one contract in force each, sent
    by ``mega.backend._run_sync()`` (``sync.synchronizer``; pull switched off; the client was built by the
    setup's pull, as in a running server), and the same ``UpdateAgent`` +
    ``CreateOccurrence`` pairs sent by a bare zeep loop, half before and half after
    the sync, each half against a fresh simulator state; both rates and their ratio.
(b) pull: the first synchronization of a new company with a simulator of 50,000
    agents (and their contracts): records/s overall and per entity, and the RSS of
    this process (the Odoo process) before, at its peak and after. It runs first, so
    that its RSS figures start from a fresh process.
(c) push during another company's pull (issue 22): company B's first full pull (50,000
    agents) runs in one thread, as in one cron thread; meanwhile an approval in company
    A is sent by A's push job in another thread (the second cron thread): the time from
    the approval's commit to the end of the push, and how far B's pull went meanwhile.
    The cron thread's wake-up (a PostgreSQL notification) is not counted.
"""

import argparse
import os
import platform
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

import psutil
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench_mega_client import PeakRss, start_simulator  # noqa: E402

from mega_erp.soap import BINDING, build_zeep_client  # noqa: E402

CREDENTIALS = {"username": "mega", "password": "mega"}
# Customers with one contract in force: about 64% of the simulator's agents (80% have
# one contract, 80% of the contracts are in force), so generate enough of them.
AGENTS_PER_ONE_CONTRACT_CUSTOMER = 1.75


def open_registry(database):
    from odoo.tools import config  # noqa: PLC0415 - Odoo is configured first

    config.parse_config(
        ["-d", database, "--addons-path", ROOT, "--log-level", "warn"], setup_logging=True
    )
    from odoo.modules.module import initialize_sys_path  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    initialize_sys_path()
    return Registry(database)


@contextmanager
def environment(registry):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


def new_backend(env, label, url):
    """A company of its own with its Mega connection: a first synchronization."""
    company = env["res.company"].create({"name": f"Bench {label} {datetime.now():%Y%m%d %H%M%S}"})
    backend = env["mega.backend"].create({
        "name": f"Mega ERP ({label})", "company_id": company.id,
        "wsdl_url": f"{url}?wsdl", "endpoint_url": url, **CREDENTIALS,
        "timeout": 30, "retries": 2, "page_size": 1000, "push_on_approval": False,
    })
    env.cr.commit()
    return backend


def customers_with_one_contract(env, backend, count):
    """``count`` customers of the backend's company with exactly one contract, in force."""
    from odoo.addons.portal_operations.sync.exporter import (  # noqa: PLC0415
        CONTRACT_STATUSES_IN_FORCE,
    )

    groups = env["realestate.contract"]._read_group(
        [("company_id", "=", backend.company_id.id)], ["partner_id"], ["status:array_agg"],
    )
    partners = env["res.partner"].browse(sorted(
        partner.id for partner, statuses in groups
        if len(statuses) == 1 and statuses[0] in CONTRACT_STATUSES_IN_FORCE
    )[:count])
    if len(partners) < count:
        sys.exit(f"Only {len(partners)} customers with one contract in force: more agents needed.")
    return partners


def approve_changes(env, partners):
    """One approved request per customer, as ``_submit`` makes them when the company
    approves registration changes automatically (no e-mail to staff and customer,
    which would time the mail queue rather than the synchronization)."""
    partners.company_id.change_approval_mode = "automatic"
    Request = env["portal.change.request"]
    for partner in partners:
        email = f"bench.{partner.mega_agent_code.lower()}@example.com.br"
        Request._submit(partner, {"email": email})
    env.cr.commit()


def bench_push(registry, count):
    from odoo.addons.portal_operations.sync.change_history import occurrence_description  # noqa: PLC0415
    from odoo.addons.portal_operations.sync.synchronizer import Synchronizer  # noqa: PLC0415

    process, url = start_simulator(int(count * AGENTS_PER_ONE_CONTRACT_CUSTOMER))
    try:
        with environment(registry) as env:
            backend = new_backend(env, "push", url)
            backend._run_sync()  # the customers and their contracts
            partners = customers_with_one_contract(env, backend, count)
            started = time.perf_counter()
            approve_changes(env, partners)
            print(f"setup        {count} requests submitted and approved in "
                  f"{time.perf_counter() - started:.1f}s")  # fmt: skip
            calls = [
                (partner.mega_agent_code, partner.email, partner.realestate_contract_ids.code,
                 occurrence_description(partner.change_request_ids),
                 partner.change_request_ids.date_decided)
                for partner in partners
            ]
            # The bare loop runs half before the sync and half after it, each against a
            # fresh simulator state, so that drifts in the machine's load hit both alike.
            half = len(calls) // 2
            bare_time = bare_zeep_loop(url, calls[:half])
            with patch.object(Synchronizer, "_pull", lambda *args: None):
                started = time.perf_counter()
                run = backend._run_sync()
                sync_time = time.perf_counter() - started
            if run.state != "done" or run.pushed_count != count:
                sys.exit(f"Push run {run.state}: {run.pushed_count} of {count} sent")
        bare_time += bare_zeep_loop(url, calls[half:])
    finally:
        process.terminate()
        process.wait(timeout=10)
    sync_rate, bare_rate = count / sync_time, count / bare_time
    print(f"push         {count} requests | sync {sync_rate:6.1f}/s ({sync_time:.1f}s) | "
          f"bare zeep {bare_rate:6.1f}/s ({bare_time:.1f}s) | "
          f"ratio {sync_rate / bare_rate:.3f}")  # fmt: skip


def bare_zeep_loop(url, calls):
    """The same ERP calls, one after the other, with nothing else to do."""
    requests.post(f"{url}_admin/reset", timeout=30).raise_for_status()
    client = build_zeep_client(
        f"{url}?wsdl", session=requests.Session(), guarded=False, **CREDENTIALS
    )
    service = client.create_service(BINDING, url)
    started = time.perf_counter()
    for index, (code, email, contract_code, description, date) in enumerate(calls):
        service.UpdateAgent(
            agent={"code": code, "email": email}, idempotencyKey=f"bare:{index}:agent"
        )
        service.CreateOccurrence(
            contractCode=contract_code, occurrenceType="alteração cadastral",
            description=description, occurredAt=date, idempotencyKey=f"bare:{index}:occurrence",
        )
    return time.perf_counter() - started


def bench_pull(registry, agents):
    from odoo.addons.portal_operations.sync.synchronizer import Synchronizer  # noqa: PLC0415

    timings = {}
    original_pull = Synchronizer._pull

    def timed_pull(synchronizer, run, client, importer_class, commit):
        started = time.perf_counter()
        original_pull(synchronizer, run, client, importer_class, commit)
        timings[importer_class.entity] = time.perf_counter() - started

    process, url = start_simulator(agents)
    try:
        with environment(registry) as env:
            backend = new_backend(env, "pull", url)
            env.invalidate_all()
            with patch.object(Synchronizer, "_pull", timed_pull), PeakRss() as rss:
                started = time.perf_counter()
                run = backend._run_sync()
                elapsed = time.perf_counter() - started
            after = psutil.Process().memory_info().rss
            counts = {entity: run[f"{entity}_count"] for entity in timings}
            state, errors = run.state, run.error_count
    finally:
        process.terminate()
        process.wait(timeout=10)
    total = sum(counts.values())
    print(f"pull         run {state}, {errors} errors | {total} records in {elapsed:.1f}s | "
          f"{total / elapsed:6.0f} records/s")  # fmt: skip
    for entity, seconds in timings.items():
        print(f"  {entity:<12} {counts[entity]:>6} in {seconds:6.1f}s | "
              f"{counts[entity] / seconds:6.0f} records/s")  # fmt: skip
    issue_count = counts["agents"] + counts["contracts"]
    issue_time = timings["agents"] + timings["contracts"]
    print(f"  agents + contracts {issue_count} in {issue_time:.1f}s | "
          f"{issue_count / issue_time:6.0f} records/s")  # fmt: skip
    print(f"  RSS          before {rss.start / 2**20:.0f} MB | peak {rss.peak / 2**20:.0f} MB "
          f"(+{rss.growth_mb:.0f}) | after {after / 2**20:.0f} MB")  # fmt: skip


def bench_push_during_pull(registry, agents):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    process_a, url_a = start_simulator(40)
    process_b, url_b = start_simulator(agents)
    try:
        with environment(registry) as env:
            backend_a = new_backend(env, "push during pull", url_a)
            backend_a._run_sync()  # A's customers
            partner = customers_with_one_contract(env, backend_a, 1)
            backend_b = new_backend(env, "pull beside a push", url_b)
            backend_b_id = backend_b.id

        def pull_of_b():  # the first cron thread
            with registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})["mega.backend"].browse(backend_b_id)._cron_sync()

        pull = threading.Thread(target=pull_of_b, name="cron-pull")
        pull.start()
        with environment(registry) as env:
            runs = env["mega.sync.run"]
            while not runs.search_count([("backend_id", "=", backend_b_id), ("agents_count", ">", 0)]):
                time.sleep(0.2)  # B is pulling its customers
                env.cr.rollback()  # a new snapshot: B's progress, committed since
            started = time.perf_counter()
            approve_changes(env, partner.with_env(env))  # committed: what the approval triggers runs now
            backend_a.with_env(env)._cron_push()  # the second cron thread
            latency = time.perf_counter() - started
            request = partner.with_env(env).change_request_ids[:1]
            env.invalidate_all()
            run_b = runs.search([("backend_id", "=", backend_b_id)], limit=1)
            b_state, b_records = run_b.state, sum(run_b[f"{entity}_count"] for entity in (
                "developments", "blocks", "lots", "agents", "contracts"))
            print(f"push during another company's pull | 1 approval {request.sync_state} in {latency:.2f}s | "
                  f"the other pull {b_state} at {b_records} records then", flush=True)  # fmt: skip
        pull.join()
        with environment(registry) as env:
            run_b = env["mega.sync.run"].search([("backend_id", "=", backend_b_id)], limit=1)
            pull_time = (run_b.date_end - run_b.date_start).total_seconds()
    finally:
        for process in (process_a, process_b):
            process.terminate()
            process.wait(timeout=10)
    print(f"  the other company's pull ended in {pull_time:.0f}s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="with portal_operations installed, no demo data")
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke run")
    parser.add_argument("--skip-pull", action="store_true", help="measure the push only")
    parser.add_argument("--skip-push", action="store_true", help="measure the pull only")
    parser.add_argument("--skip-push-during-pull", action="store_true",
                        help="skip the push latency during another company's pull")
    args = parser.parse_args()
    if not args.database:  # e.g. ``make bench``, which gives no database
        print("bench_sync.py skipped: give --database NAME (portal_operations, no demo data)")
        return
    requests_count, agents = (200, 2_000) if args.quick else (2_000, 50_000)

    print(f"{datetime.now():%Y-%m-%d %H:%M} | {platform.platform()} | "
          f"{psutil.cpu_count()} cores | {psutil.virtual_memory().total / 2**30:.0f} GB | "
          f"Python {platform.python_version()}")  # fmt: skip
    registry = open_registry(args.database)
    if not args.skip_pull:  # first: its RSS figures start from a fresh process
        bench_pull(registry, agents)
    if not args.skip_push:
        bench_push(registry, requests_count)
    if not args.skip_push_during_pull:
        bench_push_during_pull(registry, agents)


if __name__ == "__main__":
    main()
