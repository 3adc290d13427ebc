app_name = "matching"
urlpatterns = []  # pages arrive with this app's issue
