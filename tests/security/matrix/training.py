"""Training URLs × roles. Objects come from tests/world_ext/training.py: `cohort` and its `session` are taught by
the world's trainer; `enrolment` is the ambassador's (in a cohort another trainer teaches); `certificate` is the
operator's."""

from portal import roles
from tests.security.matrix import EVERYONE, OFFICE, expect

TEACH = {roles.STAFF, roles.TRAINER}  # may act on the trainer's cohort
SEE_COHORT = OFFICE | {roles.TRAINER}  # may look at it


def cohort(pw):
    return {"pk": pw.cohort.pk}


def session(pw):
    return {"pk": pw.session.pk}


def curriculum(pw):
    return {"pk": pw.curriculum.pk}


ROWS = {
    # trainees
    "training:my_training": (None, expect({roles.AMBASSADOR, roles.OPERATOR})),
    "training:checkin": (None, expect({roles.AMBASSADOR, roles.OPERATOR})),
    "training:my_iban": (None, expect({roles.AMBASSADOR, roles.OPERATOR})),
    "training:certificate_download": (
        lambda pw: {"pk": pw.certificate.pk},
        expect(OFFICE | {roles.OPERATOR}, other=404),
    ),
    "training:certificate_verify": (None, expect(EVERYONE, anon=200)),
    # trainers
    "training:trainer_home": (None, expect({roles.TRAINER})),
    "training:session_attendance": (session, expect(SEE_COHORT)),
    "training:session_code": (session, expect(TEACH)),
    "training:session_qr": (session, expect(TEACH)),
    "training:session_confirm": (session, expect(TEACH, ok_status=302, method="post")),
    "training:session_edit": (session, expect(TEACH)),
    # cohorts
    "training:cohort_list": (None, expect(OFFICE)),
    "training:cohort_new": (None, expect({roles.STAFF})),
    "training:cohort_detail": (cohort, expect(SEE_COHORT)),
    "training:cohort_attendance": (cohort, expect(SEE_COHORT)),
    "training:session_new": (cohort, expect(TEACH)),
    "training:cohort_trainer_add": (cohort, expect({roles.STAFF}, ok_status=302, method="post")),
    "training:cohort_enrol": (cohort, expect({roles.STAFF})),
    "training:cohort_complete": (cohort, expect(TEACH, ok_status=302, method="post")),
    "training:cohort_export": (cohort, expect({roles.STAFF, roles.ME}, ok_status=302, method="post")),
    "training:cohort_grades": (cohort, expect(SEE_COHORT)),
    "training:cohort_grades_template": (cohort, expect(SEE_COHORT)),
    # an empty upload is refused (400) for those who may upload
    "training:cohort_grades_upload": (cohort, expect(TEACH, ok_status=400, method="post")),
    "training:enrolment_transfer": (lambda pw: {"pk": pw.enrolment.pk}, expect({roles.STAFF})),
    "training:enrolment_withdraw": (lambda pw: {"pk": pw.enrolment.pk}, expect({roles.STAFF})),
    # programme office
    "training:at_risk": (None, expect(OFFICE)),
    "training:trainee_list": (None, expect(OFFICE)),
    "training:trainee_detail": (
        lambda pw: {"pk": pw.trainees[roles.AMBASSADOR].pk},
        expect(OFFICE | {roles.AMBASSADOR}, other=404),
    ),
    "training:trainee_edit": (lambda pw: {"pk": pw.trainees[roles.AMBASSADOR].pk}, expect({roles.STAFF})),
    # a reveal without a reason is refused (400) for those who may reveal
    "training:trainee_reveal": (
        lambda pw: {"pk": pw.trainees[roles.AMBASSADOR].pk},
        expect({roles.STAFF, roles.FINANCE}, ok_status=400, method="post"),
    ),
    "training:curriculum_list": (None, expect(OFFICE)),
    "training:curriculum_detail": (curriculum, expect(OFFICE)),
    "training:completion_rule_edit": (curriculum, expect({roles.STAFF})),
}
