# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``portal.change.request.several_developments`` (issue 27: the record rules read a
request's main development unless it has others) is filled in SQL before the module
update, which then finds the column and computes nothing: at a million requests the
ORM would recompute each one. True when the request's developments are not exactly its
main development (the rules read the developments' relation for those); the others
are left empty, which reads as False (no rewrite of every row)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE portal_change_request ADD COLUMN IF NOT EXISTS several_developments boolean")
    cr.execute("""
        UPDATE portal_change_request request
           SET several_developments = TRUE
         WHERE EXISTS (
                SELECT 1 FROM portal_change_request_realestate_development_rel rel
                 WHERE rel.portal_change_request_id = request.id
                   AND rel.realestate_development_id IS DISTINCT FROM request.development_id
               )
            OR (request.development_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM portal_change_request_realestate_development_rel rel
                 WHERE rel.portal_change_request_id = request.id
                   AND rel.realestate_development_id = request.development_id
               ))
    """)
