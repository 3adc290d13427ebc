"""Amounts finance types in lira: every valid way a Turkish officer writes one is accepted, anything else is a
form error — never a 500, never a half-saved row."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import roles
from stipends import calc
from stipends.forms import LiraField
from stipends.models import StipendRule
from stipends.services import budget_figures
from tests.stipends import builders as b


@pytest.mark.parametrize(
    ("typed", "kurus"),
    [
        ("1000", 100_000),
        ("1.000,50", 100_050),
        ("1.000", 100_000),
        ("12.500.000", 1_250_000_000),
        ("7500,5", 750_050),
        ("7500.25", 750_025),
        ("₺ 2.000", 200_000),
    ],
)
def test_lira_field_reads_what_finance_types(typed, kurus):
    assert LiraField().clean(typed) == kurus


@pytest.mark.parametrize(
    "typed",
    ["NaN", "Infinity", "INF", "-5", "0", "⁰⁴⁵", "١٢٣", "1e9", "9" * 40, "1,2,3", "abc", "12.34.5", "\x00"],
)
def test_lira_field_refuses_everything_else_with_a_message(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        LiraField().clean(typed)


@given(st.text(max_size=40))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_lira_field_never_raises_anything_but_a_validation_error(text):
    from django.core.exceptions import ValidationError

    try:
        value = LiraField(required=False).clean(text)
    except ValidationError:
        return
    assert value is None or (isinstance(value, int) and 0 < value <= LiraField.max_kurus)


@given(st.integers(min_value=1, max_value=LiraField.max_kurus))
def test_every_amount_written_the_turkish_way_reads_back(kurus):
    whole, frac = divmod(kurus, 100)
    assert LiraField().clean(f"{whole:,}".replace(",", ".") + f",{frac:02d}") == kurus
    assert calc.kurus_from_text(calc.kurus_to_text(kurus)) == kurus


def test_finance_adds_funds_and_a_rule_with_turkish_amounts(pw, client):
    line = b.budget(pw)
    allocated = budget_figures(program_id=pw.program.pk)
    client.force_login(pw.users[roles.FINANCE])
    response = client.post(
        reverse("stipends:budget"),
        {"fund": "1", "budget_line": line.pk, "amount": "1.000,50", "reference": "EU tranche 2"},
    )
    assert response.status_code == 302
    after = budget_figures(program_id=pw.program.pk)
    assert after != allocated
    response = client.post(
        reverse("stipends:rules"),
        {
            "stipend": "1",
            "track": "ambassador",
            "monthly_amount": "12.500",
            "attendance_threshold_percent": "80",
            "prorate_partial_months": "on",
            "effective_from": "2027-01-01",
            "budget_line": line.pk,
        },
    )
    assert response.status_code == 302
    assert StipendRule.objects.filter(program=pw.program, monthly_amount_kurus=1_250_000).exists()


@pytest.mark.parametrize("typed", ["NaN", "⁰⁴⁵", "1" * 30, "-1"])
def test_a_bad_amount_is_a_form_error_and_saves_nothing(pw, client, typed):
    line = b.budget(pw)
    client.force_login(pw.users[roles.FINANCE])
    before = budget_figures(program_id=pw.program.pk)
    response = client.post(
        reverse("stipends:budget"), {"fund": "1", "budget_line": line.pk, "amount": typed, "reference": "x"}
    )
    assert response.status_code == 400
    assert budget_figures(program_id=pw.program.pk) == before
