"""Money pages as each user meets them: finance prepares, a second person approves, the preparer cannot; a
trainee sees only her own money; pages keep a constant number of queries."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal import roles
from portal.models import PiiAccessLog
from stipends.entitlements import stipend_run
from stipends.models import BankFileFormat, Entitlement, Payment, PaymentRun
from tests.helpers import assert_constant_queries
from tests.stipends import builders as b


def _ready(pw, n=2):
    line = b.budget(pw)
    b.rules(pw, line)
    trainees, _ = b.training_month(pw, n=n)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    b.csv_format(pw)
    return trainees


def test_finance_prepares_a_second_person_approves_and_the_preparer_cannot(pw, client):
    _ready(pw)
    client.force_login(pw.users[roles.FINANCE])
    response = client.post(reverse("stipends:run_new"), {"period": "2026-09", "purpose": "stipends"})
    run = PaymentRun.objects.filter(program=pw.program, status="draft").get()
    assert response.url == reverse("stipends:run_detail", args=[run.pk])
    client.post(reverse("stipends:run_submit", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "submitted" and len(run.digest) == 64
    assert client.post(reverse("stipends:run_approve", args=[run.pk])).status_code == 403
    client.force_login(b.approver(pw))
    page = client.get(reverse("stipends:run_detail", args=[run.pk]))
    assert "Onayla ve deftere işle" in page.content.decode()
    client.post(reverse("stipends:run_approve", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "approved" and run.approved_by == b.approver(pw)


def test_the_approver_role_alone_cannot_approve_her_own_run(pw, client):
    """A finance officer who also holds the approver role still cannot approve what she prepared."""
    from portal.models import Membership, Role

    _ready(pw, n=1)
    finance = pw.users[roles.FINANCE]
    Membership.objects.create(program=pw.program, user=finance, role=Role.objects.get(code=roles.FINANCE_APPROVER))
    client.force_login(finance)
    client.post(reverse("stipends:run_new"), {"period": "2026-09", "purpose": "stipends"})
    run = PaymentRun.objects.filter(program=pw.program, status="draft").get()
    client.post(reverse("stipends:run_submit", args=[run.pk]))
    assert client.post(reverse("stipends:run_approve", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == "submitted"


def test_bank_file_download_and_a_bad_upload_is_a_clear_message(pw, client):
    _ready(pw)
    run = b.approved_run(pw)
    client.force_login(pw.users[roles.FINANCE])
    fmt = BankFileFormat.objects.filter(program=pw.program).order_by("-pk").first()
    client.post(reverse("stipends:run_export", args=[run.pk]), {"format": fmt.pk})
    bank_file = run.bank_files.get()
    url = reverse("stipends:bank_file_download", args=[bank_file.pk])
    assert 'name="reason"' in client.get(url).content.decode()  # the page asks why before handing the file over
    assert client.post(url, {"reason": ""}).status_code == 400
    download = client.post(url, {"reason": "Bankaya yeniden gönderim"})
    assert b"KONTROL;2;" in b"".join(download.streaming_content)
    assert not bank_file.file.storage.raw(bank_file.file.name).count(b"KONTROL")  # encrypted on disk
    logged = PiiAccessLog.objects.get(subject_type="stipends.bankfile", subject_id=str(bank_file.pk))
    assert (logged.actor, logged.reason) == (pw.users[roles.FINANCE], "Bankaya yeniden gönderim")
    response = client.post(
        reverse("stipends:run_reconcile", args=[run.pk]),
        {"file": SimpleUploadedFile("x.csv", b"Ad;Soyad\nA;B\n")},
        follow=True,
    )
    assert "referans ve bir tutar" in response.content.decode()
    assert not Payment.objects.filter(run=run, status__in=["paid", "failed"]).exists()


def test_a_trainee_sees_her_own_month_and_the_reason_but_nobody_elses(pw, client):
    mine, other = _ready(pw)
    Entitlement.objects.filter(trainee=mine).delete()
    Entitlement.objects.create(
        program=pw.program,
        kind="stipend",
        trainee=mine,
        period=b.PERIOD,
        amount_kurus=0,
        reason="below_threshold",
        snapshot={"rate": "55.00"},
    )
    client.force_login(mine.user)
    html = client.get(reverse("stipends:my_stipends")).content.decode()
    assert "Devam, eşiğin altında" in html and "55.00" in html
    assert other.user.full_name not in html


def test_pages_keep_a_constant_number_of_queries(pw, client):
    line = b.budget(pw, amount_kurus=500_000_000)
    b.rules(pw, line)
    b.csv_format(pw)
    client.force_login(pw.users[roles.FINANCE])
    state = {"month": 0}

    def grow(n):
        from datetime import date

        b.training_month(pw, n=n)
        stipend_run(program_id=pw.program.pk, period=b.PERIOD)
        Payment.objects.filter(run__program=pw.program, status="pending").update(status="cancelled")
        run = b.approved_run(pw)
        state["run"] = run
        state["month"] += 1
        assert isinstance(run.period, date)

    grow(3)
    for name in (
        "stipends:entitlement_list",
        "stipends:run_list",
        "stipends:budget",
        "stipends:totals",
        "stipends:finance_home",
        "stipends:exceptions",
    ):
        assert_constant_queries(client, reverse(name), grow=grow, n=3)
    run_url = lambda: reverse("stipends:run_detail", args=[state["run"].pk])  # noqa: E731
    grow(3)
    small = len_queries(client, run_url())
    grow(30)
    assert len_queries(client, run_url()) == small


def len_queries(client, url):
    from tests.helpers import count_queries

    return count_queries(client, url)[0]


def test_claim_list_and_my_stipends_keep_a_constant_number_of_queries(pw, client):
    from stipends.models import SupportClaim

    def grow_claims(n):
        base = SupportClaim.objects.filter(pk=pw.claim.pk).values()[0]
        for i in range(n):
            row = {k: v for k, v in base.items() if k != "id"}
            row["status"] = "rejected"
            row["decision_reason"] = f"r{i}"
            SupportClaim.objects.create(**row)

    client.force_login(pw.users[roles.STAFF])
    assert_constant_queries(client, reverse("stipends:claim_list"), grow=grow_claims, n=3)
    ambassador = pw.trainees[roles.AMBASSADOR]

    def grow_months(n):
        from datetime import date

        start = Entitlement.objects.filter(trainee=ambassador).count()
        Entitlement.objects.bulk_create(
            Entitlement(
                program=pw.program,
                kind="stipend",
                trainee=ambassador,
                period=date(2020 + (start + i) // 12, (start + i) % 12 + 1, 1),
                amount_kurus=100,
                snapshot={},
            )
            for i in range(n)
        )

    client.force_login(ambassador.user)
    assert_constant_queries(client, reverse("stipends:my_stipends"), grow=grow_months, n=3)


def test_the_running_month_cannot_be_computed_until_it_has_ended(client, world):
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from stipends.models import StipendRun

    client.force_login(world.a.users[roles.FINANCE])
    this_month = timezone.localdate().strftime("%Y-%m")
    response = client.post(reverse("stipends:stipend_run_start"), {"period": this_month}, follow=True)
    assert "ay bittikten sonra hesaplanır" in response.content.decode()
    with scopes_disabled():
        assert not StipendRun.objects.filter(program=world.a.program, period__gte=timezone.localdate().replace(day=1))


def test_finance_sees_the_runs_excel_and_statements_that_staff_are_not_shown(client, world):
    from django.urls import reverse

    from portal import roles

    url = reverse("stipends:run_detail", args=[world.a.run.pk])
    lines = reverse("stipends:run_lines_xlsx", args=[world.a.run.pk])
    client.force_login(world.a.users[roles.FINANCE])
    assert lines in client.get(url).content.decode()
    client.force_login(world.a.users[roles.STAFF])
    assert lines not in client.get(url).content.decode()
