# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RealestateContractOccurrence(models.Model):
    """An event logged on a contract in Mega ERP (e.g. "alteração cadastral").

    Company: its contract's; staff see those of their allowed companies.
    """

    _name = "realestate.contract.occurrence"
    _description = "Contract Occurrence"
    _order = "date desc, id desc"
    _rec_name = "occurrence_type"

    contract_id = fields.Many2one(
        "realestate.contract", required=True, index=True, ondelete="cascade",
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, index=True)
    development_id = fields.Many2one(
        related="contract_id.development_id", store=True, index=True,
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    occurrence_type = fields.Char(string="Type", required=True)
    description = fields.Text()
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    erp_number = fields.Char(string="ERP Number", index=True, copy=False)

    _erp_number_contract_uniq = models.Constraint(
        "UNIQUE(contract_id, erp_number)",
        "This ERP occurrence is already recorded on the contract.",
    )
