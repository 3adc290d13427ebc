from django.urls import path

from stipends import views

app_name = "stipends"
urlpatterns = [
    path("finance/", views.finance_home, name="finance_home"),
]
