"""Assessments: the program office sees all; the firm its own; an assessor those she is assigned to. The world's
assessor leads the assessments of firms[0], never those of firms[1] (tests/world_ext/assessments.py)."""

from portal import roles
from tests.security.matrix import OFFICE, expect

A, F = roles.ASSESSOR, roles.FIRM


def _pk(attr):
    return lambda pw: {"pk": getattr(pw, attr).pk}


ROWS = {
    "assessments:assessor_home": (None, expect({A})),
    "assessments:firm_home": (None, expect({F})),
    "assessments:staff_overview": (None, expect(OFFICE)),
    "assessments:roadmaps_build_all": (None, expect({roles.STAFF}, ok_status=302, method="post")),
    "assessments:assessment_new": (None, expect({roles.STAFF})),
    "assessments:assessment_detail": (_pk("assessment"), expect(OFFICE | {A, F}, other=404)),
    # her own assessment is incomplete: a message and a redirect; staff see it but may not make that move (403)
    "assessments:assessment_move": (
        lambda pw: {"pk": pw.assessor_assessment.pk, "move": "submit_for_review"},
        expect({A}, ok_status=302, method="post"),
    ),
    "assessments:self_assessment": (_pk("reassessment"), expect(OFFICE | {A, F}, other=404)),
    "assessments:self_assessment_submit": (_pk("reassessment"), expect({F}, ok_status=302, method="post")),
    # the firm sees its assessment but not the assessors' drafts
    "assessments:evaluation": (_pk("assessor_assessment"), expect(OFFICE | {A}, other=404, overrides={F: 403})),
    "assessments:evidence_add": (_pk("assessor_assessment"), expect({A}, ok_status=302, method="post")),
    "assessments:evidence_download": (_pk("evidence"), expect(OFFICE | {A}, other=404)),
    "assessments:priority_inputs": (_pk("assessor_assessment"), expect({A})),
    "assessments:benchmark": (_pk("assessment"), expect(OFFICE | {A, F}, other=404)),
    "assessments:roadmap": (_pk("assessment"), expect(OFFICE | {A, F}, other=404)),
    "assessments:roadmap_item_new": (_pk("assessment"), expect({A, F})),
    "assessments:roadmap_item_edit": (_pk("roadmap_item"), expect({A, F})),
    "assessments:roadmap_pdf": (_pk("assessment"), expect(OFFICE | {A, F}, ok_status=302, other=404, method="post")),
    "assessments:roadmap_document": (_pk("roadmap_document"), expect(OFFICE | {A, F}, other=404)),
    "assessments:upload_template": (None, expect({A})),
    "assessments:upload_new": (None, expect({A})),
    "assessments:upload_detail": (_pk("score_upload"), expect({A}, other=404)),
    "assessments:upload_status": (_pk("score_upload"), expect({A}, other=404)),
    "assessments:upload_confirm": (_pk("score_upload"), expect({A}, ok_status=302, other=404, method="post")),
    "assessments:framework_list": (None, expect(OFFICE | {A, F})),
    "assessments:content_import": (None, expect({roles.STAFF})),
    "assessments:content_template": (None, expect({roles.STAFF})),
}
