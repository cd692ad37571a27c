# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of issue 26: the LGPD export (``/my/privacy/export?format=json``) of a
customer with 1,000 messages and 100 attachments (target: under 5 s, memory flat).

    python3 bench/bench_privacy_export.py --database <db with portal_operations> \\
        [--messages 1000] [--attachments 100] [--size-kb 200]

In one transaction rolled back at the end: a customer with a contract, 20 Fale Conosco
requests sharing the messages (public comments of the customer and of the company, one
in five an internal note, which the export leaves out) and the attachments (random
bytes of ``--size-kb`` each). Then it times ``portal.privacy.export._write_json`` into
a spooled temporary file, as the route does, 5 runs after a warm-up, the ORM cache
emptied before each, and the peak of Python memory (``tracemalloc``) of one run against
the size of the file: the files' content is written one at a time. It prints, it
asserts nothing.
"""

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc

from bench_common import open_registry  # puts the repository on sys.path, before odoo

from odoo import SUPERUSER_ID, api  # noqa: E402

REQUESTS = 20
RUNS = 5


def generate(env, messages, attachments, size_kb):
    development = env["realestate.development"].create({"code": "BENCH-LGPD", "name": "Bench LGPD"})
    block = env["realestate.block"].create({"code": "BENCH-LGPD-Q", "name": "Q", "development_id": development.id})
    lot = env["realestate.lot"].create({"code": "BENCH-LGPD-L", "name": "L", "block_id": block.id})
    customer = env["res.partner"].create({
        "name": "Bench LGPD", "person_type": "F", "vat": "52998224725", "mega_agent_code": "BENCH-LGPD",
        "email": "bench.lgpd@example.com.br",
    })
    contract = env["realestate.contract"].create({"code": "BENCH-LGPD-C", "partner_id": customer.id, "lot_id": lot.id})
    request_type = env["portal.contact.request.type"].create({"name": "Bench LGPD"})
    contacts = env["portal.contact.request"].create([{
        "partner_id": customer.id, "type_id": request_type.id, "contract_id": contract.id,
        "subject": f"Pedido {n}", "message": f"<p>Mensagem do pedido {n}</p>",
    } for n in range(REQUESTS)])
    comment = env.ref("mail.mt_comment").id
    note = env.ref("mail.mt_note").id
    env["mail.message"].create([{
        "model": contacts._name, "res_id": contacts[n % REQUESTS].id, "message_type": "comment",
        "subtype_id": note if n % 5 == 4 else comment,
        "author_id": customer.id if n % 2 else env.company.partner_id.id,
        "body": f"<p>Mensagem {n}: {'texto ' * 40}</p>",
    } for n in range(messages)])
    env["ir.attachment"].create([{
        "name": f"arquivo-{n}.pdf", "raw": os.urandom(size_kb * 1024), "res_model": contacts._name,
        "res_id": contacts[n % REQUESTS].id,
    } for n in range(attachments)])
    for contact in contacts:
        contact.attachment_ids = env["ir.attachment"].search([
            ("res_model", "=", contacts._name), ("res_id", "=", contact.id),
        ])
    env.flush_all()
    return customer


def run_once(env, customer):
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as out:
        env["portal.privacy.export"]._write_json(customer, out)
        return out.tell()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--attachments", type=int, default=100)
    parser.add_argument("--size-kb", type=int, default=200)
    args = parser.parse_args()
    registry = open_registry(args.database, "portal.privacy.request")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True})
        started = time.perf_counter()
        customer = generate(env, args.messages, args.attachments, args.size_kb)
        print(f"generated {args.messages} messages, {args.attachments} files of {args.size_kb} KB "
              f"in {time.perf_counter() - started:.1f} s")
        run_once(env, customer)  # warm-up
        timings = []
        for __ in range(RUNS):
            env.invalidate_all()
            started = time.perf_counter()
            size = run_once(env, customer)
            timings.append(time.perf_counter() - started)
        env.invalidate_all()
        tracemalloc.start()
        run_once(env, customer)
        __, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"export: {size / 2**20:.1f} MB | median {statistics.median(timings):.2f} s | "
              f"max {max(timings):.2f} s (target: under 5 s) | Python memory peak {peak / 2**20:.1f} MB")
        cr.rollback()


if __name__ == "__main__":
    main()
