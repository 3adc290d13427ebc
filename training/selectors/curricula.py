"""Curricula."""

from django.db.models import Count
from django.http import Http404

from training.models import (
    CompletionRule,
    Curriculum,
    CurriculumModule,
)


def curriculum_list_for_user(*, audience):
    if not audience.is_program_office:
        return Curriculum.objects.none()
    return (
        Curriculum.objects.filter(program_id=audience.program_id)
        .select_related("completion_rule")
        .annotate(module_count=Count("modules", distinct=True), cohort_count=Count("cohorts", distinct=True))
        .order_by("track", "-version")
    )


def curriculum_get_for_user(*, audience, pk) -> Curriculum:
    curriculum = curriculum_list_for_user(audience=audience).filter(pk=pk).first()
    if curriculum is None:
        raise Http404
    return curriculum


def curriculum_modules(*, curriculum):
    return CurriculumModule.objects.filter(curriculum=curriculum).order_by("order", "code")


def completion_rule_for(*, curriculum) -> CompletionRule:
    """The curriculum's rule; until staff save one, the defaults (an unsaved row)."""
    rule = CompletionRule.objects.filter(curriculum=curriculum).first()
    return rule or CompletionRule(program_id=curriculum.program_id, curriculum=curriculum)
