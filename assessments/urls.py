from django.urls import path

from assessments.views import assessment, frameworks, home, roadmap, uploads

app_name = "assessments"
urlpatterns = [
    path("assessor/", home.assessor_home, name="assessor_home"),
    path("firm/", home.firm_home, name="firm_home"),
    path("staff/", home.staff_overview, name="staff_overview"),
    path("staff/roadmaps/build/", roadmap.roadmaps_build_all, name="roadmaps_build_all"),
    path("new/", assessment.assessment_new, name="assessment_new"),
    path("<int:pk>/", assessment.assessment_detail, name="assessment_detail"),
    path("<int:pk>/move/<slug:move>/", assessment.assessment_move, name="assessment_move"),
    path("<int:pk>/self/", assessment.self_assessment, name="self_assessment"),
    path("<int:pk>/self/send/", assessment.self_assessment_submit, name="self_assessment_submit"),
    path("<int:pk>/evaluation/", assessment.evaluation, name="evaluation"),
    path("<int:pk>/evidence/", assessment.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", assessment.evidence_download, name="evidence_download"),
    path("<int:pk>/inputs/", assessment.priority_inputs, name="priority_inputs"),
    path("<int:pk>/benchmark/", assessment.benchmark, name="benchmark"),
    path("<int:pk>/roadmap/", roadmap.roadmap_detail, name="roadmap"),
    path("<int:pk>/roadmap/items/new/", roadmap.roadmap_item_new, name="roadmap_item_new"),
    path("roadmap/items/<int:pk>/", roadmap.roadmap_item_edit, name="roadmap_item_edit"),
    path("<int:pk>/roadmap/pdf/", roadmap.roadmap_pdf, name="roadmap_pdf"),
    path("roadmap/documents/<int:pk>/", roadmap.roadmap_document, name="roadmap_document"),
    path("uploads/template/", uploads.upload_template, name="upload_template"),
    path("uploads/new/", uploads.upload_new, name="upload_new"),
    path("uploads/<int:pk>/", uploads.upload_detail, name="upload_detail"),
    path("uploads/<int:pk>/status/", uploads.upload_status, name="upload_status"),
    path("uploads/<int:pk>/confirm/", uploads.upload_confirm, name="upload_confirm"),
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path("frameworks/import/", frameworks.content_import, name="content_import"),
    path("frameworks/import/template/", frameworks.content_template, name="content_template"),
]
