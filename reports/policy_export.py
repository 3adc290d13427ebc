"""The anonymised data for the policy report: CSV files, a data dictionary and a README of what was removed.

No direct identifiers leave: names, emails, phones, identity and tax numbers, IBANs, addresses, free text and
database ids are dropped; each firm and woman gets a random reference that changes with every export. Dates
become quarters. Every released column is a quasi-identifier and the files are k-anonymous on their
combination (reports/anonymity.py; k is the programme's setting, never below 5): rows in too-small groups are
coarsened (province → area → *, quarter → half-year → year → *, …) and left out only if that is not enough.
"""

import csv
import io
import secrets
import zipfile
from datetime import date

from django.utils import timezone, translation

from portal.xlsx import neutralise
from reports import calculators as calc
from reports.anonymity import Hierarchy, anonymise, quarter_to_half, quarter_to_year

_SIZE_GROUP = {"micro": "SME", "small": "SME", "medium": "SME", "large": "large"}
_SHARE_GROUP = {"<10%": "<25%", "10-25%": "<25%", "25-50%": ">=25%", ">=50%": ">=25%"}


def _column(name):
    return lambda row: row[name]


def _quarter_levels(column):
    return (lambda r: quarter_to_half(r[column]), lambda r: quarter_to_year(r[column]))


# every released column is a quasi-identifier; each coarsens along its own hierarchy before it is withheld
FIRM_HIERARCHIES = (
    Hierarchy("province", (_column("area"),)),
    Hierarchy("area"),
    Hierarchy("sector"),
    Hierarchy("size", (lambda r: _SIZE_GROUP.get(r["size"], r["size"]),)),
    Hierarchy("selected_quarter", _quarter_levels("selected_quarter")),
    Hierarchy("women_share_band", (lambda r: _SHARE_GROUP.get(r["women_share_band"], r["women_share_band"]),)),
    Hierarchy("siri_published"),
    Hierarchy("cosiri_published"),
    Hierarchy("roadmap"),
)
TRAINEE_HIERARCHIES = (
    Hierarchy("track", fixed=True),
    Hierarchy("province", (_column("area"),)),
    Hierarchy("area"),
    Hierarchy("operator_status"),
    Hierarchy("enrolled_quarter", _quarter_levels("enrolled_quarter")),
    Hierarchy("completed"),
    Hierarchy("withdrew"),
    Hierarchy("certified"),
    Hierarchy("employed"),
    Hierarchy("retained_12"),
)


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


def _csv(rows: list[dict], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        # a spreadsheet opens a CSV too: text that would run as a formula is neutralised as in every Excel file
        writer.writerow({k: neutralise(v) if isinstance(v := row.get(k, ""), str) else v for k in columns})
    return buffer.getvalue().encode("utf-8")


FIRM_COLUMNS = {
    "firm_ref": "Random reference of the firm in this export only",
    "province": "Province (coarsened to area, or *, where its combination of values is shared by fewer than k firms)",
    "area": "Pilot province, earthquake province admitted case by case, or other",
    "sector": "NACE division (* where the row's combination of values is shared by fewer than k firms)",
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
    "province": "Province (coarsened to area, or *, where its combination of values is shared by fewer than k women)",
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
    from portal.models import Program
    from training.models import Certificate, Enrolment, Trainee

    today = today or timezone.localdate()
    k = Program.objects.values_list("policy_export_k", flat=True).get(pk=program_id)
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
                    "siri_published": str(int((pk, "SIRI") in published or (pk, "siri") in published)),
                    "cosiri_published": str(int((pk, "COSIRI") in published or (pk, "cosiri") in published)),
                    "roadmap": str(int(pk in roadmaps)),
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
                    "completed": str(int("completed" in e["statuses"])),
                    "withdrew": str(int("withdrawn" in e["statuses"] and "completed" not in e["statuses"])),
                    "certified": str(int(pk in certified)),
                    "employed": str(int(pk in employed)),
                    "retained_12": str(int(pk in retained)),
                }
            )
        if progress:
            progress(2, 3)
        firm_outcome = anonymise(firms, FIRM_HIERARCHIES, k=k)
        trainee_outcome = anonymise(trainees, TRAINEE_HIERARCHIES, k=k)
    dictionary = [
        {"file": name, "column": col, "meaning": meaning}
        for name, columns in (("firms.csv", FIRM_COLUMNS), ("trainees.csv", TRAINEE_COLUMNS))
        for col, meaning in columns.items()
    ]
    readme = README.format(
        date=today.isoformat(),
        k=firm_outcome.k,
        firms=len(firm_outcome.rows),
        trainees=len(trainee_outcome.rows),
        firm_k=firm_outcome.smallest_class or "-",
        trainee_k=trainee_outcome.smallest_class or "-",
        changes="\n".join(
            f"- {file}.{column}: {n} values generalised or withheld"
            for file, outcome in (("firms", firm_outcome), ("trainees", trainee_outcome))
            for column, n in outcome.generalised.items()
            if n
        )
        or "- nothing had to be generalised",
        suppressed=(
            f"- firms: {firm_outcome.suppressed} rows left out\n- women: {trainee_outcome.suppressed} rows left out"
        ),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("firms.csv", _csv(firm_outcome.rows, list(FIRM_COLUMNS)))
        archive.writestr("trainees.csv", _csv(trainee_outcome.rows, list(TRAINEE_COLUMNS)))
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

## k-anonymity (k = {k})
Every column except the random reference is treated as a quasi-identifier. Rows are grouped on the combination
of all of them, and every combination of values in a file describes at least {k} rows (smallest group reached:
{firm_k} firms, {trainee_k} women). To get there, only the rows in too-small groups were coarsened, one step at
a time: province → area (pilot / earthquake province admitted case by case / other) → *; quarter → half-year
→ year → *; size → SME or large → *; women's-share band → under or over 25 % → *; other columns → *
(withheld). The track is never coarsened. Rows that were still in a group smaller than {k} after every column
was withheld were left out:
{suppressed}

What was generalised or withheld:
{changes}

## Files
- firms.csv, trainees.csv: one row per firm and per woman (except the rows left out above).
- data_dictionary.csv: what each column means.
"""
