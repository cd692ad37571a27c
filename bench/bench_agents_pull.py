# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of issue 27: the pull's agents step against the ORM's own batch create.

    python3 bench/bench_agents_pull.py --database syncbench_x [--agents 20000] [--rounds 2] [--quick] \\
        [--interleaved] [--repull]

The database must have ``portal_operations`` installed without demo data; each run adds
companies of its own (and their partners) to it, so use a throwaway one. A simulator of
``--agents`` agents runs in its own process (as the ERP would be).

In each round, alternating, on the same database and in the same process:

- **ORM**: the agents' pages, read from the simulator beforehand (not timed), are turned
  into the values the importer prepares (``AgentImporter._values``:
  ``mapping.partner_values``, cleaned, with the country, the company and the city) and
  created with ``res.partner.create``, one call per page, in the importer's context
  (``BULK_CONTEXT`` and ``FROM_ERP_CONTEXT``: the ERP's values are stored as sent and
  flagged by the stored ``mega_data_issue_codes``), committing after each page as the
  pull does. Only the creates and commits are timed.
- **pull**: the agents step of a first synchronization of a new company,
  ``Synchronizer._pull`` with ``AgentImporter`` as a run does it: pages fetched from the
  simulator in its background thread, looked up, compared, created, logged and
  committed.

Each side works in a company of its own, so both create the same partners. It prints
the partners/s of each side in each round, the totals and the ratio pull / ORM (issue
27's target: at least 0.9). With ``--interleaved`` it then measures the importer's own
work on the same pages (``import_page``, fetched beforehand) and the ORM's create, page
by page in turns: the load of a shared machine drifts over a minute, and this measure
sees both sides in the same seconds. With ``--repull``, each pull is followed by the
same agents sent again, unchanged (the watermark cleared): how fast a pull goes through
agents it already holds, and how many it writes. This is a benchmark: it prints, it asserts nothing.
"""

import argparse
import os
import platform
import sys
import time
from datetime import datetime

import psutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_mega_client import start_simulator  # noqa: E402
from bench_sync import environment, new_backend, open_registry  # noqa: E402

PAGE_SIZE = 1000


def read_pages(backend, agents):
    from odoo.addons.portal_operations.sync.client_cache import client_for  # noqa: PLC0415

    client = client_for(backend)
    pages = []
    while sum(map(len, pages)) < agents:
        page = client.list_page("agents", page=len(pages) + 1, page_size=PAGE_SIZE)
        pages.append(page.items)
        if len(pages) >= page.total_pages:
            break
    return pages


def orm_side(env, url, pages):
    """Seconds of the ORM's creates (and commits) of the pages' partners."""
    from odoo.addons.portal_operations.sync.importer import AgentImporter  # noqa: PLC0415

    backend = new_backend(env, "ORM create", url)
    run = env["mega.sync.run"].create({"backend_id": backend.id})
    importer = AgentImporter(backend, run)
    values = []
    for records in pages:
        lookups = importer._prepare_lookups(records)
        values.append([importer._values(record, lookups) for record in records])
    env.cr.commit()
    env.invalidate_all()
    Partner = importer.Model  # sudo, BULK_CONTEXT and FROM_ERP_CONTEXT, as the importer's
    started = time.perf_counter()
    created = 0
    for vals_list in values:
        created += len(Partner.create(vals_list))
        env.cr.commit()
    return created, time.perf_counter() - started


def pull_side(env, url, repull=False):
    """Seconds of the agents step of a first pull (``Synchronizer._pull``)."""
    from odoo.addons.portal_operations.sync.client_cache import client_for  # noqa: PLC0415
    from odoo.addons.portal_operations.sync.importer import AgentImporter  # noqa: PLC0415
    from odoo.addons.portal_operations.sync.synchronizer import Synchronizer  # noqa: PLC0415

    backend = new_backend(env, "agents pull", url)
    synchronizer = Synchronizer(backend)
    run = synchronizer._start_run()
    client = client_for(synchronizer.backend)
    client.list_page("agents", page=1, page_size=1)  # the WSDL read, outside the timing

    def timed_pull(run):
        """The agents step of ``run``, timed; the run is finished and committed."""
        def commit(processed=0):
            run._beat()
            synchronizer.env["ir.cron"]._commit_progress(processed)

        env.invalidate_all()
        started = time.perf_counter()
        synchronizer._pull(run, client, AgentImporter, commit)
        elapsed = time.perf_counter() - started
        run._finish("done")
        env.cr.commit()
        return elapsed

    elapsed = timed_pull(run)
    if repull:  # the same agents sent again, unchanged (the watermark cleared)
        synchronizer.backend.watermark_agents = False
        second = synchronizer._start_run()
        repull_time = timed_pull(second)
        print(f"  again      {run.agents_count} agents sent again unchanged in "
              f"{repull_time:6.1f}s | {run.agents_count / repull_time:6.0f}/s | {second.agents_count} written",
              flush=True)  # fmt: skip
    return run.agents_count, run.error_count, elapsed


def interleaved(env, url, pages):
    """Seconds of the ORM's create and of the importer's ``import_page``, page by page in
    turns (which one goes first alternates), each followed by its commit: the pull's
    own work on a page without the ERP's fetch, against the ORM's create of the same
    partners, in the same minute of the machine's load."""
    from odoo.addons.portal_operations.sync.importer import AgentImporter  # noqa: PLC0415
    from odoo.addons.portal_operations.sync.synchronizer import Synchronizer  # noqa: PLC0415

    orm_backend = new_backend(env, "ORM create", url)
    orm_importer = AgentImporter(orm_backend, env["mega.sync.run"].create({"backend_id": orm_backend.id}))
    values = []
    for records in pages:
        lookups = orm_importer._prepare_lookups(records)
        values.append([orm_importer._values(record, lookups) for record in records])
    synchronizer = Synchronizer(new_backend(env, "agents import", url))
    run = synchronizer._start_run()
    importer = AgentImporter(synchronizer.backend, run)
    env.cr.commit()
    env.invalidate_all()
    Partner = orm_importer.Model
    seconds = {"orm": 0.0, "pull": 0.0}
    counts = {"orm": 0, "pull": 0}

    def orm(number):
        counts["orm"] += len(Partner.create(values[number]))
        env.cr.commit()

    def pull(number):
        created, updated, __ = importer.import_page(pages[number])
        run._add_counts("agents", created + updated)
        counts["pull"] += created + updated
        run._beat()
        synchronizer.env["ir.cron"]._commit_progress(len(pages[number]))

    for number in range(len(pages)):
        for side in (("orm", "pull") if number % 2 == 0 else ("pull", "orm")):
            started = time.perf_counter()
            (orm if side == "orm" else pull)(number)
            seconds[side] += time.perf_counter() - started
    run._finish("done")
    env.cr.commit()
    return counts, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="with portal_operations installed, no demo data")
    parser.add_argument("--agents", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2, help="rounds of ORM then pull")
    parser.add_argument("--quick", action="store_true", help="2,000 agents, one round")
    parser.add_argument("--profile", help="write a cProfile of the pull side's last round to this file")
    parser.add_argument("--repull", action="store_true",
                        help="after each pull, the same agents again, unchanged (the watermark cleared)")
    parser.add_argument("--interleaved", action="store_true",
                        help="also the importer's pages (fetched beforehand) and the ORM's, in turns")
    args = parser.parse_args()
    agents, rounds = (2_000, 1) if args.quick else (args.agents, args.rounds)

    print(f"{datetime.now():%Y-%m-%d %H:%M} | {platform.platform()} | "
          f"{psutil.cpu_count()} cores | Python {platform.python_version()} | "
          f"load {psutil.getloadavg()[0]:.1f}")  # fmt: skip
    registry = open_registry(args.database)
    process, url = start_simulator(agents)
    totals = {"orm": [0, 0.0], "pull": [0, 0.0]}
    try:
        with environment(registry) as env:
            pages = read_pages(new_backend(env, "read pages", url), agents)
        for number in range(1, rounds + 1):
            with environment(registry) as env:
                count, seconds = orm_side(env, url, pages)
            totals["orm"][0] += count
            totals["orm"][1] += seconds
            print(f"round {number} ORM   {count} partners in {seconds:6.1f}s | {count / seconds:6.0f}/s | "
                  f"load {psutil.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
            with environment(registry) as env:
                if args.profile and number == rounds:
                    import cProfile  # noqa: PLC0415

                    profiler = cProfile.Profile()
                    count, errors, seconds = profiler.runcall(pull_side, env, url, args.repull)
                    profiler.dump_stats(args.profile)
                else:
                    count, errors, seconds = pull_side(env, url, args.repull)
            totals["pull"][0] += count
            totals["pull"][1] += seconds
            print(f"round {number} pull  {count} agents   in {seconds:6.1f}s | {count / seconds:6.0f}/s | "
                  f"{errors} errors | load {psutil.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
        if args.interleaved:
            with environment(registry) as env:
                counts, seconds = interleaved(env, url, pages)
            print(f"interleaved  ORM {counts['orm'] / seconds['orm']:6.0f} partners/s | importer, page by page "
                  f"{counts['pull'] / seconds['pull']:6.0f} agents/s | ratio "
                  f"{counts['pull'] / seconds['pull'] / (counts['orm'] / seconds['orm']):.3f}", flush=True)  # fmt: skip
    finally:
        process.terminate()
        process.wait(timeout=10)
    orm_rate = totals["orm"][0] / totals["orm"][1]
    pull_rate = totals["pull"][0] / totals["pull"][1]
    print(f"total        ORM {orm_rate:6.0f} partners/s | pull's agents step {pull_rate:6.0f} agents/s | "
          f"ratio {pull_rate / orm_rate:.3f} (target >= 0.9)")  # fmt: skip


if __name__ == "__main__":
    main()
