# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError


class ReportPrivacyExport(models.AbstractModel):
    """The readable export of ``/my/privacy/export?format=pdf``: the same values as the
    JSON file (``portal.privacy.export._prepare_export``), without the files' content.

    Odoo's ``/report/<format>/...`` routes render it with the user's rights: there a
    user gets their own data only."""

    _name = "report.portal_operations.report_privacy_export"
    _description = "LGPD Export (readable)"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].sudo().browse(docids).commercial_partner_id
        if not self.env.su:
            own = self.env.user.partner_id.commercial_partner_id
            if not self.env.user.share or partners != own:
                raise AccessError(self.env._("Only the customer downloads their own data."))
        Export = self.env["portal.privacy.export"]
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "exports": {partner.id: Export._prepare_export(partner) for partner in partners},
        }
