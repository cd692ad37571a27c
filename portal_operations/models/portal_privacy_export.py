# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Everything the portal holds about a customer (LGPD Art. 18, II and V; Art. 19):
``/my/privacy/export?format=json`` (machine-readable, with the files) and
``?format=pdf`` (the report ``portal_operations.report_privacy_export``, readable).

What the customer reads is what the export holds: no record of another customer, no
internal note, no staff-only field (review notes, sync errors, tokens, staff's ids)."""

import base64
import json
import logging

from odoo import api, fields, models
from odoo.tools import html2plaintext

_logger = logging.getLogger(__name__)

# The customer's registration data, in the order of the portal's Dados Pessoais.
PERSONAL_FIELDS = (
    "name", "person_type", "vat", "rg", "rg_issuer", "birth_date", "marital_status",
    "marriage_regime", "spouse_name", "spouse_cpf", "profession", "nationality", "email",
    "other_emails", "phone", "mobile", "zip", "street_type", "street_name", "street_number",
    "street_number2", "district", "city", "state_id", "country_id", "lang",
)
EXPORT_FORMAT_VERSION = 1


class PortalPrivacyExport(models.AbstractModel):
    """Builds the export of one customer; every method reads with sudo what belongs to
    the customer given, and only that: the caller (the portal route) decides who the
    customer is."""

    _name = "portal.privacy.export"
    _description = "LGPD Export of a Customer's Data"

    # ------------------------------------------------------------
    # Values
    # ------------------------------------------------------------

    @api.model
    def _field_value(self, record, name):
        """A field's value as the customer reads it: selections by label, relations by
        name, dates in ISO 8601."""
        field = record._fields[name]
        value = record[name]
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value) if value else None
        if field.type in ("many2one",):
            return value.display_name or None
        if field.type in ("date", "datetime"):
            return value.isoformat() if value else None
        if field.type == "boolean":
            return bool(value)
        return value or None

    @api.model
    def _label(self, record, name):
        return record._fields[name]._description_string(self.env)

    @api.model
    def _prepare_customer(self, customer):
        return {
            name: self._field_value(customer, name) for name in PERSONAL_FIELDS
            if name in customer._fields
        } | {
            "mega_agent_code": customer.mega_agent_code or None,
            "mega_data_issues": customer.mega_data_issues or None,
        }

    @api.model
    def _prepare_contracts(self, customer):
        contracts = customer.realestate_contract_ids.sorted(lambda c: (c.signature_date or fields.Date.today(), c.id))
        return [{
            "code": contract.code,
            "development": contract.development_id.name or None,
            "block": contract.block_id.name or None,
            "lot": contract.lot_id.name or None,
            "status": self._field_value(contract, "status"),
            "signature_date": self._field_value(contract, "signature_date"),
        } for contract in contracts]

    @api.model
    def _customer_records(self, model, customer, order):
        """``customer``'s records of ``model``, their contacts' included (sudo: the export
        is the customer's own data, gathered by staff or by the customer's own request)."""
        return self.env[model].sudo().search([("partner_id", "child_of", customer.id)], order=order)

    @api.model
    def _prepare_change_requests(self, customer):
        requests = self._customer_records("portal.change.request", customer, order="date_submitted, id")
        return [{
            "number": change.name,
            "date_submitted": self._field_value(change, "date_submitted"),
            "state": self._field_value(change, "state"),
            "date_decided": self._field_value(change, "date_decided"),
            "reject_reason": change.reject_reason or None,
            "changes": [{
                "field": line.rule_id.name or line.field_name,
                "original": line.old_display or None,
                "requested": line.requested_display or None,
                "corrected": line.corrected_display if line.is_corrected else None,
            } for line in change.line_ids],
        } for change in requests]

    @api.model
    def _public_messages(self, record):
        """The messages of ``record``'s thread the customer reads on the portal."""
        return record.message_ids.filtered(
            lambda message: message.message_type in ("comment", "email")
            and not message.is_internal and not message.subtype_id.internal
        ).sorted(lambda message: (message.date, message.id))

    @api.model
    def _prepare_messages(self, record):
        return [{
            "date": self._field_value(message, "date"),
            "author": message.author_id.display_name or None,
            "body": html2plaintext(message.body or "").strip() or None,
            "attachments": message.attachment_ids.mapped("name"),
        } for message in self._public_messages(record)]

    @api.model
    def _contact_attachments(self, contact):
        return (contact.attachment_ids | self._public_messages(contact).attachment_ids).sorted("id")

    @api.model
    def _prepare_contact_requests(self, customer):
        requests = self._customer_records("portal.contact.request", customer, order="date, id")
        values = []
        for contact in requests:
            rating = contact._get_answer_rating()
            values.append({
                "protocol": contact.name,
                "date": self._field_value(contact, "date"),
                "type": contact.type_id.name,
                "contract": contact.contract_id.code or None,
                "development": contact.development_id.name or None,
                "subject": contact.subject,
                "message": html2plaintext(contact.message or "").strip(),
                "status": self._field_value(contact, "portal_state"),
                "opinions": [{
                    "date": self._field_value(opinion, "date"),
                    "status": self._field_value(opinion, "state"),
                    "text": opinion.text,
                } for opinion in contact.opinion_ids.filtered(lambda o: not o.internal).sorted(
                    lambda o: (o.date, o.id))],
                "messages": self._prepare_messages(contact),
                "rating": {"score": int(rating.rating), "feedback": rating.feedback or None}
                if rating else None,
                "attachments": [{
                    "id": attachment.id, "name": attachment.name, "mimetype": attachment.mimetype,
                    "size": attachment.file_size,
                } for attachment in self._contact_attachments(contact)],
            })
        return values

    @api.model
    def _prepare_privacy_requests(self, customer):
        requests = self._customer_records("portal.privacy.request", customer, order="date, id")
        return [{
            "protocol": privacy.name,
            "type": self._field_value(privacy, "request_type"),
            "date": self._field_value(privacy, "date"),
            "deadline": self._field_value(privacy, "deadline"),
            "state": self._field_value(privacy, "state"),
            "description": privacy.description or None,
            "answer": privacy.answer or None,
            "answered_on": self._field_value(privacy, "first_answer_date"),
        } for privacy in requests]

    @api.model
    def _prepare_consents(self, customer):
        return {
            "email_blacklisted": bool(customer.is_blacklisted),
            "portal_invited": bool(customer.mega_portal_invited),
        }

    @api.model
    def _prepare_change_log(self, customer):
        """Who changed what in the customer's registration data (tracked fields that no
        group restricts: the customer reads what anyone may read)."""
        messages = customer.message_ids.filtered("tracking_value_ids").sorted(lambda m: (m.date, m.id))
        return [{
            "date": self._field_value(message, "date"),
            "author": message.author_id.display_name or None,
            "field": tracking.field_id.field_description,
            "old": self._tracking_display(tracking, new=False),
            "new": self._tracking_display(tracking, new=True),
        } for message in messages
            for tracking in message.sudo().tracking_value_ids._filter_free_field_access()]

    @api.model
    def _tracking_display(self, tracking, new):
        value = tracking._format_display_value(tracking.field_id.ttype, new=new)[0]
        return value.isoformat() if hasattr(value, "isoformat") else value if value not in (False, "") else None

    @api.model
    def _prepare_export(self, customer):
        """The export of ``customer`` (a commercial partner) without the files' content,
        in the language of ``self``'s context."""
        customer = customer.commercial_partner_id.with_env(self.env).sudo()
        company = customer.company_id or customer.realestate_contract_ids[:1].company_id or self.env.company
        return {
            "format_version": EXPORT_FORMAT_VERSION,
            "generated_at": fields.Datetime.now().isoformat(),
            "controller": {"name": company.name, "vat": company.vat or None},
            "customer": self._prepare_customer(customer),
            "contracts": self._prepare_contracts(customer),
            "change_requests": self._prepare_change_requests(customer),
            "contact_requests": self._prepare_contact_requests(customer),
            "privacy_requests": self._prepare_privacy_requests(customer),
            "consents": self._prepare_consents(customer),
            "change_log": self._prepare_change_log(customer),
        }

    # ------------------------------------------------------------
    # Files
    # ------------------------------------------------------------

    @api.model
    def _write_json(self, customer, out):
        """Write the JSON export to the binary file ``out``, the files' content
        (base64) one at a time: memory stays flat whatever the number of files."""
        values = self._prepare_export(customer)
        contacts = values.pop("contact_requests")
        body = json.dumps(values, ensure_ascii=False, indent=1)
        out.write(body[:-2].encode())  # without the closing "\n}"
        out.write(b',\n "contact_requests": [')
        Attachment = self.env["ir.attachment"].sudo()
        for index, contact in enumerate(contacts):
            files = contact.pop("attachments")
            text = json.dumps(contact, ensure_ascii=False)
            out.write((", " if index else "").encode() + text[:-1].encode() + b', "attachments": [')
            for file_index, file_values in enumerate(files):
                attachment = Attachment.browse(file_values["id"])
                item = {**file_values, "content_base64": base64.b64encode(attachment.raw or b"").decode()}
                out.write((", " if file_index else "").encode() + json.dumps(item).encode())
                attachment.invalidate_recordset(["raw", "datas"])
            out.write(b"]}")
        out.write(b"]\n}\n")

    @api.model
    def _log_download(self, customer, export_format):
        """Record the download in the customer's history (staff read it there)."""
        customer = customer.commercial_partner_id.sudo()
        _logger.info("LGPD export (%s) of partner %s by user %s", export_format, customer.id, self.env.uid)
        customer.message_post(
            body=self.env._(
                "The customer downloaded their personal data (%(format)s) from the portal.",
                format=export_format.upper(),
            ),
            message_type="notification", subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
