# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import uuid

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..constants import CONTRACT_STATUSES


class RealestateContract(models.Model):
    """A sale contract of a lot to a customer (an agente), mirrored from Mega ERP.

    The customer reads it on the portal when both the contract and its development are
    published there (``visible_on_portal``).

    Company: its lot's; staff see those of their allowed companies (global rule).
    """

    _name = "realestate.contract"
    _description = "Sale Contract"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "signature_date desc, id desc"
    _rec_name = "code"
    # Its customer, development, block and lot belong to its company (or are shared).
    _check_company_auto = True

    # Made with the record: the read-only portal routes (a read replica may serve them)
    # never have to write one (portal.mixin would on first view, for the pager too).
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))
    code = fields.Char(string="Mega Code", required=True, index=True, copy=False, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
        check_company=True,
    )
    lot_id = fields.Many2one("realestate.lot", index=True, tracking=True, check_company=True)
    block_id = fields.Many2one(
        "realestate.block", compute="_compute_location", store=True, readonly=False,
        index=True, precompute=True, check_company=True,
    )
    development_id = fields.Many2one(
        "realestate.development", compute="_compute_location", store=True, readonly=False,
        required=True, index=True, precompute=True, check_company=True,
    )
    development_kind = fields.Selection(related="development_id.kind")
    partner_data_issues = fields.Text(related="partner_id.mega_data_issues", string="Customer data to review")
    status = fields.Selection(
        CONTRACT_STATUSES, required=True, default="active", index=True, tracking=True,
    )
    signature_date = fields.Date()
    visible_on_portal = fields.Boolean(default=True, tracking=True)
    is_published = fields.Boolean(
        string="Published on portal", compute="_compute_is_published", store=True, index=True,
        help="The customer sees this contract: it, its development and its block are visible on the portal.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    occurrence_ids = fields.One2many(
        "realestate.contract.occurrence", "contract_id", string="Occurrences",
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE(company_id, code)",
        "A contract with this Mega code already exists in this company.",
    )

    @api.depends("lot_id")
    def _compute_location(self):
        for contract in self.filtered("lot_id"):
            contract.block_id = contract.lot_id.block_id
            contract.development_id = contract.lot_id.development_id

    @api.depends("visible_on_portal", "development_id.visible_on_portal", "block_id.visible_on_portal")
    def _compute_is_published(self):
        for contract in self:
            contract.is_published = (
                contract.visible_on_portal and contract.development_id.visible_on_portal
                and (not contract.block_id or contract.block_id.visible_on_portal)
            )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
        return result

    @api.depends("code", "development_id", "lot_id")
    def _compute_display_name(self):
        for contract in self:
            parts = [contract.code, contract.development_id.name, contract.lot_id.name]
            contract.display_name = " - ".join(part for part in parts if part)

    @api.constrains("lot_id", "block_id", "development_id")
    def _check_location(self):
        for contract in self:
            if contract.lot_id and contract.lot_id.block_id != contract.block_id:
                raise ValidationError(self.env._(
                    "Contract %(code)s: the lot %(lot)s is not in the block %(block)s.",
                    code=contract.code, lot=contract.lot_id.name, block=contract.block_id.name,
                ))
            if contract.block_id and contract.block_id.development_id != contract.development_id:
                raise ValidationError(self.env._(
                    "Contract %(code)s: the block %(block)s is not in the development %(development)s.",
                    code=contract.code, block=contract.block_id.name,
                    development=contract.development_id.name,
                ))

    def _get_portal_domain(self, partner):
        """Contracts the customer ``partner`` reads on the portal."""
        return [
            ("partner_id", "child_of", partner.commercial_partner_id.id),
            ("is_published", "=", True),
        ]
