# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Anonymisation of a former customer (LGPD Art. 16 and 18, IV): what identifies them
is replaced or cleared, the records stay for statistics (contracts, requests, their
dates and statuses). A customer with a contract in force or a change waiting for Mega
ERP keeps their data (Art. 16, I: legal and contractual obligations); what Mega ERP
holds is the ERP's to treat."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..constants import ADMIN_GROUP
from ..validation import FROM_ANONYMIZATION_CONTEXT

# A contract in one of these statuses binds the customer still.
CONTRACT_IN_FORCE = ("active", "defaulting")
# What identifies a partner, cleared on anonymisation (the name is replaced).
PARTNER_CLEARED_FIELDS = (
    "vat", "rg", "rg_issuer", "birth_date", "marital_status", "marriage_regime", "spouse_name",
    "spouse_cpf", "profession", "nationality", "email", "other_emails", "phone", "mobile",
    "zip", "street", "street2", "street_name", "street_number", "street_number2", "street_type",
    "district", "city", "city_id", "state_id", "website", "function", "comment", "ref",
    "company_registry", "image_1920",
)
# Free texts replaced on the records kept.
CHANGE_LINE_CLEARED_FIELDS = ("old_value", "requested_value", "corrected_value")


class PortalPrivacyAnonymizer(models.AbstractModel):
    _name = "portal.privacy.anonymizer"
    _description = "LGPD Anonymisation of a Former Customer"

    # ------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------

    @api.model
    def _refusal_reasons(self, customer):
        """Why ``customer`` may not be anonymised now (empty: they may)."""
        customer = customer.commercial_partner_id.sudo()
        reasons = []
        in_force = customer.realestate_contract_ids.filtered(lambda c: c.status in CONTRACT_IN_FORCE)
        if in_force:
            reasons.append(self.env._(
                "The customer has contracts in force: %(contracts)s.",
                contracts=", ".join(in_force.mapped("code")),
            ))
        changes = self.env["portal.change.request"].sudo().search([
            ("partner_id", "child_of", customer.id), "|", ("state", "=", "pending"),
            "&", ("state", "=", "approved"), ("sync_state", "in", ("to_sync", "error")),
        ])
        if changes:
            reasons.append(self.env._(
                "Registration changes wait for a decision or for Mega ERP: %(changes)s.",
                changes=", ".join(changes.mapped("name")),
            ))
        return reasons

    @api.model
    def _check_can_anonymize(self, customer):
        if not self.env.user.has_group(ADMIN_GROUP):
            raise AccessError(self.env._("Only administrators anonymise customers."))
        customer = customer.commercial_partner_id
        customer.check_access("read")
        companies = customer.sudo().realestate_contract_ids.company_id | customer.sudo().company_id
        if companies - self.env.user.company_ids:
            raise AccessError(self.env._("This customer belongs to a company you do not work in."))
        reasons = self._refusal_reasons(customer)
        if reasons:
            raise UserError(self.env._(
                "%(customer)s cannot be anonymised:\n%(reasons)s",
                customer=customer.commercial_partner_id.display_name, reasons="\n".join(reasons),
            ))

    # ------------------------------------------------------------
    # Anonymisation
    # ------------------------------------------------------------

    @api.model
    def _anonymize(self, customer):
        """Anonymise ``customer`` (and their contacts) after the guard."""
        self._check_can_anonymize(customer)
        customer = customer.commercial_partner_id.sudo()
        self._do_anonymize(customer)
        return True

    @api.model
    def _customer_records(self, customer):
        """The records of ``customer`` whose texts, threads and files are theirs."""
        partners = self.env["res.partner"].sudo().with_context(active_test=False).search(
            [("id", "child_of", customer.id)],
        )
        domain = [("partner_id", "in", partners.ids)]
        changes = self.env["portal.change.request"].sudo().with_context(active_test=False).search(domain)
        contacts = self.env["portal.contact.request"].sudo().search(domain)
        privacy = self.env["portal.privacy.request"].sudo().search(domain)
        return partners, changes, contacts, privacy

    @api.model
    def _do_anonymize(self, customer):
        partners, changes, contacts, privacy = self._customer_records(customer)
        placeholder = self.env._("(anonymised)")
        messages = self.env["mail.message"].sudo().search([
            "|", ("author_id", "in", partners.ids), "|", "|", "|",
            "&", ("model", "=", "res.partner"), ("res_id", "in", partners.ids),
            "&", ("model", "=", changes._name), ("res_id", "in", changes.ids),
            "&", ("model", "=", contacts._name), ("res_id", "in", contacts.ids),
            "&", ("model", "=", privacy._name), ("res_id", "in", privacy.ids),
        ])
        attachments = self.env["ir.attachment"].sudo().search([
            "|", ("id", "in", (messages.attachment_ids | contacts.attachment_ids).ids), "|", "|", "|",
            "&", ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            "&", ("res_model", "=", changes._name), ("res_id", "in", changes.ids),
            "&", ("res_model", "=", contacts._name), ("res_id", "in", contacts.ids),
            "&", ("res_model", "=", privacy._name), ("res_id", "in", privacy.ids),
        ])
        ctx = {"tracking_disable": True, "mail_notrack": True}
        # the records' texts
        changes.with_context(**ctx).line_ids.write(dict.fromkeys(CHANGE_LINE_CLEARED_FIELDS, False))
        changes.with_context(**ctx).write({"original_values": {}, "reject_reason": False, "sync_error": False})
        contacts.with_context(**ctx).write({"subject": placeholder, "message": f"<p>{placeholder}</p>"})
        contacts.opinion_ids.with_context(**ctx).write({"text": placeholder})
        privacy.with_context(**ctx).write({"description": False, "answer": placeholder})
        # the threads and files
        self.env["mail.tracking.value"].sudo().search([("mail_message_id", "in", messages.ids)]).unlink()
        self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)]).unlink()
        messages.write({"body": False, "subject": False, "email_from": False, "record_name": False,
                        "attachment_ids": [fields.Command.clear()]})
        attachments.unlink()
        # the persons
        users = self.env["res.users"].sudo().with_context(active_test=False).search(
            [("partner_id", "in", partners.ids)],
        )
        for user in users:
            user.with_context(**ctx).write({
                "login": f"anonymised-{user.id}", "active": False, "signature": False,
            })
        self.env["mail.blacklist"].sudo().search([("email", "in", [e for e in partners.mapped("email") if e])]).unlink()
        # No person types these values: the input rules of the personal data (required
        # CPF, address...) are not theirs to check. The date keeps Mega ERP's pull from
        # bringing the data back (sync/importer.py).
        now = fields.Datetime.now()
        for partner in partners:
            name = self.env._("Anonymised customer %(id)s", id=partner.id)
            partner.with_context(**ctx, **FROM_ANONYMIZATION_CONTEXT).write({
                **dict.fromkeys([f for f in PARTNER_CLEARED_FIELDS if f in partner._fields], False),
                "name": name, "active": partner == customer, "privacy_anonymized_date": now,
            })
        # the records stay readable with their new names
        self.env.invalidate_all()
        # the ratings stay, named after their anonymised request
        ratings = contacts.rating_ids.sudo()
        ratings.write({"feedback": False})
        ratings._compute_res_name()
        privacy.filtered(lambda p: p.request_type == "anonymization").write({"anonymized_date": now})
        customer.message_post(
            body=self.env._("Customer anonymised (LGPD) by %(user)s.", user=self.env.user.name),
            message_type="notification", subtype_xmlid="mail.mt_note",
        )
