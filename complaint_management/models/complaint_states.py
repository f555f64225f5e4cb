"""States of a complaint and the group of internal fields, shared by its
concerns (and read by the reports)."""

OPEN_STATES = (
    "new",
    "registered",
    "acknowledged",
    "assessed",
    "investigating",
    "proposed",
    "accepted",
    "rejected",
)


# what the complainant (portal) never reads: the handling inside the company
INTERNAL = "base.group_user"
# who decides what frontline staff may not (lift high risk, correct a date...)
MANAGER = "complaint_management.complaint_management_group_manager"


COMPLAINT_STATES = [
    ("new", "Received"),
    ("registered", "Registered"),
    ("acknowledged", "Acknowledged"),
    ("assessed", "Assessed"),
    ("investigating", "Investigating"),
    ("proposed", "Proposal Sent"),
    ("accepted", "Proposal Accepted"),
    ("rejected", "Proposal Rejected"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]

# a spill-over case an outside body still handles (its report-back is due)
PENDING_CASE = [("outcome", "=", "pending")]
# a refund whose credit note waits in draft: posting it checks the complainant
DRAFT_REFUND = [("credit_note_id.state", "=", "draft")]
