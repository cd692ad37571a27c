# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each personal-data rule gets the kind of value it holds (its data file is noupdate,
so the upgrade does not set it): the kinds the rules of 19.0.1 checked by field name."""

VALUE_KINDS = {
    "person_type": "choice",
    "vat": "cpf_cnpj",
    "birth_date": "past_date",
    "marital_status": "choice",
    "marriage_regime": "choice",
    "spouse_cpf": "cpf",
    "email": "email",
    "other_emails": "email_list",
    "phone": "phone",
    "mobile": "mobile",
    "zip": "cep",
    "street_type": "street_type",
    "state_id": "choice",
}


def migrate(cr, version):
    for field_name, kind in VALUE_KINDS.items():
        cr.execute(
            "UPDATE portal_change_field_rule SET value_kind = %s WHERE field_name = %s",
            (kind, field_name),
        )
    # other date, selection and many2one fields a company added: by their type
    cr.execute("""
        UPDATE portal_change_field_rule rule
           SET value_kind = CASE field.ttype WHEN 'date' THEN 'date' ELSE 'choice' END
          FROM ir_model_fields field
         WHERE field.id = rule.field_id AND field.ttype IN ('date', 'selection', 'many2one')
           AND rule.value_kind = 'text'
    """)
