from django.contrib import admin

# attendance, its history, enrolments, grades and certificates change only through the services
from portal.admin import ReadOnlyAdmin
from training.models import (
    Attendance,
    AttendanceChange,
    Certificate,
    Cohort,
    CohortTrainer,
    CompletionRule,
    Curriculum,
    CurriculumModule,
    Enrolment,
    Grade,
    Session,
    Trainee,
)


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):
    list_display = ["user", "track", "province", "status", "program", "created_at"]
    list_filter = ["program", "track", "status", "province"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user", "province", "program"]
    raw_id_fields = ["user"]
    # Personal identifiers are changed through the portal (validated, hashed, audited), never here.
    exclude = ["tckn", "iban"]
    readonly_fields = ["phone", "status_changed_at"]


class ModuleInline(admin.TabularInline):
    model = CurriculumModule
    extra = 0
    fields = ["order", "code", "title_tr", "title_en", "domain", "planned_hours", "assessment", "pass_mark"]


class CompletionRuleInline(admin.StackedInline):
    model = CompletionRule
    extra = 0
    exclude = ["updated_by"]


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    """Platform operators author curricula here; program staff change completion rules in the portal."""

    list_display = ["name_tr", "track", "version", "planned_weeks", "is_current", "program"]
    list_filter = ["program", "track", "is_current"]
    inlines = [ModuleInline, CompletionRuleInline]

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            instance.program_id = form.instance.program_id
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


class CohortTrainerInline(admin.TabularInline):
    model = CohortTrainer
    extra = 0
    raw_id_fields = ["trainer", "assigned_by"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "track", "province", "starts_on", "ends_on", "capacity", "program"]
    list_filter = ["program", "track", "province"]
    search_fields = ["code", "name"]
    inlines = [CohortTrainerInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["cohort", "module", "starts_at", "ends_at", "attendance_version"]
    list_filter = ["program", "cohort"]
    list_select_related = ["cohort", "module"]
    raw_id_fields = ["trainer"]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["trainee", "cohort", "status", "enrolled_on", "ended_on"]
    list_filter = ["program", "status"]
    list_select_related = ["trainee__user", "cohort"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["trainee", "session", "status", "recorded_by", "recorded_at"]
    list_filter = ["program", "status"]
    list_select_related = ["trainee__user", "session__cohort", "recorded_by"]


@admin.register(AttendanceChange)
class AttendanceChangeAdmin(ReadOnlyAdmin):
    list_display = ["trainee", "session", "old_status", "new_status", "why", "changed_by", "changed_at"]
    list_filter = ["program"]
    list_select_related = ["trainee__user", "session__cohort", "changed_by"]


@admin.register(Grade)
class GradeAdmin(ReadOnlyAdmin):
    list_display = ["trainee", "module", "score", "graded_by", "graded_at"]
    list_filter = ["program"]
    list_select_related = ["trainee__user", "module", "graded_by"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "trainee", "curriculum", "issued_on"]
    list_filter = ["program"]
    search_fields = ["code"]
    list_select_related = ["trainee__user", "curriculum"]
