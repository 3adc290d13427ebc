"""'Waiting for you': open actions derived from state (not from notifications), one provider per app.

A provider is `callable(audience) -> list[Task]` registered in portal.registry.task_providers from the app's
providers; it must take a fixed number of queries whatever the data size (the home pages' query-count tests).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from portal.registry import task_providers


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    due: date | datetime | None = None
    detail: str = ""
    urgent: bool = False  # shown in red even before its due date (an offer that closes soon)

    @property
    def due_date(self) -> date | None:
        if isinstance(self.due, datetime):
            return timezone.localtime(self.due).date()
        return self.due

    @property
    def overdue(self) -> bool:
        if self.due is None:
            return False
        if isinstance(self.due, datetime):
            return self.due < timezone.now()
        return self.due < timezone.localdate()

    @property
    def sort_key(self):
        d = self.due_date
        return (d is None, d or date.max, self.title)


def tasks_for(audience) -> list[Task]:
    """Every provider's open actions for this person in her current program, soonest due first, undated last."""
    if audience is None or audience.program_id is None:
        return []
    tasks: list[Task] = []
    for _name, provider in sorted(task_providers.items(), key=lambda item: item[0]):
        tasks.extend(provider(audience))
    return sorted(tasks, key=lambda t: t.sort_key)
