from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import (
    AuditEvent,
    Consent,
    Invitation,
    Job,
    Membership,
    NoticeAcknowledgement,
    PiiAccessLog,
    PlatformAuditEvent,
    PrivacyNotice,
    Program,
    Province,
    Role,
    Sector,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["firm"]
    fk_name = "user"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role", "memberships__program"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name_tr", "name_en", "starts_on", "ends_on"]
    search_fields = ["code", "name_tr", "name_en"]
    filter_horizontal = ["pilot_provinces", "case_by_case_provinces"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name_tr", "name_en", "requires_mfa", "needs_firm", "order"]
    list_editable = ["order"]
    # Lowering a role's second-factor requirement is not an admin click: it changes in code (a migration),
    # reviewed like any other change to who may reach money and personal data.
    readonly_fields = ["requires_mfa"]
    search_fields = ["code", "name_tr", "name_en"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "firm", "program", "is_active", "created_at"]
    list_filter = ["program", "role", "is_active"]
    search_fields = ["user__email", "user__full_name", "firm__name"]
    list_select_related = ["user", "role", "firm", "program"]
    raw_id_fields = ["user", "firm"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "firm", "program", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_filter = ["program", "role", "accepted_at", "revoked_at"]
    search_fields = ["email"]
    list_select_related = ["role", "firm", "program", "invited_by"]
    readonly_fields = ["token_hash", "accepted_at", "accepted_by", "invited_by"]
    raw_id_fields = ["firm"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["plate", "name", "pilot_2023", "earthquake_2023"]
    list_filter = ["pilot_2023", "earthquake_2023"]
    search_fields = ["name", "plate"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["division", "name_tr", "name_en"]
    search_fields = ["division", "name_tr", "name_en"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: viewable, never editable."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "program", "actor", "action", "target_type", "target_id"]
    list_filter = ["program", "action", "target_type"]
    search_fields = ["target_id", "actor__email", "action"]
    list_select_related = ["program", "actor"]
    date_hierarchy = "created_at"


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["program", "version", "published_at"]
    list_filter = ["program"]
    search_fields = ["text_tr", "text_en"]


@admin.register(NoticeAcknowledgement)
class NoticeAcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["user", "notice", "program", "acknowledged_at", "ip_address"]
    list_filter = ["program", "notice__version"]
    search_fields = ["user__email"]
    list_select_related = ["user", "notice", "program"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["user", "purpose", "program", "given_at", "withdrawn_at"]
    list_filter = ["program", "purpose", "withdrawn_at"]
    search_fields = ["user__email"]
    list_select_related = ["user", "program"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "status", "progress", "program", "requested_by", "created_at", "finished_at"]
    list_filter = ["program", "kind", "status"]
    search_fields = ["kind", "requested_by__email"]
    list_select_related = ["program", "requested_by"]
    readonly_fields = ["params", "error", "attempts", "sent_at", "started_at", "finished_at"]


@admin.register(PlatformAuditEvent)
class PlatformAuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id", "ip_address"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id", "actor__email", "action"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"


@admin.register(PiiAccessLog)
class PiiAccessLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "program", "actor", "subject_type", "subject_id", "field", "reason"]
    list_filter = ["program", "subject_type", "field"]
    search_fields = ["actor__email", "subject_id", "reason"]
    list_select_related = ["program", "actor"]
    date_hierarchy = "created_at"
