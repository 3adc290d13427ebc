"""The anonymised data for the policy report: CSV files, a data dictionary and a README of what was removed.

No direct identifiers leave: names, emails, phones, identity and tax numbers, IBANs, addresses, free text and
database ids are dropped; each firm and woman gets a random reference that changes with every export. Dates
become quarters. Quasi-identifiers are generalised so that no combination describes fewer than 5 records:
a province shared by fewer than 5 becomes its area (pilot / earthquake / other), and if that is still too small
the value is withheld ("*").
"""

import csv
import io
import secrets
import zipfile
from collections import Counter
from datetime import date

from django.utils import timezone, translation

from reports import calculators as calc
from reports.figures import SUPPRESS_BELOW

WITHHELD = "*"


def _quarter(day) -> str:
    if day is None:
        return ""
    if hasattr(day, "date"):
        day = timezone.localtime(day).date()
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _share_band(women: int, total: int) -> str:
    if not total:
        return ""
    share = 100 * women / total
    for limit, label in ((10, "<10%"), (25, "10-25%"), (50, "25-50%")):
        if share < limit:
            return label
    return ">=50%"


def generalise(rows: list[dict], *, key: str, fallback: str, together: tuple[str, ...] = ()) -> int:
    """Replace `key` by `fallback`'s value where the combination (key, *together) has fewer than SUPPRESS_BELOW
    rows; withhold it where even that is too small. Returns how many values were changed."""
    changed = 0
    counts = Counter(tuple(r[k] for k in (key, *together)) for r in rows)
    for r in rows:
        if counts[tuple(r[k] for k in (key, *together))] < SUPPRESS_BELOW:
            r[key] = r[fallback]
            changed += 1
    counts = Counter(tuple(r[k] for k in (key, *together)) for r in rows)
    for r in rows:
        if counts[tuple(r[k] for k in (key, *together))] < SUPPRESS_BELOW and r[key] != WITHHELD:
            r[key] = WITHHELD
            changed += 1
    return changed


def _csv(rows: list[dict], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in columns})
    return buffer.getvalue().encode("utf-8")


FIRM_COLUMNS = {
    "firm_ref": "Random reference of the firm in this export only",
    "province": "Province (generalised to area, or *, where fewer than 5 firms share it)",
    "area": "Pilot province, earthquake province admitted case by case, or other",
    "sector": "NACE division (generalised to * where fewer than 5 firms share it)",
    "size": "Size class (micro, small, medium, large) from the latest workforce figures",
    "selected_quarter": "Quarter the firm was selected",
    "women_share_band": "Band of the women's share in the latest workforce figures",
    "siri_published": "1 if a SIRI assessment was published",
    "cosiri_published": "1 if a COSIRI assessment was published",
    "roadmap": "1 if the firm has a roadmap",
}
TRAINEE_COLUMNS = {
    "person_ref": "Random reference of the woman in this export only",
    "track": "ambassador or operator",
    "province": "Province (generalised to area, or *, where fewer than 5 share it with the same track)",
    "area": "Pilot province, earthquake province admitted case by case, or other",
    "operator_status": "For operators: employed in a programme firm or job-seeking at application",
    "enrolled_quarter": "Quarter of her first enrolment",
    "completed": "1 if she completed a cohort",
    "withdrew": "1 if she withdrew from a cohort and never completed one",
    "certified": "1 if she holds a certificate",
    "employed": "1 if she started a job in a programme firm",
    "retained_12": "1 if the firm confirmed she was still employed 12 months after starting",
}


def build(*, program_id: int, progress=None, today: date | None = None) -> bytes:
    from assessments.models import AssessmentTransition, Roadmap
    from firms.models import Firm
    from training.models import Certificate, Enrolment, Trainee

    today = today or timezone.localdate()
    with translation.override("en"):
        facts = calc.Facts(program_id, today)
        firm_facts, trainee_facts = facts.firms, facts.trainees
        published = set(
            AssessmentTransition.objects.filter(program_id=program_id, to_status="published").values_list(
                "firm_id", "assessment__framework__code"
            )
        )
        roadmaps = set(Roadmap.objects.filter(program_id=program_id).values_list("firm_id", flat=True))
        firms = []
        for pk, created_at, division in Firm.objects.filter(program_id=program_id).values_list(
            "pk", "created_at", "sector__division"
        ):
            snap = facts.latest_workforce.get(pk)
            women = (snap.white_collar_women + snap.blue_collar_women) if snap else 0
            total = calc._total(snap) if snap else 0
            f = firm_facts[pk]
            firms.append(
                {
                    "firm_ref": secrets.token_hex(6),
                    "province": f["province"],
                    "area": f["area"],
                    "sector": division or "",
                    "size": f["size"],
                    "selected_quarter": _quarter(created_at),
                    "women_share_band": _share_band(women, total),
                    "siri_published": int((pk, "SIRI") in published or (pk, "siri") in published),
                    "cosiri_published": int((pk, "COSIRI") in published or (pk, "cosiri") in published),
                    "roadmap": int(pk in roadmaps),
                }
            )
        if progress:
            progress(1, 3)
        enrolments = {}
        for trainee_id, status, enrolled_on in Enrolment.objects.filter(program_id=program_id).values_list(
            "trainee_id", "status", "enrolled_on"
        ):
            e = enrolments.setdefault(trainee_id, {"first": enrolled_on, "statuses": set()})
            e["first"] = min(e["first"], enrolled_on)
            e["statuses"].add(status)
        certified = set(Certificate.objects.filter(program_id=program_id).values_list("trainee_id", flat=True))
        employed = {t for _pk, t, _track in facts.employments}
        retained = {t for _pk, t, _track, month in facts.retained if month == 12}
        trainees = []
        for pk in Trainee.objects.filter(program_id=program_id).values_list("pk", flat=True):
            t, e = trainee_facts[pk], enrolments.get(pk, {"first": None, "statuses": set()})
            trainees.append(
                {
                    "person_ref": secrets.token_hex(6),
                    "track": t["_track"],
                    "province": t["province"],
                    "area": t["area"],
                    "operator_status": t["operator_status"] if t["_track"] == "operator" else "",
                    "enrolled_quarter": _quarter(e["first"]),
                    "completed": int("completed" in e["statuses"]),
                    "withdrew": int("withdrawn" in e["statuses"] and "completed" not in e["statuses"]),
                    "certified": int(pk in certified),
                    "employed": int(pk in employed),
                    "retained_12": int(pk in retained),
                }
            )
        if progress:
            progress(2, 3)
        for r in firms:
            r["_none"] = WITHHELD
        generalised = {
            "firms.province": generalise(firms, key="province", fallback="area"),
            "firms.sector": generalise(firms, key="sector", fallback="_none"),
            "trainees.province": generalise(trainees, key="province", fallback="area", together=("track",)),
        }
    dictionary = [
        {"file": name, "column": col, "meaning": meaning}
        for name, columns in (("firms.csv", FIRM_COLUMNS), ("trainees.csv", TRAINEE_COLUMNS))
        for col, meaning in columns.items()
    ]
    readme = README.format(
        date=today.isoformat(),
        k=SUPPRESS_BELOW,
        firms=len(firms),
        trainees=len(trainees),
        changes="\n".join(f"- {k}: {v} values generalised or withheld" for k, v in generalised.items()),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("firms.csv", _csv(firms, list(FIRM_COLUMNS)))
        archive.writestr("trainees.csv", _csv(trainees, list(TRAINEE_COLUMNS)))
        archive.writestr("data_dictionary.csv", _csv(dictionary, ["file", "column", "meaning"]))
        archive.writestr("README.md", readme.encode("utf-8"))
    if progress:
        progress(3, 3)
    return buffer.getvalue()


README = """# Policy-report data (anonymised)

Exported on {date}. {firms} firms, {trainees} women (change ambassadors and operators).

## What was removed
- Direct identifiers: names, email addresses, phone numbers, T.C. identity numbers, tax numbers (VKN), IBANs,
  addresses, districts, organised industrial zones, free-text answers and notes, database ids.
- Every firm and woman has a random reference (firm_ref, person_ref) made for this export only: two exports
  cannot be joined on it, and it leads back to no record.
- Exact dates: only the quarter is given.
- Age and disability are not recorded by the portal, so they are not in the data.

## What was generalised (small cells)
No value of a quasi-identifier describes fewer than {k} records: a province shared by fewer than {k} firms (or
women of the same track) is replaced by its area (pilot / earthquake province admitted case by case / other);
where even the area is too small, and for sectors shared by fewer than {k} firms, the value is withheld (*).
{changes}

## Files
- firms.csv, trainees.csv: one row per firm and per woman.
- data_dictionary.csv: what each column means.
"""
