# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

APPROVAL_MODES = [
    ("administrator", "By an administrator"),
    ("automatic", "Automatic"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    portal_show_contracts = fields.Boolean(
        string="Contracts on the portal", default=True,
        help="Customers see their sale contracts under My Account on the portal.",
    )
    change_approval_mode = fields.Selection(
        APPROVAL_MODES, string="Registration changes approval", required=True,
        default="administrator",
        help="By an administrator: changes asked by customers wait for review, except the "
        "fields approved at once. Automatic: every change not locked is applied and sent "
        "to Mega ERP at once.",
    )
    portal_contact_max_attachment_mb = fields.Integer(
        string="Fale Conosco: maximum attachment size (MB)", default=10,
        help="Largest file a customer may attach to a Fale Conosco request on the portal.",
    )
    portal_contact_allowed_extensions = fields.Char(
        string="Fale Conosco: allowed file types",
        default="pdf,jpg,jpeg,png,gif,doc,docx,odt,xls,xlsx,ods,txt,csv",
        help="File name extensions customers may attach to a Fale Conosco request, "
        "separated by commas.",
    )

    mega_sync_interval = fields.Integer(
        string="Synchronize every (minutes)", default=60,
        help="How often this company's portal and its Mega ERP are brought in step "
        "(e.g. 60: hourly; 1440: daily). Each company has its own scheduled action.",
    )

    _mega_sync_interval_positive = models.Constraint(
        "CHECK(mega_sync_interval > 0)", "The synchronization interval must be at least one minute.",
    )

    def write(self, vals):
        result = super().write(vals)
        if {"mega_sync_interval", "name"} & set(vals):  # the jobs carry both
            backends = self.env["mega.backend"].sudo().with_context(active_test=False).search([
                ("company_id", "in", self.ids),
            ])
            backends._update_crons()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # each company decides how its customers' changes are approved
        self.env["portal.change.field.rule"]._create_missing_company_rules(companies)
        return companies

    def _portal_contact_allowed_extensions(self):
        """The allowed extensions as a set of lower-case names without dots."""
        self.ensure_one()
        return {
            extension.strip().lower().lstrip(".")
            for extension in (self.portal_contact_allowed_extensions or "").split(",")
            if extension.strip()
        }

    def _portal_operations_demo_localize(self, state_id):
        """Demo: the company is in the Brazilian state ``state_id``, counts in reais and
        accounts in Brazil. With ``account`` installed first, a company that gets Brazil
        as its country keeps the fiscal country it had (the United States for Odoo's
        first company), which Odoo's Brazilian portal forms (l10n_br) follow; its currency
        stays once it has journal items (Odoo refuses to change it, so the demo does not
        set these through the XML record, whose loading follows the country's onchange)."""
        state = self.env["res.country.state"].browse(state_id)
        self.write({"state_id": state.id, "country_id": state.country_id.id})
        brl = self.env.ref("base.BRL")
        for company in self:
            has_journal_items = "account.move.line" in self.env and self.env["account.move.line"].sudo().search_count(
                [("company_id", "=", company.id)], limit=1,
            )
            if company.currency_id != brl and not has_journal_items:
                company.currency_id = brl
            if "account_fiscal_country_id" in self._fields:
                company.account_fiscal_country_id = company.country_id
