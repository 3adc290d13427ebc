from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    # trainees
    path("me/", views.my_training, name="my_training"),
    path("me/check-in/", views.checkin, name="checkin"),
    path("me/iban/", views.my_iban, name="my_iban"),
    path("certificates/<int:pk>/download/", views.certificate_download, name="certificate_download"),
    path("verify/", views.certificate_verify, name="certificate_verify"),
    # trainers
    path("trainer/", views.trainer_home, name="trainer_home"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/code/", views.session_code, name="session_code"),
    path("sessions/<int:pk>/qr.svg", views.session_qr, name="session_qr"),
    path("sessions/<int:pk>/confirm/", views.session_confirm, name="session_confirm"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    # cohorts
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_new, name="cohort_new"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/attendance/", views.cohort_attendance, name="cohort_attendance"),
    path("cohorts/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("cohorts/<int:pk>/trainers/", views.cohort_trainer_add, name="cohort_trainer_add"),
    path("cohorts/<int:pk>/enrol/", views.cohort_enrol, name="cohort_enrol"),
    path("cohorts/<int:pk>/complete/", views.cohort_complete, name="cohort_complete"),
    path("cohorts/<int:pk>/export/", views.cohort_export, name="cohort_export"),
    path("cohorts/<int:pk>/grades/", views.cohort_grades, name="cohort_grades"),
    path("cohorts/<int:pk>/grades/sheet.xlsx", views.cohort_grades_template, name="cohort_grades_template"),
    path("cohorts/<int:pk>/grades/upload/", views.cohort_grades_upload, name="cohort_grades_upload"),
    path("enrolments/<int:pk>/transfer/", views.enrolment_transfer, name="enrolment_transfer"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    # programme office
    path("at-risk/", views.at_risk, name="at_risk"),
    path("trainees/", views.trainee_list, name="trainee_list"),
    path("trainees/<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("trainees/<int:pk>/personal-data/", views.trainee_edit, name="trainee_edit"),
    path("trainees/<int:pk>/reveal/", views.trainee_reveal, name="trainee_reveal"),
    path("curricula/", views.curriculum_list, name="curriculum_list"),
    path("curricula/<int:pk>/", views.curriculum_detail, name="curriculum_detail"),
    path("curricula/<int:pk>/rule/", views.completion_rule_edit, name="completion_rule_edit"),
]
