"""Every write of matching and employment: keyword-only, in a transaction, checking who acts and the state, writing
an audit event. Views check the same predicates first for a clean 403; a service never trusts its caller.

Concurrency: answering an offer locks the offer row, then its position row (always in that order), so accepting
twice, or two candidates taking the last place at once, ends with one employment — and the database holds it too
(one employment per offer, one active employment per person, one live offer per person).
"""

from .checkpoints import checkpoint_confirm, checkpoints_remind
from .employment import (
    employment_record,
    employment_sgk_upload,
    employment_start_correct,
    employment_terminate,
    employments_complete,
)
from .offers import (
    offer_answer_candidate,
    offer_answer_firm,
    offer_next,
    offers_expire,
    offers_remind,
    offers_tell_made,
)
from .peers import exclusion_text, peer_post_create, peer_post_hide
from .positions import matching_settings_save, position_rank, position_save, positions_create_defaults
from .proposals import build_matrix, explain, proposal_adjust, proposal_discard, proposal_lock, proposal_run

__all__ = [
    "build_matrix",
    "checkpoint_confirm",
    "checkpoints_remind",
    "employment_record",
    "employment_sgk_upload",
    "employment_start_correct",
    "employment_terminate",
    "employments_complete",
    "exclusion_text",
    "explain",
    "matching_settings_save",
    "offer_answer_candidate",
    "offer_answer_firm",
    "offer_next",
    "offers_expire",
    "offers_remind",
    "offers_tell_made",
    "peer_post_create",
    "peer_post_hide",
    "position_rank",
    "position_save",
    "positions_create_defaults",
    "proposal_adjust",
    "proposal_discard",
    "proposal_lock",
    "proposal_run",
]
