# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The address moves to Odoo's own model (base_address_extended, issue 20).

Before 19.0.2.0.0 a customer kept the ERP's street name in ``street``, the number in the
addon's own ``street_number`` and the complement in ``street2``. base_address_extended
(a new dependency, installed just before this script runs where it was not yet) splits
``street`` into ``street_name``, ``street_number`` and ``street_number2`` and, where
l10n_br already had it installed, made ``street`` of the number alone. Here each
customer's address is put back as the ERP gave it: street name, number, complement, and
the district on the address's second line; the rules and change requests follow the
fields' new names. What the database no longer holds is read again from Mega ERP by the
next synchronization (see post-20-street-name.py).
"""

import logging

_logger = logging.getLogger(__name__)

# A change request's field: old name -> new name
RENAMED = {"street": "street_name", "street2": "street_number2"}


def _field_id(cr, name):
    cr.execute("SELECT id FROM ir_model_fields WHERE model = 'res.partner' AND name = %s", [name])
    row = cr.fetchone()
    return row and row[0]


def _move_rules(cr):
    for old, new in RENAMED.items():
        old_id, new_id = _field_id(cr, old), _field_id(cr, new)
        if old_id and new_id:
            cr.execute(
                "UPDATE portal_change_field_rule SET field_id = %s, field_name = %s WHERE field_id = %s",
                [new_id, new, old_id],
            )
    cr.execute(
        """UPDATE portal_change_request
              SET original_values = (original_values - 'street' - 'street2')
                  || jsonb_strip_nulls(jsonb_build_object(
                        'street_name', original_values -> 'street',
                        'street_number2', original_values -> 'street2'))
            WHERE original_values ?| ARRAY['street', 'street2']"""
    )


def _move_addresses(cr):
    """Each customer's address as the ERP gave it. ``portal_operations_refetch`` (a
    column the post script drops) marks those whose street name or number this
    database no longer holds, for the next synchronization to read them again."""
    cr.execute("ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS portal_operations_refetch boolean")
    # the complement was street2
    cr.execute("UPDATE res_partner SET street_number2 = street2 WHERE mega_agent_code IS NOT NULL")
    # where l10n_br was installed, ``street`` became the number alone: the name is lost
    cr.execute(
        """UPDATE res_partner SET portal_operations_refetch = TRUE
             WHERE mega_agent_code IS NOT NULL
               AND COALESCE(street_name, '') = '' AND COALESCE(street_number, '') != ''"""
    )
    # elsewhere ``street`` still is the ERP's street name. base_address_extended, when it
    # was installed with this upgrade, made the number of what ``street`` ends with (most
    # often nothing): such a number is no customer's, the ERP sends the real one again.
    cr.execute(
        """UPDATE res_partner
               SET street_name = street,
                   street_number = NULL,
                   portal_operations_refetch = TRUE
             WHERE mega_agent_code IS NOT NULL AND portal_operations_refetch IS NOT TRUE
               AND (COALESCE(street_number, '') = ''
                    OR RIGHT(SPLIT_PART(street, ' - ', 1), LENGTH(street_number) + 1) = ' ' || street_number)"""
    )
    cr.execute(
        """UPDATE res_partner SET street_name = street
             WHERE mega_agent_code IS NOT NULL AND portal_operations_refetch IS NOT TRUE"""
    )
    # the district is the address's second line; Odoo's street is made of its parts
    cr.execute(
        """UPDATE res_partner
               SET street2 = district,
                   street = NULLIF(CONCAT_WS(' - ',
                       NULLIF(TRIM(CONCAT_WS(' ', street_name, street_number)), ''),
                       NULLIF(street_number2, '')), '')
             WHERE mega_agent_code IS NOT NULL"""
    )
    _logger.info("portal_operations: %s customers' addresses moved to base_address_extended", cr.rowcount)


def migrate(cr, version):
    if not version:
        return
    _move_rules(cr)
    _move_addresses(cr)
