"""The API (/api/v1/, called with each role's own token) and the token pages. The API answers exactly what the
pages answer: the program office sees all assessments, an assessor hers, a firm user her firm's; webhooks are
for programme staff. Schema and documentation are open: they hold no data."""

from portal import roles
from tests.security.matrix import EVERYONE, OFFICE, expect, expect_api

A, F, S = roles.ASSESSOR, roles.FIRM, roles.STAFF
READERS = OFFICE | {A, F}


def _pk(attr):
    return lambda pw: {"pk": getattr(pw, attr).pk}


ROWS = {
    # the API's own pages
    "api:schema": (None, expect(EVERYONE, anon=200)),
    "api:openapi_json": (None, expect(EVERYONE, anon=200)),
    "api:docs": (None, expect(EVERYONE, anon=200)),
    "api_token_list": (None, expect(EVERYONE)),
    # the world's staff token: she (and only she, or staff) may revoke it; for everyone else it does not exist
    "api_token_revoke": (_pk("api_token"), expect({S}, ok_status=302, other=404, method="post")),
    "api_token_program_list": (None, expect({S})),
    "webhook_list": (None, expect({S})),
    "webhook_detail": (_pk("webhook"), expect({S}, other=403)),
    "webhook_toggle": (_pk("webhook"), expect({S}, ok_status=302, method="post")),
    "webhook_replay": (
        lambda pw: {"pk": pw.webhook.pk, "delivery_id": pw.webhook_delivery.pk},
        expect({S}, ok_status=302, method="post"),
    ),
    # frameworks are shared reference data, the same for every program: no cross-program 404 to expect
    "api:framework-list": (None, expect_api(READERS)),
    "api:framework-detail": (
        lambda pw: {"pk": pw.assessment.framework_id},
        expect_api(READERS, public=True),
    ),
    "api:framework-version": (
        lambda pw: {"version_id": pw.assessment.version_id},
        expect_api(READERS, public=True),
    ),
    "api:assessment-list": (None, expect_api(READERS)),
    "api:assessment-detail": (_pk("assessment"), expect_api(READERS)),
    "api:assessment-result": (_pk("assessment"), expect_api(READERS)),
    # an empty body: the assigned assessor hears what is missing (400); the firm and the office may not enter bands
    "api:assessment-scores": (_pk("assessor_assessment"), expect_api({A}, ok_status=400, method="post")),
    # an empty body: 400 (no move named) for those who see the assessment
    "api:assessment-transitions": (_pk("assessor_assessment"), expect_api(READERS, ok_status=400, method="post")),
    "api:roadmap-document-file": (_pk("roadmap_document"), expect_api(READERS)),
    # public: a programme's open calls; an applicant's status by her emailed secret (a made-up one is 404)
    "api:public-call-list": (
        lambda pw: {"program_code": pw.program.code},
        expect_api(EVERYONE, anon=200, public=True),
    ),
    "api:application-status": (
        lambda pw: {"program_code": pw.program.code, "token": "not-a-real-token"},
        expect_api(set(), other=404, anon=404, public=True),
    ),
    # records for the programme office; never a TCKN, VKN or IBAN in clear (tests/api/test_records.py)
    "api:firm-list": (None, expect_api(OFFICE)),
    "api:firm-detail": (lambda pw: {"pk": pw.firms[0].pk}, expect_api(OFFICE)),
    "api:trainee-list": (None, expect_api(OFFICE)),
    "api:trainee-detail": (lambda pw: {"pk": pw.trainees[roles.AMBASSADOR].pk}, expect_api(OFFICE)),
    "api:employment-list": (None, expect_api(OFFICE)),
    "api:employment-detail": (_pk("employment"), expect_api(OFFICE)),
    # aggregates: stakeholders get the public figures, the office the cockpit's
    "api:indicator-list": (None, expect_api(OFFICE | {roles.STAKEHOLDER})),
    "api:webhook-list": (None, expect_api({S})),
    "api:webhook-detail": (_pk("webhook"), expect_api({S})),
    "api:webhook-deliveries": (_pk("webhook"), expect_api({S})),
    "api:webhook-replay": (
        lambda pw: {"pk": pw.webhook.pk, "delivery_id": pw.webhook_delivery.pk},
        expect_api({S}, ok_status=201, method="post"),
    ),
}
