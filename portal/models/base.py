from django.db import models
from django.utils.translation import get_language
from django_scopes import ScopedManager


def localized(obj, field: str) -> str:
    """Turkish first: the English text only when the page is in English and it exists."""
    tr = getattr(obj, f"{field}_tr")
    if (get_language() or "tr").startswith("en"):
        return getattr(obj, f"{field}_en") or tr
    return tr


def program_scoped_manager():
    """The default manager of every tenant-owned model: refuses to query outside a program scope."""
    return ScopedManager(program="program")


class ProgramOwned(models.Model):
    """Abstract base for rows a program owns. The system check in portal.checks insists on it."""

    program = models.ForeignKey("portal.Program", on_delete=models.PROTECT, db_index=True)

    objects = program_scoped_manager()

    class Meta:
        abstract = True
