from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("me/", views.my_training, name="my_training"),
    path("trainer/", views.trainer_home, name="trainer_home"),
    path("trainees/", views.trainee_list, name="trainee_list"),
    path("trainees/<int:pk>/", views.trainee_detail, name="trainee_detail"),
]
