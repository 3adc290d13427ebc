"""The assessment state machine: one table of allowed moves; each move has one service in services.py.

scheduled → self_assessment → evaluation → review → published, review → evaluation (returned, with a
reason), published → revision (with a reason; the publication stays readable) → review → published again.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment

S = Assessment.Status

# Who may make a move. FIRM: a user of the assessed firm; ASSESSOR: any assessor assigned to it (lead or
# co-assessor); LEAD: its lead assessor; STAFF: programme staff.
FIRM, ASSESSOR, LEAD, STAFF = "firm", "assessor", "lead", "staff"


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset
    target: str
    actors: frozenset
    label: object
    reason_required: bool = False
    needs_all_self_bands_for_firm: bool = False
    needs_all_assessor_bands: bool = False


MOVES = {
    m.name: m
    for m in (
        Move(
            "open_self_assessment",
            frozenset({S.SCHEDULED}),
            S.SELF_ASSESSMENT,
            frozenset({LEAD, STAFF}),
            _("Open the self-assessment to the firm"),
        ),
        Move(
            "start_evaluation",
            frozenset({S.SELF_ASSESSMENT}),
            S.EVALUATION,
            frozenset({FIRM, ASSESSOR, STAFF}),
            _("Start the evaluation"),
            needs_all_self_bands_for_firm=True,
        ),
        Move(
            "submit_for_review",
            frozenset({S.EVALUATION, S.REVISION}),
            S.REVIEW,
            frozenset({ASSESSOR}),
            _("Submit for review"),
            needs_all_assessor_bands=True,
        ),
        Move(
            "return_to_evaluation",
            frozenset({S.REVIEW}),
            S.EVALUATION,
            frozenset({LEAD, STAFF}),
            _("Return to evaluation"),
            reason_required=True,
        ),
        Move(
            "publish",
            frozenset({S.REVIEW}),
            S.PUBLISHED,
            frozenset({LEAD, STAFF}),
            _("Publish to the firm"),
            needs_all_assessor_bands=True,
        ),
        Move(
            "open_revision",
            frozenset({S.PUBLISHED}),
            S.REVISION,
            frozenset({LEAD, STAFF}),
            _("Open a revision"),
            reason_required=True,
        ),
    )
}

# Who the assessment is waiting on, for the at-a-glance status pages.
WAITING_ON = {
    S.SCHEDULED: _("programme staff or the lead assessor"),
    S.SELF_ASSESSMENT: _("the firm"),
    S.EVALUATION: _("the assessors"),
    S.REVIEW: _("the lead assessor or programme staff"),
    S.PUBLISHED: "",
    S.REVISION: _("the assessors"),
}

# States in which each side may write its bands.
SELF_ASSESSMENT_OPEN = frozenset({S.SELF_ASSESSMENT})
ASSESSOR_ENTRY_OPEN = frozenset({S.EVALUATION, S.REVISION})


def moves_from(status: str) -> list[Move]:
    return [m for m in MOVES.values() if status in m.sources]
