from django.contrib import admin

from training.models import Trainee


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):
    list_display = ["user", "track", "province", "status", "program", "created_at"]
    list_filter = ["program", "track", "status", "province"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user", "province", "program"]
    raw_id_fields = ["user"]
