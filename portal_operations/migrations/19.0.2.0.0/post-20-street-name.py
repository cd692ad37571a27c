# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After pre-20-street-name.py: a customer's city is also the ``res.city`` of that name
where the country has cities (l10n_br), and the customers whose street name or number
the database lost are read again from Mega ERP by the next synchronization (their
company's pull of agents starts from the beginning)."""

import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.portal_operations.models.res_city import city_key

_logger = logging.getLogger(__name__)


def _match_cities(env):
    customers = env["res.partner"].with_context(active_test=False).search(
        [("mega_agent_code", "!=", False), ("city_id", "=", False), ("city", "!=", False), ("state_id", "!=", False)]
    )
    index = {}
    for country in customers.country_id:
        index.update(env["res.city"]._portal_operations_index(country))
    for customer in customers:
        city_id = index.get((customer.state_id.id, city_key(customer.city)))
        if city_id:
            env.cr.execute("UPDATE res_partner SET city_id = %s WHERE id = %s", [city_id, customer.id])


def _refetch(env):
    cr = env.cr
    cr.execute(
        """UPDATE mega_backend SET watermark_agents = NULL
            WHERE company_id IN (SELECT DISTINCT company_id FROM res_partner WHERE portal_operations_refetch)"""
    )
    if cr.rowcount:
        _logger.warning(
            "portal_operations: %s Mega ERP connections will read every agent again at their next "
            "synchronization: some customers' street name or number was lost before this upgrade.",
            cr.rowcount,
        )
    cr.execute("ALTER TABLE res_partner DROP COLUMN IF EXISTS portal_operations_refetch")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _match_cities(env)
    _refetch(env)
