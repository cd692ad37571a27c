# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the synchronization knows about the history of approved registration changes,
shared by the push (``exporter``) and the pull (``importer``).

A customer's approved changes (``portal.change.request`` with a ``sync_state``) reach
Mega ERP in the order of approval, and the last approved value always wins:

- a change sends only the fields that no later approved change of the customer
  carries (``lines_to_send``), so a change sent again late (corrected after a
  refusal) never brings back an older value;
- while the last approved change of a field is not accepted by the ERP, the pull
  keeps Odoo's value of that field (``fields_awaiting_erp``): the ERP's is older;
- what the ERP answered is recorded on the changes (``sync_succeeded``,
  ``sync_failed``), with the occurrences it posted on the contracts.
"""

from ..constants import ADMIN_GROUP

# Approved changes of one customer reach Mega ERP in this order (the order of approval).
APPROVAL_ORDER = "approval_sequence asc nulls first, date_decided, id"
OCCURRENCE_TYPE = "alteração cadastral"


def approved_history(env, partners):
    """The approved changes of ``partners`` sent, or to send, to Mega ERP, in the
    order of approval."""
    return env["portal.change.request"].sudo().search([
        ("partner_id", "in", partners.ids), ("state", "=", "approved"), ("sync_state", "!=", False),
    ], order=APPROVAL_ORDER)


def lines_to_send(requests):
    """{request: its lines to send to Mega ERP}: a field that a later approved change
    of the same customer carries (synchronized or still to send) is that change's to
    send, never this one's again, so an older value never overwrites a newer one. A
    change the ERP refused replaces nothing until it is corrected and accepted."""
    history = approved_history(requests.env, requests.partner_id)
    later_fields, result, wanted = {}, {}, set(requests.ids)
    for request in reversed(history):  # newest first
        taken = later_fields.setdefault(request.partner_id.id, set())
        if request.id in wanted:
            result[request] = request.line_ids.browse(
                [line.id for line in request.line_ids if line.field_name not in taken]
            )
        if request.sync_state != "error":
            taken.update(request.line_ids.mapped("field_name"))
    return result


def fields_awaiting_erp(env, partners):
    """{partner id: field names} whose last approved change Mega ERP has not accepted
    yet (to send, or refused): the pull keeps Odoo's value for them."""
    # only customers with a change not accepted yet: the others' history is long
    # and settled (a pull reads thousands of customers)
    unaccepted = env["portal.change.request"].sudo().search([
        ("partner_id", "in", partners.ids), ("state", "=", "approved"),
        ("sync_state", "in", ("to_sync", "error")),
    ])
    awaiting, seen = {}, set()
    for request in reversed(approved_history(env, unaccepted.partner_id)):  # newest first
        for line in request.line_ids:
            key = (request.partner_id.id, line.field_name)
            if key in seen:
                continue
            seen.add(key)
            if request.sync_state != "synced":
                awaiting.setdefault(request.partner_id.id, set()).add(line.field_name)
    return awaiting


def occurrence_description(request):
    """What the occurrence on the customer's contracts says, in the customer's
    language (the ERP's users read it)."""
    request.ensure_one()
    lang = request.partner_id.lang or "pt_BR"
    request_lang = request.with_context(lang=lang)
    return request_lang.env._(
        "Registration change %(name)s approved on the portal: %(fields)s.",
        name=request.name, fields=", ".join(request_lang.line_ids.rule_id.mapped("name")),
    )


def sync_succeeded(requests, occurrence_numbers):
    """The ERP took these changes; ``occurrence_numbers``: request -> {contract: ERP
    number}. Stored in a few queries for the whole batch."""
    env = requests.env
    Occurrence = env["realestate.contract.occurrence"].sudo()
    contracts = env["realestate.contract"].union(
        *(contract for numbers in occurrence_numbers.values() for contract in numbers)
    )
    known = {
        (occurrence.contract_id.id, occurrence.erp_number)
        for occurrence in Occurrence.search([("contract_id", "in", contracts.ids)])
    }
    values, notes = [], {}
    for request in requests:
        numbers = occurrence_numbers.get(request, {})
        description = occurrence_description(request)
        values += [
            {"contract_id": contract.id, "occurrence_type": OCCURRENCE_TYPE,
             "description": description, "date": request.date_decided, "erp_number": number}
            for contract, number in numbers.items() if (contract.id, number) not in known
        ]
        notes[request.id] = env._(
            "Sent to Mega ERP; occurrences: %(numbers)s.",
            numbers=", ".join(numbers.values()) or env._("none (no contract in force)"),
        )
    Occurrence.create(values)
    # The note below tells the story; tracking each request's state would double it.
    requests.sudo().with_context(tracking_disable=True).write({"sync_state": "synced", "sync_error": False})
    # Notes nobody is notified of: logged without message_post's recipients lookup.
    requests.sudo()._message_log_batch(notes)


def sync_failed(request, message, field=None):
    """The ERP refused the change (``field``: the ``res.partner`` field it named):
    staff are told and may correct it and send it again."""
    request.ensure_one()
    env = request.env
    label = env["portal.change.field.rule"]._get_rules(request.company_id).get(field)
    error = f"{label.name}: {message}" if label else (f"{field}: {message}" if field else message)
    request_sudo = request.sudo()
    request_sudo.write({"sync_state": "error", "sync_error": error})
    request_sudo.message_post(body=env._("Mega ERP refused this change: %(error)s", error=error))
    for admin in env["res.users"]._portal_operations_staff(request_sudo.development_ids, ADMIN_GROUP):
        request_sudo.activity_schedule(
            "mail.mail_activity_data_todo", user_id=admin.id,
            summary=env._("Mega ERP refused a registration change"), note=error,
        )
