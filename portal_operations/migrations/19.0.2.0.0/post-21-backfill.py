# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stored fields that came in 19.0.1.0.0's development with a default and no backfill:
databases made before them read the default where the value derives from other data.

- ``portal.contact.request.portal_state`` (the status the customer sees): a request
  created before the field showed its ``state`` to the customer, which the default
  (pending) replaced; it is that ``state`` again, unless an internal parecer changed
  the request since the field came (the status it set is not the customer's to see:
  such a request keeps the default).
- ``portal.change.request.approval_sequence`` and ``sync_token``: an approved request
  without them keeps its place in the order of approval (NULL sorted first, then by
  decision date: the numbers drawn here are below every number drawn since, in that
  order) and gets its idempotency token now, before any call carries it.

Databases made at 19.0.1.0.0 (52bbe5f) have every value already: nothing changes there.
"""

import logging
import secrets

_logger = logging.getLogger(__name__)


def _backfill_portal_state(cr):
    cr.execute("""
        UPDATE portal_contact_request request
           SET portal_state = request.state
          FROM ir_model_fields field
         WHERE field.model = 'portal.contact.request' AND field.name = 'portal_state'
           AND request.create_date < field.create_date
           AND request.portal_state = 'pending' AND request.state != 'pending'
           AND NOT EXISTS (SELECT 1 FROM portal_contact_opinion opinion
                            WHERE opinion.request_id = request.id AND opinion.internal
                              AND opinion.create_date >= field.create_date)
    """)
    return cr.rowcount


def _backfill_approval_sequence(cr):
    cr.execute("SELECT min(approval_sequence) FROM portal_change_request")
    (lowest,) = cr.fetchone()
    if lowest is None:
        # nothing numbered yet: the sequence's own numbers, in the order of approval
        cr.execute("""
            UPDATE portal_change_request request
               SET approval_sequence = numbered.sequence
              FROM (SELECT id, nextval('portal_change_request_approval_seq') AS sequence
                      FROM (SELECT id FROM portal_change_request
                             WHERE state = 'approved' AND approval_sequence IS NULL
                             ORDER BY date_decided, id) approved) numbered
             WHERE request.id = numbered.id
        """)
        return cr.rowcount
    cr.execute("""
        UPDATE portal_change_request request
           SET approval_sequence = %s - numbered.total - 1 + numbered.rank
          FROM (SELECT id, row_number() OVER (ORDER BY date_decided, id) AS rank, count(*) OVER () AS total
                  FROM portal_change_request
                 WHERE state = 'approved' AND approval_sequence IS NULL) numbered
         WHERE request.id = numbered.id
    """, (lowest,))
    return cr.rowcount


def _backfill_sync_token(cr):
    cr.execute("""
        SELECT id FROM portal_change_request
         WHERE state = 'approved' AND sync_state IS NOT NULL AND sync_token IS NULL
    """)
    ids = [row[0] for row in cr.fetchall()]
    for request_id in ids:
        cr.execute("UPDATE portal_change_request SET sync_token = %s WHERE id = %s",
                   (secrets.token_hex(16), request_id))
    return len(ids)


def migrate(cr, version):
    if not version:
        return
    # the sequence exists from 19.0.1.0.0's init on; a database older than that has none
    cr.execute("CREATE SEQUENCE IF NOT EXISTS portal_change_request_approval_seq")
    counts = (_backfill_portal_state(cr), _backfill_approval_sequence(cr), _backfill_sync_token(cr))
    _logger.info("portal_operations 19.0.2.0.0: %s Fale Conosco statuses seen by the customer, "
                 "%s approval orders and %s idempotency tokens backfilled", *counts)
