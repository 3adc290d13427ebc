"""k-anonymity of the policy export on combinations of columns, not column by column."""

import csv
import io
import zipfile
from collections import Counter

from django_scopes import scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.tenancy import program_scope
from reports import policy_export
from reports.anonymity import WITHHELD, Hierarchy, anonymise, quarter_to_half, quarter_to_year
from tests.factories import TraineeFactory, province

QUARTERS = [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]
HIERARCHIES = (
    Hierarchy("track", fixed=True),
    Hierarchy("province", (lambda r: r["area"],)),
    Hierarchy("area"),
    Hierarchy("quarter", (lambda r: quarter_to_half(r["quarter"]), lambda r: quarter_to_year(r["quarter"]))),
    Hierarchy("withdrew"),
)
COLUMNS = [h.column for h in HIERARCHIES]

row = st.fixed_dictionaries(
    {
        "ref": st.uuids().map(str),
        "track": st.sampled_from(["ambassador", "operator"]),
        "province": st.sampled_from(["İstanbul", "İzmir", "Bursa", "Kocaeli", "Hatay", "Van"]),
        "quarter": st.sampled_from(QUARTERS),
        "withdrew": st.sampled_from(["0", "1"]),
    }
).map(lambda r: {**r, "area": {"Hatay": "earthquake", "Van": "other"}.get(r["province"], "pilot")})


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(row, max_size=120), k=st.integers(min_value=1, max_value=12))
def test_every_combination_describes_at_least_k_rows_and_no_row_is_invented(rows, k):
    outcome = anonymise(rows, HIERARCHIES, k=k)
    assert outcome.k == max(k, 5), "k is never below 5, whatever the setting says"
    groups = Counter(tuple(r[c] for c in COLUMNS) for r in outcome.rows)
    assert all(n >= outcome.k for n in groups.values())
    # every row released or counted as left out, each exactly once, and consistent with its original
    assert len(outcome.rows) + outcome.suppressed == len(rows)
    originals = {r["ref"]: r for r in rows}
    for released in outcome.rows:
        original = originals[released["ref"]]
        assert released["track"] == original["track"], "the track is never coarsened"
        assert released["province"] in (original["province"], original["area"], WITHHELD)
        assert released["quarter"] in (
            original["quarter"],
            quarter_to_half(original["quarter"]),
            quarter_to_year(original["quarter"]),
            WITHHELD,
        )


def test_rows_in_large_groups_keep_their_detail():
    common = [
        {"ref": str(i), "track": "operator", "province": "İstanbul", "area": "pilot", "quarter": "2026-Q1"}
        | {"withdrew": "0"}
        for i in range(8)
    ]
    lonely = {"ref": "x", "track": "operator", "province": "İstanbul", "area": "pilot", "quarter": "2026-Q1"}
    outcome = anonymise([*common, lonely | {"withdrew": "1"}], HIERARCHIES, k=5)
    # the one woman who withdrew cannot be singled out (no coarsening hides her among fewer than 5: she is left
    # out and counted), and the eight others keep every detail
    assert outcome.suppressed == 1
    assert [r["ref"] for r in outcome.rows] == [str(i) for i in range(8)]
    assert all(r["province"] == "İstanbul" and r["withdrew"] == "0" for r in outcome.rows)
    assert outcome.generalised["province"] == 0


def test_the_policy_export_is_k_anonymous_on_every_combination_and_says_so(world):
    pw = world.a
    with scopes_disabled():
        for _ in range(6):
            TraineeFactory(program=pw.program, province=province(34))
    with program_scope(pw.program.pk):
        archive = zipfile.ZipFile(io.BytesIO(policy_export.build(program_id=pw.program.pk)))
    readme = archive.read("README.md").decode()
    assert "k-anonymity (k = 5)" in readme
    for name, hierarchies in (
        ("trainees.csv", policy_export.TRAINEE_HIERARCHIES),
        ("firms.csv", policy_export.FIRM_HIERARCHIES),
    ):
        rows = list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        groups = Counter(tuple(r[h.column] for h in hierarchies) for r in rows)
        assert all(n >= 5 for n in groups.values()), (name, groups)
