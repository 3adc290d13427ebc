"""What the engine needs to know about one group's applications; each group's app registers one."""

from collections.abc import Callable
from dataclasses import dataclass, field

from portal.registry import Registry


@dataclass(frozen=True)
class Rule:
    """An eligibility rule: `check(details, call)` returns (ok, detail) where detail is data to show, not prose."""

    label: str
    check: Callable
    # what would make it pass, in the applicant's words ("at least 1 employee"), shown beside the value she gave
    hint: str = ""
    # shown to the applicant when it fails; internal checks (e.g. a flag for staff) stay staff-only
    tell_applicant: bool = True
    # False for conditions settled after submission (a firm confirming its employee): a failure then
    # leaves the application submitted and not yet eligible, instead of refusing it
    decides_at_submission: bool = True


@dataclass(frozen=True)
class Described:
    """What the engine keeps on the Application row from the group's details, for lists, quotas and dedupe."""

    display_name: str
    province_id: int | None = None
    sector_id: int | None = None
    size_class: str = ""
    quota_key: str = ""
    dedupe_hash: str = ""
    needs_case_review: bool = False


@dataclass(frozen=True)
class ApplicationKind:
    group: str
    details_model: type  # has a OneToOneField `application`
    form_class: type  # ModelForm over details_model; takes `call` and `submitting` keyword arguments
    describe: Callable  # (details) -> Described
    on_selected: Callable  # (application, details, actor) -> None; runs inside the decision's transaction
    rules: dict = field(default_factory=dict)  # code -> Rule
    applicant_template: str = ""  # shows the submitted details to the applicant
    staff_template: str = ""  # shows the details to staff
    export_columns: Callable | None = None  # (details) -> list of (header, value) for Excel
    dedupe_label: str = ""  # what makes an applicant unique in a call, for the duplicate message
    quota_keys: tuple = ()  # (key, label) of the sub-groups `describe` puts in quota_key, offered when editing quotas


application_kinds = Registry("application kinds")


def eligibility_report(application) -> list[dict]:
    """The stored eligibility check with each rule's label (in the current language) and who may see it."""
    rules = application_kinds[application.group].rules
    report = []
    for item in application.eligibility:
        rule = rules.get(item["rule"])
        report.append(
            {
                **item,
                "label": rule.label if rule else item["rule"],
                "hint": rule.hint if rule else "",
                "tell_applicant": rule.tell_applicant if rule else False,
            }
        )
    return report
