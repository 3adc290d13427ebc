"""Matching URLs × roles. Objects come from tests/world_ext/matching.py: `line` and `offer` are the ambassador's at
the first firm (the world's firm user's); `employment` and `checkpoint` are the operator's at the first firm."""

from portal import roles
from tests.security.matrix import OFFICE, expect

A, OP, F, M = roles.AMBASSADOR, roles.OPERATOR, roles.FIRM, roles.MENTOR
PARTIES = OFFICE | {F, A, OP}
STAFF = {roles.STAFF}


def pk(attr):
    return lambda pw: {"pk": getattr(pw, attr).pk}


ROWS = {
    "matching:home": (None, expect(OFFICE)),
    "matching:settings": (None, expect(STAFF)),
    "matching:position_list": (None, expect(OFFICE | {F})),
    "matching:positions_defaults": (None, expect(STAFF, ok_status=302, method="post")),
    "matching:position_edit": (pk("position"), expect({roles.STAFF, F})),
    # an empty form: back to the matching home with a message
    "matching:proposal_run": (None, expect(STAFF, ok_status=302, method="post")),
    "matching:proposal_compare": (None, expect(OFFICE)),
    "matching:proposal_detail": (pk("proposal"), expect(OFFICE)),
    # the world's proposal is locked already: refused with a message, back to the proposal
    "matching:proposal_lock": (pk("proposal"), expect(STAFF, ok_status=302, method="post")),
    "matching:proposal_discard": (pk("proposal"), expect(STAFF, ok_status=302, method="post")),
    # why this match: staff, the firm it is proposed to, the candidate herself; another trainee 404
    "matching:line_detail": (pk("line"), expect(OFFICE | {F, A}, overrides={OP: 404})),
    "matching:line_adjust": (pk("line"), expect(STAFF)),
    "matching:offer_list": (None, expect(PARTIES)),
    "matching:offer_detail": (pk("offer"), expect(OFFICE | {F, A}, overrides={OP: 404})),
    # an empty answer is refused (400) for both sides; another trainee gets 404
    "matching:offer_answer": (pk("offer"), expect({F, A}, ok_status=400, method="post", overrides={OP: 404})),
    "matching:employment_list": (None, expect(PARTIES)),
    "matching:employment_detail": (pk("employment"), expect(OFFICE | {F, OP}, overrides={A: 404})),
    # an empty upload is refused (400)
    "matching:employment_sgk": (pk("employment"), expect({roles.STAFF, F}, ok_status=400, method="post")),
    "matching:employment_sgk_download": (pk("employment"), expect(OFFICE | {F, OP}, overrides={A: 404})),
    "matching:employment_terminate": (pk("employment"), expect({roles.STAFF, F})),
    "matching:employment_start": (pk("employment"), expect(STAFF, ok_status=302, method="post")),
    # no answer given: back to the employment with a message
    "matching:checkpoint_confirm": (
        pk("checkpoint"),
        expect({roles.STAFF, F, OP}, ok_status=302, method="post", overrides={A: 404}),
    ),
    "matching:checkpoint_overdue": (None, expect(OFFICE)),
    "matching:overview": (None, expect({F, A, OP})),
    # members who have no space of their own get 404
    "matching:peer_space": (None, expect(OFFICE | {A, OP, M}, other=404)),
    "matching:peer_post": (None, expect(OFFICE | {A, OP, M}, ok_status=302, other=404, method="post")),
    "matching:peer_hide": (pk("peer_post"), expect(STAFF, ok_status=302, method="post")),
}
