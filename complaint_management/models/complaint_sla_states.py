"""The milestones of a complaint's time limits and their states."""

MILESTONES = [
    ("acknowledge", "Acknowledgement"),
    ("first_response", "First Response"),
    ("progress", "Progress Update"),
    ("resolution", "Resolution"),
]
SLA_STATES = [
    ("running", "Running"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
    ("met_late", "Met Late"),
    ("paused", "Paused"),
    ("stopped", "Stopped"),
]
OPEN_SLA_STATES = ("running", "at_risk", "breached", "paused")
# worst first: the complaint shows the worst state of its lines
SLA_STATE_RANK = {
    "breached": 0,
    "at_risk": 1,
    "running": 2,
    "paused": 3,
    "met_late": 4,
    "met": 5,
    "stopped": 6,
}
