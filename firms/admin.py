from django.contrib import admin

from firms.models import Firm


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_number", "province", "sector", "program", "created_at"]
    list_filter = ["program", "province", "sector"]
    search_fields = ["name", "tax_number"]
    list_select_related = ["province", "sector", "program"]
    autocomplete_fields = ["province", "sector"]
