"""Money's tasks on the homes: finance sees "approve run #N" as the second person, a trainee sees her failed payment
first; each home's task list costs the same queries at n and 10×n objects."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from matching.models import Employment
from portal import roles
from stipends.models import Entitlement, Payment, PaymentRun, SupportClaim
from tests.factories import TraineeFactory
from tests.helpers import assert_constant_queries
from tests.stipends import builders as b


def _section(html: str) -> str:
    return html.split('id="waiting-for-you"')[1].split("</section>")[0]


def _submitted_runs(pw, preparer):
    def grow(n):
        now = timezone.now()
        PaymentRun.objects.bulk_create(
            PaymentRun(
                program=pw.program,
                period=b.PERIOD,
                purpose="stipends",
                status="submitted",
                prepared_by=preparer,
                submitted_at=now,
                total_kurus=100_000,
            )
            for _ in range(n)
        )
        SupportClaim.objects.bulk_create(
            SupportClaim(
                program=pw.program,
                employment=pw.support_employment,
                firm=pw.firms[0],
                trainee=pw.support_employment.trainee,
                period=b.PERIOD,
                month_index=12,
                gross_salary_kurus=1,
                days_employed=1,
                days_in_month=30,
                supported_kurus=1,
                rule=pw.claim.rule,
                submitted_by=pw.users[roles.FIRM],
                status="rejected",
                decision_reason="x",
            )
            for _ in range(n)
        )

    return grow


def test_the_approver_sees_approve_run_first_and_the_preparer_does_not(client, pw):
    finance = pw.users[roles.FINANCE]
    run = PaymentRun.objects.create(
        program=pw.program, period=b.PERIOD, purpose="stipends", status="submitted", prepared_by=finance
    )
    client.force_login(b.approver(pw))
    html = client.get(reverse("stipends:finance_home")).content.decode()
    assert f"#{run.pk} numaralı ödeme listesini onaylayın" in _section(html)
    assert reverse("stipends:run_detail", args=[run.pk]) in _section(html)
    client.force_login(finance)
    html = client.get(reverse("stipends:finance_home")).content.decode()
    assert f"#{run.pk} numaralı ödeme listesini onaylayın" not in html


def test_the_finance_home_task_list_takes_the_same_queries_at_n_and_10n(client, pw):
    client.force_login(b.approver(pw))
    assert_constant_queries(
        client, reverse("stipends:finance_home"), grow=_submitted_runs(pw, pw.users[roles.FINANCE]), n=2
    )


def _employments(pw):
    def grow(n):
        start = timezone.localdate().replace(day=1) - timedelta(days=40)
        for _ in range(n):
            Employment.objects.create(
                program=pw.program,
                trainee=TraineeFactory(program=pw.program, track="ambassador"),
                firm=pw.firms[0],
                start_date=start,
                planned_end_date=start + timedelta(days=364),
                gross_salary_kurus=4_000_000,
            )

    return grow


def test_the_firm_home_with_claims_to_make_takes_the_same_queries_at_n_and_10n(client, pw):
    client.force_login(pw.users[roles.FIRM])
    assert_constant_queries(client, reverse("firms:home"), grow=_employments(pw), n=2)


def test_a_trainee_sees_her_failed_payment_first_and_the_list_costs_the_same_at_n_and_10n(client, pw):
    her = pw.trainees[roles.AMBASSADOR]
    template = Payment.objects.filter(run=pw.run).select_related("entitlement").first()
    seq = iter(range(1, 10_000))

    def grow(n):
        for _ in range(n):
            ent = Entitlement.objects.create(
                program=pw.program, kind="stipend_adjustment", trainee=her, period=b.PERIOD,
                sequence=next(seq) + 100, amount_kurus=1000,
            )  # fmt: skip
            Payment.objects.create(
                program=pw.program, run=pw.run, entitlement=ent, reference=f"T{ent.pk}", amount_kurus=1000,
                payee_name="x", iban=template.iban, status="failed", failure_reason="IBAN kapalı",
            )  # fmt: skip

    client.force_login(her.user)
    url = reverse("training:my_training")
    assert_constant_queries(client, url, grow=grow, n=2)
    section = _section(client.get(url).content.decode())
    assert "Ödeme başarısız — IBAN&#x27;ınızı güncelleyin" in section
    assert reverse("training:my_iban") in section and "list-group-item-warning" in section
