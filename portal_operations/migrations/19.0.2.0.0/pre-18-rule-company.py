# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Registration field rules become per company: the existing rules are the main
company's, and every other company gets a copy with the same choices, so that an
upgrade changes no company's behaviour. Before the module update: the new unique
constraint is (field, company), and the update's own copies (for companies without
rules, reset to review) must find these first."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = 'main_company'
    """)
    row = cr.fetchone()
    if row:
        main_company_id = row[0]
    else:
        cr.execute("SELECT min(id) FROM res_company")
        main_company_id = cr.fetchone()[0]
    cr.execute("ALTER TABLE portal_change_field_rule ADD COLUMN IF NOT EXISTS company_id integer")
    cr.execute("ALTER TABLE portal_change_field_rule DROP CONSTRAINT IF EXISTS portal_change_field_rule_field_uniq")
    cr.execute(
        "UPDATE portal_change_field_rule SET company_id = %s WHERE company_id IS NULL",
        (main_company_id,),
    )
    cr.execute("""
        INSERT INTO portal_change_field_rule (
            name, field_id, field_name, section, sequence, rule, company_id,
            create_uid, create_date, write_uid, write_date
        )
        SELECT rule.name, rule.field_id, rule.field_name, rule.section, rule.sequence,
               rule.rule, company.id, rule.create_uid, rule.create_date, rule.write_uid,
               rule.write_date
          FROM portal_change_field_rule rule
          JOIN res_company company ON company.id != rule.company_id
         WHERE rule.company_id = %s
           AND NOT EXISTS (
                SELECT 1 FROM portal_change_field_rule other
                 WHERE other.company_id = company.id AND other.field_id = rule.field_id
           )
    """, (main_company_id,))
