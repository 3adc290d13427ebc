from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("me/", views.me_home, name="me_home"),
    path("me/export/", views.cockpit_export, name="cockpit_export"),
    path("me/refresh/", views.figures_refresh, name="figures_refresh"),
    path("stakeholders/", views.stakeholder_home, name="stakeholder_home"),
    path("stakeholders/export/", views.stakeholder_export, name="stakeholder_export"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/records/", views.indicator_records, name="indicator_records"),
    path("indicators/<int:pk>/values/", views.manual_value_add, name="manual_value_add"),
    path("indicators/<int:pk>/targets/", views.target_set, name="target_set"),
    path("evidence/<int:pk>/", views.manual_value_evidence, name="manual_value_evidence"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/narrative/", views.narrative_save, name="narrative_save"),
    path("periods/<int:pk>/generate/", views.report_generate, name="report_generate"),
    path("monitoring-reports/<int:pk>/", views.report_download, name="report_download"),
    path("policy-data/", views.policy_export, name="policy_export"),
    path("firm/", views.firm_figures, name="firm_figures"),
]
