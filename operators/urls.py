app_name = "operators"
urlpatterns = []  # pages arrive with this app's issue
