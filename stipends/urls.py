from django.urls import path

from stipends import views

app_name = "stipends"
urlpatterns = [
    # finance
    path("finance/", views.finance_home, name="finance_home"),
    path("finance/stipend-run/", views.stipend_run_start, name="stipend_run_start"),
    path("finance/entitlements/", views.entitlement_list, name="entitlement_list"),
    path("finance/rules/", views.rules, name="rules"),
    path("finance/budget/", views.budget, name="budget"),
    path("finance/receivables/", views.receivables, name="receivables"),
    path("finance/runs/", views.run_list, name="run_list"),
    path("finance/runs/new/", views.run_new, name="run_new"),
    path("finance/runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("finance/runs/<int:pk>/submit/", views.run_submit, name="run_submit"),
    path("finance/runs/<int:pk>/approve/", views.run_approve, name="run_approve"),
    path("finance/runs/<int:pk>/reject/", views.run_reject, name="run_reject"),
    path("finance/runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("finance/runs/<int:pk>/export/", views.run_export, name="run_export"),
    path("finance/runs/<int:pk>/lines.xlsx", views.run_lines_xlsx, name="run_lines_xlsx"),
    path("finance/runs/<int:pk>/reconcile/", views.run_reconcile, name="run_reconcile"),
    path("finance/runs/<int:pk>/statements/<int:statement>/", views.statement_detail, name="statement_detail"),
    path("finance/bank-files/<int:pk>/", views.bank_file_download, name="bank_file_download"),
    path("finance/exceptions/", views.exceptions, name="exceptions"),
    path("finance/claims/", views.claim_list, name="claim_list"),
    # staff and M&E
    path("totals/", views.totals, name="totals"),
    # trainees
    path("me/", views.my_stipends, name="my_stipends"),
    # firms
    path("firm/claims/", views.firm_claims, name="firm_claims"),
    path("firm/claims/new/<int:employment>/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/<str:which>/", views.claim_document, name="claim_document"),
]
