"""Money's notification kinds: what a woman or a firm owes back, and why."""

from django.utils.translation import gettext_lazy as _

from portal.models.notifications import Channel
from portal.notifications.kinds import register

MONEY = (Channel.INBOX, Channel.EMAIL)

register(
    key="stipends.stipend_recovery",
    audience="trainee",
    label=_("Stipend to be recovered"),
    subject=_("{{ amount }} of your stipend will be recovered"),
    body=_(
        "A correction for {{ month }} means {{ amount }} was paid to you too much: {{ reason }}. It will be "
        "deducted from your next payment; your stipend page shows the details."
    ),
    example={"amount": "1.250,00 ₺", "month": "11.2026", "reason": "devam düzeltmesi"},
    channels=MONEY,
    optional=False,
)
register(
    key="stipends.support_clawback",
    audience="firm",
    label=_("Salary support owed back"),
    subject=_("Salary support to be paid back: {{ amount }}"),
    body=_(
        "{{ name }}'s employment ended on {{ day }}, so {{ amount }} of the salary support for {{ month }} is owed "
        "back ({{ days }} days were employed). Your salary-support page shows the amount owed and how to settle it."
    ),
    example={"amount": "7.500,00 ₺", "month": "11.2026", "day": "20.11.2026", "days": 19, "name": "Ayşe Yılmaz"},
    channels=MONEY,
    optional=False,
)

ALL = (Channel.INBOX, Channel.EMAIL, Channel.SMS)
MONTH = {"month": "11.2026"}

# --- trainees -------------------------------------------------------------------------------------------------

register(
    key="stipends.stipend_decided",
    audience="trainee",
    label=_("Your stipend for a month: the amount, or why there is none"),
    subject=_(
        "{% if amount %}Your stipend for {{ month }}: {{ amount }}{% else %}No stipend for {{ month }}{% endif %}"
    ),
    body=_(
        "{% if amount %}Your stipend for {{ month }} is {{ amount }} (attendance {{ rate }} %). It is paid in the "
        "next payment run to the IBAN you gave.{% elif reason == 'below_threshold' %}Your attendance in {{ month }} "
        "was {{ rate }} %; the stipend needs {{ threshold }} %, so there is no stipend for this month."
        "{% elif reason == 'withdrawn' %}You left the training, so there is no stipend for {{ month }}."
        "{% elif reason == 'no_sessions' %}You had no training sessions in {{ month }}, so there is no stipend for it."
        "{% elif reason == 'salary_supported' %}You were employed with salary support in {{ month }}: the firm's "
        "salary support replaces the stipend for those days.{% else %}There is no stipend for {{ month }}: the "
        "programme has not set one for your track. Ask the programme office.{% endif %} Your stipend page shows "
        "each month and why."
    ),
    example={"amount": "2.500,00 ₺", "rate": "85", "threshold": 80, "reason": "below_threshold", **MONTH},
    digest=True,
)
register(
    key="stipends.iban_missing",
    audience="trainee",
    label=_("Your stipend waits for your IBAN"),
    subject=_("Give your IBAN so your stipend for {{ month }} can be paid"),
    body=_(
        "Your stipend for {{ month }} cannot be paid: we have no IBAN for you. Enter the IBAN of an account in your "
        "own name on your IBAN page; the month is paid in the next payment run after that."
    ),
    sms=_("Your stipend for {{ month }} waits for your IBAN. Enter it here:"),
    example=MONTH,
    channels=ALL,
    optional=False,
    urgent=True,
)
register(
    key="stipends.payment_sent",
    audience="trainee",
    label=_("Your stipend is paid"),
    subject=_("Your stipend for {{ month }} is paid: {{ amount }}"),
    body=_(
        "The bank confirmed that {{ amount }} for {{ month }} was paid into your account ending {{ iban_end }}."
        "{% if netted %} {{ netted }} of your stipend settled what you owed the programme.{% endif %}"
    ),
    example={"amount": "2.500,00 ₺", "iban_end": "•• 1234", "netted": "250,00 ₺", **MONTH},
    channels=MONEY,
)
register(
    key="stipends.payment_failed",
    audience="trainee",
    label=_("Your stipend payment failed"),
    subject=_("Your stipend for {{ month }} could not be paid: update your IBAN"),
    body=_(
        "The bank returned the payment of {{ amount }} for {{ month }}: {{ reason }}. Please check the IBAN on your "
        "IBAN page and correct it (it must be an account in your own name). The payment is sent again in the next "
        "payment run; you do not need to apply again."
    ),
    sms=_("Your stipend for {{ month }} was returned by the bank. Update your IBAN:"),
    example={"amount": "2.500,00 ₺", "reason": "IBAN hatalı", **MONTH},
    channels=ALL,
    optional=False,
    urgent=True,
)

# --- firms ----------------------------------------------------------------------------------------------------

CLAIM = {"name": "Ayşe Yılmaz", "amount": "7.500,00 ₺", **MONTH}

register(
    key="stipends.claim_verified",
    audience="firm",
    label=_("Salary-support claim verified"),
    subject=_("Salary support for {{ name }}, {{ month }}: verified, {{ amount }}"),
    body=_(
        "Your salary-support claim for {{ name }} for {{ month }} is verified: {{ amount }} is paid to your firm's "
        "account in the next payment run."
    ),
    example=CLAIM,
    channels=MONEY,
)
register(
    key="stipends.claim_rejected",
    audience="firm",
    label=_("Salary-support claim rejected"),
    subject=_("Salary-support claim for {{ name }}, {{ month }}: rejected"),
    body=_(
        "Your salary-support claim for {{ name }} for {{ month }} was rejected: {{ reason }}. You can claim the "
        "month again with corrected documents on your salary-support page."
    ),
    example={**CLAIM, "reason": "SGK bildirgesi eksik"},
    channels=MONEY,
    optional=False,
)
register(
    key="stipends.support_paid",
    audience="firm",
    label=_("Salary support paid"),
    subject=_("Salary support paid: {{ amount }} for {{ month }}"),
    body=_(
        "The bank confirmed that {{ amount }} of salary support for {{ name }} ({{ month }}) was paid into your "
        "firm's account ending {{ iban_end }}.{% if netted %} {{ netted }} settled what the firm owed back.{% endif %}"
    ),
    example={**CLAIM, "iban_end": "•• 1234", "netted": ""},
    channels=MONEY,
)
register(
    key="stipends.support_payment_failed",
    audience="firm",
    label=_("Salary-support payment failed"),
    subject=_("Salary support for {{ month }} could not be paid: check the firm's IBAN"),
    body=_(
        "The bank returned the salary-support payment of {{ amount }} for {{ name }} ({{ month }}): {{ reason }}. "
        "Please check the firm's IBAN with your next claim on the salary-support page; the payment is sent again in "
        "the next payment run."
    ),
    example={**CLAIM, "reason": "Hesap kapalı"},
    channels=MONEY,
    optional=False,
    urgent=True,
)

# --- finance --------------------------------------------------------------------------------------------------

register(
    key="stipends.run_waiting_approval",
    audience="finance",
    label=_("A payment run waits for your approval"),
    subject=_("Payment run #{{ run }} waits for your approval"),
    body=_(
        "{{ preparer }} submitted payment run #{{ run }} ({% if purpose == 'stipends' %}trainee stipends{% else %}"
        "salary support{% endif %}, {{ month }}): {{ lines }} payments, "
        "{{ total }}. As the second pair of eyes, check and approve or reject it."
    ),
    example={
        "run": 7,
        "preparer": "Elif Kaya",
        "purpose": "stipends",
        "lines": 42,
        "total": "105.000,00 ₺",
        **MONTH,
    },
    channels=MONEY,
    urgent=True,
)
register(
    key="stipends.reconciliation_exceptions",
    audience="finance",
    label=_("Bank lines that did not match a payment"),
    subject=_("Payment run #{{ run }}: {{ count }} bank lines to resolve"),
    body=_(
        "The bank file {{ file }} for payment run #{{ run }} has {{ count }} lines that match no payment (unknown "
        "reference, different amount or a duplicate). Nothing was posted for them: check them with the bank."
    ),
    example={"run": 7, "count": 2, "file": "ekstre-11.csv"},
    channels=MONEY,
)
