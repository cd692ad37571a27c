# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo hook: exactly what a first synchronization with the default Mega ERP simulator
brings (its seed-1 data, a tenth of its agents with legacy data), stored by the same
importers, so the demo and the simulator started by ``make run`` agree from the start. Key records get XML ids
(``demo_development_emp001``, ``demo_partner_agt0000001``…) for the other demo files."""

from .importer import IMPORTERS

# (model, Mega code field, XML id prefix) of the records the demo files refer to.
XMLID_PREFIXES = (
    ("realestate.development", "code", "demo_development"),
    ("res.partner", "mega_agent_code", "demo_partner"),
    ("realestate.contract", "code", "demo_contract"),
)


def load_master_data(backend):
    from mega_erp.simulator.demo_data import DEMO_LEGACY_RATE, DemoDataBuilder  # noqa: PLC0415 - demo only

    env = backend.env
    run = env["mega.sync.run"].sudo().create({"backend_id": backend.id, "trigger": "scheduled"})
    records = DemoDataBuilder(seed=1, legacy_rate=DEMO_LEGACY_RATE).build()
    for importer_class in IMPORTERS:
        items = records[importer_class.entity]
        created, updated, __ = importer_class(backend, run).import_page(items)
        run._add_counts(importer_class.entity, created + updated)
        backend[f"watermark_{importer_class.entity}"] = max(
            item.changed_at for item in items
        ).replace(tzinfo=None)
    run._finish("done")
    # Brazilian customers: what the demo writes them (protocols, approvals) is in pt_BR.
    env["res.partner"].with_context(active_test=False).search(
        [("mega_agent_code", "!=", False), ("lang", "in", (False, "en_US"))],
    ).write({"lang": "pt_BR", "tz": "America/Sao_Paulo"})
    xmlids = []
    for model, field, prefix in XMLID_PREFIXES:
        for record in env[model].with_context(active_test=False).search([(field, "!=", False)]):
            xmlids.append({
                "xml_id": f"portal_operations.{prefix}_{record[field].lower()}",
                "record": record, "noupdate": True,
            })
    env["ir.model.data"]._update_xmlids(xmlids)
