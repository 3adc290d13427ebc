"""The words of "why this match": each score component and each hard-constraint exclusion as a sentence, in the
language of the page (Turkish first, English second). Reads the language-free snapshot `scoring` stores."""

from django.utils.translation import gettext as _

from matching import scoring

COMPONENT_LABELS = {
    "province": "Province fit",
    "specialisation": "Specialisation fit",
    "sector": "Sector interest",
    "training": "Training results",
    "preference": "Both sides' preferences",
}


def component_label(key: str) -> str:
    return {
        "province": _("Province fit"),
        "specialisation": _("Specialisation fit"),
        "sector": _("Sector interest"),
        "training": _("Training results"),
        "preference": _("Both sides' preferences"),
    }.get(key, key)


def component_text(component: dict) -> str:
    key, detail, value = component["key"], component.get("detail") or {}, component.get("value")
    if key == "province":
        if detail.get("fit") == "relocate":
            return _("The firm is outside the provinces she listed; she is willing to relocate.")
        return _("The firm is in a province where she can work.")
    if key == "specialisation":
        if value is None:
            return _("Does not apply to this track.")
        spec = detail.get("specialisation")
        numbers = {"digital": detail.get("digital_percent", 0), "green": detail.get("green_percent", 0)}
        if spec == "both":
            return (
                _("She covers both digital and green; the firm's roadmap is %(digital)s%% digital, %(green)s%% green.")
                % numbers
            )
        if spec == "digital":
            return (
                _("Her specialisation is digital; %(digital)s%% of the firm's roadmap priorities are digital.")
                % numbers
            )
        return _("Her specialisation is green; %(green)s%% of the firm's roadmap priorities are green.") % numbers
    if key == "sector":
        if value is None:
            return _("She has not named sectors she is interested in.")
        return (
            _("The firm's sector is one she is interested in.")
            if detail.get("match")
            else _("The firm's sector is not among those she named.")
        )
    if key == "training":
        if value is None:
            return _("No training grades yet.")
        return _("Average training grade: %(percent)s / 100.") % {"percent": detail.get("percent")}
    if key == "preference":
        if value is None:
            return _("Neither side has ranked the other yet.")
        parts = []
        if "candidate_rank" in detail:
            rank = detail["candidate_rank"]
            parts.append(
                _("she ranked this firm %(rank)s.") % {"rank": rank} if rank else _("she did not rank this firm.")
            )
        if "firm_rank" in detail:
            rank = detail["firm_rank"]
            parts.append(
                _("the firm ranked her %(rank)s.") % {"rank": rank} if rank else _("the firm did not rank her.")
            )
        if not parts:
            return _("Preferences of both sides count here.")
        return " ".join(p[:1].upper() + p[1:] for p in parts)
    return ""


def exclusion_text(code: str) -> str:
    return {
        scoring.OUTSIDE_PROVINCE: _(
            "Excluded: the firm is in a province where she cannot work, and she does not relocate."
        ),
        scoring.STAYS_WITH_EMPLOYER: _("Excluded: she already works at a participating firm and stays with it."),
        scoring.ALREADY_EMPLOYED_HERE: _("Excluded: she already works at this firm, so a place here is not a new job."),
        scoring.TRACK: _("Excluded: the position is for the other track."),
    }.get(code, code)


def _for_side(component: dict, side: str) -> dict:
    """Each side sees only its own ranking of the other: the firm never reads where she ranked it, nor she where
    the firm ranked her (the preference component's value stays)."""
    if component["key"] != "preference" or side == "staff":
        return component
    hidden = "candidate_rank" if side == "firm" else "firm_rank"
    detail = {k: v for k, v in (component.get("detail") or {}).items() if k != hidden}
    return {**component, "detail": detail}


def rows(components: list, *, side: str = "staff") -> list[dict]:
    """For templates: label, weight, value (0–100 or None), points and the sentence of each component."""
    out = []
    for c in components:
        c = _for_side(c, side)
        value = c.get("value")
        out.append(
            {
                "key": c["key"],
                "label": component_label(c["key"]),
                "weight": c["weight"],
                "value": None if value is None else round(value * 100),
                "points": None if value is None else round(c["weight"] * value, 1),
                "text": component_text(c),
            }
        )
    return out
