# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mega ERP SOAP contract, client and simulator (plain Python, no Odoo import)."""

__version__ = "19.0.1.0.0"
