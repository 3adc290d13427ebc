"""Surveys URLs × roles. Objects come from tests/world_ext/surveys.py: `questionnaire` is published, `campaign` is
its open endline to which the world's ambassador and operator are invited."""

from portal import roles
from tests.security.matrix import EVERYONE, OFFICE, expect

MANAGERS = {roles.STAFF, roles.ME}
INVITED = {roles.AMBASSADOR, roles.OPERATOR}


def pk(attr):
    return lambda pw: {"pk": getattr(pw, attr).pk}


ROWS = {
    "surveys:home": (None, expect(OFFICE)),
    # an empty form is refused (400)
    "surveys:questionnaire_new": (None, expect(MANAGERS, ok_status=400, method="post")),
    "surveys:questionnaire_import": (None, expect(MANAGERS)),
    "surveys:questionnaire_detail": (pk("questionnaire"), expect(OFFICE)),
    # published already: a new draft version is made, back to it
    "surveys:questionnaire_publish": (pk("questionnaire"), expect(MANAGERS, ok_status=302, method="post")),
    # an empty campaign form is refused (400)
    "surveys:campaign_new": (pk("questionnaire"), expect(MANAGERS, ok_status=400, method="post")),
    "surveys:campaign_detail": (pk("campaign"), expect(OFFICE)),
    "surveys:campaign_launch": (pk("campaign"), expect(MANAGERS, ok_status=302, method="post")),
    # the world's campaign is open: the two who have not answered are reminded, back to the campaign
    "surveys:campaign_remind": (pk("campaign"), expect(MANAGERS, ok_status=302, method="post")),
    "surveys:campaign_export": (pk("campaign"), expect(OFFICE)),
    # an empty form: back to the campaign with a message
    "surveys:measure_new": (pk("campaign"), expect(MANAGERS, ok_status=302, method="post")),
    "surveys:mine": (None, expect(EVERYONE)),
    # only the people invited answer; anyone else learns nothing (404)
    "surveys:answer": (pk("campaign"), expect(INVITED, other=404)),
}
