# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

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

    def _portal_contact_allowed_extensions(self):
        """The allowed extensions as a set of lower-case names without dots."""
        self.ensure_one()
        return {
            extension.strip().lower().lstrip(".")
            for extension in (self.portal_contact_allowed_extensions or "").split(",")
            if extension.strip()
        }
