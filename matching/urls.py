from django.urls import path

from matching import views

app_name = "matching"
urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings_edit, name="settings"),
    path("positions/", views.position_list, name="position_list"),
    path("positions/defaults/", views.positions_defaults, name="positions_defaults"),
    path("positions/<int:pk>/", views.position_edit, name="position_edit"),
    path("proposals/run/", views.proposal_run, name="proposal_run"),
    path("proposals/compare/", views.proposal_compare, name="proposal_compare"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/lock/", views.proposal_lock, name="proposal_lock"),
    path("proposals/<int:pk>/discard/", views.proposal_discard, name="proposal_discard"),
    path("lines/<int:pk>/", views.line_detail, name="line_detail"),
    path("lines/<int:pk>/adjust/", views.line_adjust, name="line_adjust"),
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/answer/", views.offer_answer, name="offer_answer"),
    path("employments/", views.employment_list, name="employment_list"),
    path("employments/<int:pk>/", views.employment_detail, name="employment_detail"),
    path("employments/<int:pk>/sgk/", views.employment_sgk, name="employment_sgk"),
    path("employments/<int:pk>/sgk/download/", views.employment_sgk_download, name="employment_sgk_download"),
    path("employments/<int:pk>/end/", views.employment_terminate, name="employment_terminate"),
    path("employments/<int:pk>/start/", views.employment_start, name="employment_start"),
    path("checkpoints/<int:pk>/confirm/", views.checkpoint_confirm, name="checkpoint_confirm"),
    path("checkpoints/overdue/", views.checkpoint_overdue, name="checkpoint_overdue"),
    path("mine/", views.overview, name="overview"),
    path("peers/", views.peer_space, name="peer_space"),
    path("peers/post/", views.peer_post, name="peer_post"),
    path("peers/posts/<int:pk>/hide/", views.peer_hide, name="peer_hide"),
]
