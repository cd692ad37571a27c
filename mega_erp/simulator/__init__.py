# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A simulated Mega ERP (spyne): ``python -m mega_erp.simulator --port 8799``."""

from .simulator import Simulator

__all__ = ["Simulator"]
