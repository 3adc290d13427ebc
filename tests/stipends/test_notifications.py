"""Money reaches the person: each state change tells the right people once, in Turkish, with the link to act on;
"waiting for you" lists what finance, a firm and a trainee have to do (the preparer is never asked to approve)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal import roles
from portal.models import Delivery, Membership, Notification, Role
from portal.notifications.service import Recipient
from stipends import claims, services, tell
from stipends.entitlements import stipend_run
from stipends.models import Payment
from stipends.waiting import waiting
from tests.stipends import builders as b
from tests.stipends.test_claims import fund_support, second_month, submit


class _Audience:
    """What a provider reads of the request's audience."""

    def __init__(self, pw, user, *codes, firm_ids=()):
        self.program_id, self.user_id, self.codes, self.firm_ids = pw.program.pk, user.pk, set(codes), list(firm_ids)

    def has_role(self, *codes):
        return bool(self.codes & set(codes))


def told(kind, user=None, **filters):
    rows = Notification.objects.filter(kind=kind, **filters)
    return rows.filter(recipient=user) if user is not None else rows


def test_a_stipend_run_tells_each_trainee_her_amount_or_why_not_and_asks_for_a_missing_iban_once(pw):
    line = b.budget(pw)
    b.rules(pw, line, amount_kurus=500_000, threshold=80)
    (full, low), _ = b.training_month(pw, n=2, attended=[9, 5])
    (no_iban,), _ = b.training_month(pw, n=1, with_iban=False)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)  # again: nothing new, nobody told twice

    (paid,) = told("stipends.stipend_decided", full.user)
    assert paid.subject == "09.2026 ödeneğiniz: 5.000,00 ₺"
    assert paid.link == reverse("stipends:my_stipends")
    (none,) = told("stipends.stipend_decided", low.user)
    assert none.subject == "09.2026 için ödenek yok" and "yüzde 50" in none.body and "yüzde 80" in none.body
    (ask,) = told("stipends.iban_missing", no_iban.user)
    assert ask.link == reverse("training:my_iban") and "IBAN" in ask.subject
    assert not told("stipends.stipend_decided", no_iban.user).exists()
    # the monthly news waits for the daily digest; the missing IBAN is sent at once
    assert paid.deliveries.get(channel="email").status == Delivery.Status.DIGEST
    assert ask.deliveries.get(channel="email").status == Delivery.Status.PENDING


def _exported_run(pw, n=3):
    finance = pw.users[roles.FINANCE]
    line = b.budget(pw, amount_kurus=5_000_000)
    b.rules(pw, line, amount_kurus=500_000)
    trainees, _ = b.training_month(pw, n=n)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = b.approved_run(pw)
    services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    return run, trainees


def test_a_returned_payment_tells_her_to_update_her_iban_by_sms_and_a_paid_one_says_so(pw):
    run, _trainees = _exported_run(pw)
    payments = list(run.payments.select_related("entitlement__trainee").order_by("pk"))
    returned = payments[0]
    her = returned.entitlement.trainee
    her.phone = "0532 111 22 33"
    her.save(update_fields=["phone"])
    content = b.result_csv(payments, failed={returned.reference})
    services.statement_upload(
        run=run, actor=pw.users[roles.FINANCE], upload=SimpleUploadedFile("r.csv", content, content_type="text/csv")
    )
    (failed,) = told("stipends.payment_failed", her.user)
    assert failed.subject == "09.2026 ödeneğiniz ödenemedi: IBAN'ınızı güncelleyin"
    assert failed.link == reverse("training:my_iban") and "IBAN kapalı" in failed.body
    assert failed.deliveries.get(channel="sms").address == "+905321112233"
    for p in payments[1:]:
        (sent,) = told("stipends.payment_sent", p.entitlement.trainee.user)
        assert sent.subject == "09.2026 ödeneğiniz ödendi: 5.000,00 ₺"
    assert not told("stipends.payment_sent", her.user).exists()
    # the same settlement told again (a retried task, a re-read statement): nobody hears it twice
    settled = list(Payment.objects.filter(run=run).select_related("entitlement"))
    assert tell.payments_settled_tell(payments=settled) == 0


def test_a_submitted_run_asks_the_other_approvers_never_the_preparer(pw):
    finance = pw.users[roles.FINANCE]
    # the preparer also holds the approver role: still not asked (four eyes)
    Membership.objects.create(program=pw.program, user=finance, role=Role.objects.get(code=roles.FINANCE_APPROVER))
    approver = b.approver(pw)
    line = b.budget(pw)
    b.rules(pw, line)
    b.training_month(pw, n=2)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=b.PERIOD, purpose="stipends")
    run = services.payment_run_submit(run=run, actor=finance)
    (asked,) = told("stipends.run_waiting_approval")
    assert asked.recipient == approver
    assert asked.subject == f"#{run.pk} numaralı ödeme listesi onayınızı bekliyor"
    assert asked.link == reverse("stipends:run_detail", args=[run.pk])

    approve = f"#{run.pk} numaralı ödeme listesini onaylayın"
    mine = waiting(_Audience(pw, approver, roles.FINANCE_APPROVER))
    assert [t.url for t in mine if t.title == approve] == [reverse("stipends:run_detail", args=[run.pk])]
    hers = waiting(_Audience(pw, finance, roles.FINANCE, roles.FINANCE_APPROVER))
    assert approve not in [t.title for t in hers]


def test_bank_lines_matching_no_payment_tell_finance_and_wait_on_her_home(pw):
    run, _ = _exported_run(pw, n=1)
    payments = list(run.payments.all())
    content = b.result_csv(payments) + b"YOK-1;10,00;odendi;\n"
    services.statement_upload(
        run=run, actor=pw.users[roles.FINANCE], upload=SimpleUploadedFile("r.csv", content, content_type="text/csv")
    )
    (note,) = told("stipends.reconciliation_exceptions", pw.users[roles.FINANCE])
    assert note.link == reverse("stipends:exceptions") and "1 banka satırı" in note.subject


def test_a_claim_decision_tells_the_firm_with_the_reason(pw):
    fund_support(pw)
    firm_user = pw.users[roles.FIRM]
    claim = submit(pw, second_month(pw))
    claims.claim_verify(claim=claim, actor=pw.users[roles.STAFF])
    (ok,) = told("stipends.claim_verified", firm_user, object_id=claim.pk)
    assert "onaylandı" in ok.subject and ok.link == reverse("stipends:claim_detail", args=[claim.pk])
    claims.claim_reject(claim=pw.claim, actor=pw.users[roles.STAFF], reason="SGK bildirgesi eksik")
    (no,) = told("stipends.claim_rejected", firm_user, object_id=pw.claim.pk)
    assert "reddedildi" in no.subject and "SGK bildirgesi eksik" in no.body


def test_the_firm_is_asked_to_claim_last_month_and_the_trainee_to_give_her_iban(pw):
    firm_user = pw.users[roles.FIRM]
    tasks = waiting(_Audience(pw, firm_user, roles.FIRM, firm_ids=[pw.firms[0].pk]))
    name = pw.support_employment.trainee.user.full_name
    claim_tasks = [t for t in tasks if name in t.title]
    assert [t.url for t in claim_tasks] == [reverse("stipends:claim_new", args=[pw.support_employment.pk])]

    supported = pw.support_employment.trainee  # she has no IBAN in the world
    tasks = waiting(_Audience(pw, supported.user, roles.AMBASSADOR))
    assert [(t.title, t.url) for t in tasks] == [("IBAN'ınızı girin", reverse("training:my_iban"))]


def test_a_failed_payment_waits_on_her_home_until_she_changes_her_iban(pw):
    run, _ = _exported_run(pw, n=1)
    (payment,) = run.payments.select_related("entitlement__trainee__user")
    services.statement_upload(
        run=run,
        actor=pw.users[roles.FINANCE],
        upload=SimpleUploadedFile("r.csv", b.result_csv([payment], failed={payment.reference})),
    )
    her = payment.entitlement.trainee
    (task,) = waiting(_Audience(pw, her.user, roles.AMBASSADOR))
    assert (task.title, task.url, task.urgent) == (
        "Ödeme başarısız — IBAN'ınızı güncelleyin",
        reverse("training:my_iban"),
        True,
    )
    from django.utils import timezone

    her.iban_changed_at = timezone.now()
    her.save(update_fields=["iban_changed_at"])
    assert waiting(_Audience(pw, her.user, roles.AMBASSADOR)) == []


def test_recipient_of_a_trainee_is_her_phone(pw):
    """The helper the money kinds use: her account and the mobile number on her trainee record."""
    from portal.notifications import recipients

    (t,), _ = b.training_month(pw, n=1)
    t.phone = "05321112233"
    assert recipients.trainee(t) == Recipient(user=t.user, phone="05321112233")


def test_staff_see_on_the_claim_who_was_told_and_the_firm_does_not(client, pw):
    claims.claim_reject(claim=pw.claim, actor=pw.users[roles.STAFF], reason="SGK bildirgesi eksik")
    url = reverse("stipends:claim_detail", args=[pw.claim.pk])
    client.force_login(pw.users[roles.STAFF])
    html = client.get(url).content.decode()
    assert "reddedildi" in html.split('id="sent-title"')[1].split("</section>")[0]
    client.force_login(pw.users[roles.FIRM])
    assert 'id="sent-title"' not in client.get(url).content.decode()
