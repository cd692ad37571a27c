# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Names the whole addon shares: its security groups and the state lists of its models.

Each state list is defined here once and reused by its field, the code and the tests;
the names say whose states they are (a change request and a Fale Conosco request both
have a ``pending`` state, with different neighbours).
"""

# ------------------------------------------------------------
# Security groups (security/portal_operations_groups.xml)
# ------------------------------------------------------------

ADMIN_GROUP = "portal_operations.group_portal_operations_admin"
OPERATOR_GROUP = "portal_operations.group_portal_operations_operator"

# ------------------------------------------------------------
# Registration changes (portal.change.request)
# ------------------------------------------------------------

CHANGE_REQUEST_STATES = [
    ("pending", "Pending"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("inactive", "Inactive"),
    ("deleted", "Deleted"),
]
# Where an approved change stands with Mega ERP (``portal.change.request.sync_state``).
CHANGE_SYNC_STATES = [
    ("to_sync", "To synchronize"),
    ("synced", "Synchronized"),
    ("error", "Error"),
]

# ------------------------------------------------------------
# Fale Conosco (portal.contact.request, portal.contact.opinion)
# ------------------------------------------------------------

# Status of a request (and of a parecer, which sets it); "Todos" in the staff list is
# simply no status filter.
CONTACT_REQUEST_STATES = [
    ("pending", "Pending"),
    ("read", "Read"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("observation", "Observation"),
]

# ------------------------------------------------------------
# LGPD (portal.privacy.request, portal.privacy.answer.wizard)
# ------------------------------------------------------------

# Status of a data-subject request; the answer wizard's outcomes are the last two.
PRIVACY_REQUEST_STATES = [
    ("pending", "Pending"),
    ("answered", "Answered"),
    ("refused", "Refused"),
]
# What the data subject asks for (Art. 18).
PRIVACY_REQUEST_TYPES = [
    ("sharing", "Information about sharing"),
    ("anonymization", "Anonymisation, blocking or deletion"),
    ("consent_revocation", "Revocation of consent"),
    ("declaration", "Complete declaration"),
]
# The Art. 37 report: how each request was answered.
PRIVACY_REQUEST_TIMELINESS = [
    ("open", "Waiting for an answer"),
    ("in_time", "Answered in time"),
    ("late", "Answered late"),
]

# ------------------------------------------------------------
# Master data (realestate.contract)
# ------------------------------------------------------------

CONTRACT_STATUSES = [
    ("active", "Active"),
    ("defaulting", "Defaulting"),
    ("paid_off", "Paid off"),
    ("cancelled", "Cancelled"),
    ("transferred", "Transferred"),
    ("assigned", "Assignment of rights"),
]

# ------------------------------------------------------------
# Synchronization (mega.backend, mega.sync.run)
# ------------------------------------------------------------

# The screen's status of a connection, from its last run.
BACKEND_STATUSES = [
    ("never", "Never run"),
    ("running", "Running"),
    ("synced", "Synchronized"),
    ("failed", "Failed"),
    ("locked", "Stuck"),
]
SYNC_RUN_STATES = [("running", "Running"), ("done", "Synchronized"), ("failed", "Failed")]
