"""What training holds about a person (her trainee record, enrolments, attendance, grades, certificates) and how
it is erased; registered in portal.registry.personal_data from training/providers.py."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from portal.personal_data import Document, Identifier, Item, Outcome, PersonalDataProvider, Section
from training.models import Attendance, Certificate, Enrolment, Grade, Trainee


def _trainees(user, program_id):
    return Trainee.objects.filter(program_id=program_id, user=user).select_related("province")


def sections(*, user, program_id):
    result = []
    for trainee in _trainees(user, program_id):
        result.append(
            Section(
                "identity",
                _("Trainee record"),
                [
                    Item(_("Track"), trainee.get_track_display()),
                    Item(_("Province"), trainee.province.name),
                    Item(_("Status"), trainee.get_status_display()),
                ],
                [
                    {
                        "track": trainee.track,
                        "province": trainee.province.name,
                        "status": trainee.status,
                        "tckn": trainee.tckn,
                        "iban": trainee.iban,
                    }
                ],
            )
        )
        result.append(
            Section(
                "contact",
                _("Trainee record"),
                [Item(_("Mobile phone"), trainee.phone or "—")],
                [{"phone": trainee.phone}],
            )
        )
        enrolments = Enrolment.objects.filter(trainee=trainee).select_related("cohort")
        grades = Grade.objects.filter(trainee=trainee).select_related("module")
        certificates = Certificate.objects.filter(trainee=trainee)
        result.append(
            Section(
                "training",
                _("Training"),
                [Item(str(e.cohort), f"{e.get_status_display()} · {e.enrolled_on:%d.%m.%Y}") for e in enrolments]
                + [Item(g.module.title, str(g.score)) for g in grades]
                + [Item(_("Certificate"), f"{c.code} · {c.issued_on:%d.%m.%Y}") for c in certificates],
                [
                    {"cohort": str(e.cohort), "status": e.status, "enrolled_on": e.enrolled_on.isoformat()}
                    for e in enrolments
                ]
                + [{"module": g.module.code, "score": str(g.score)} for g in grades]
                + [{"certificate": c.code, "issued_on": c.issued_on.isoformat()} for c in certificates],
            )
        )
        marks = Attendance.objects.filter(trainee=trainee).select_related("session")
        counts = marks.aggregate(total=Count("pk"), present=Count("pk", filter=Q(status="present")))
        result.append(
            Section(
                "attendance",
                _("Attendance"),
                [Item(_("Sessions recorded"), str(counts["total"])), Item(_("Present"), str(counts["present"]))],
                [{"session": m.session.starts_at.isoformat(), "status": m.status} for m in marks],
            )
        )
    return result


def identifiers(*, user, program_id):
    found = []
    for trainee in _trainees(user, program_id):
        if trainee.tckn:
            found.append(
                Identifier(
                    f"training.trainee.{trainee.pk}.tckn",
                    _("T.C. identity number"),
                    trainee.tckn_masked,
                    trainee,
                    "tckn",
                )
            )
        if trainee.iban:
            found.append(
                Identifier(f"training.trainee.{trainee.pk}.iban", _("IBAN"), trainee.iban_masked, trainee, "iban")
            )
    return found


def documents(*, user, program_id):
    return [
        Document("training", _("Certificate %(code)s") % {"code": c.code}, c.file)
        for c in Certificate.objects.filter(program_id=program_id, trainee__user=user)
    ]


def erase(*, user, program_id, pseudonym: str, held: bool):
    """Identity fields go; the record stays (attendance and money point at it). Under a payment hold the keyed
    hash of the TCKN stays, so the same person cannot be enrolled and paid twice while the audit runs."""
    from portal.files import file_destroy

    trainees = list(_trainees(user, program_id))
    for trainee in trainees:
        trainee.tckn, trainee.iban, trainee.phone, trainee.iban_hash = "", "", "", ""
        if not held:
            trainee.tckn_hash = ""
        trainee.save(update_fields=["tckn", "iban", "phone", "iban_hash", "tckn_hash"])
    certificates = Certificate.objects.filter(program_id=program_id, trainee__user=user)
    destroyed = sum(file_destroy(c.file) for c in certificates)
    certificates.update(file="")
    return [
        Outcome(
            "identity",
            "training.trainee: tckn, iban, phone"
            + (" (keyed hash of the TCKN kept: duplicate detection)" if held else ""),
            "pseudonymised",
            len(trainees),
        ),
        Outcome("documents", "training.certificate: PDF", "destroyed", destroyed),
    ]


provider = PersonalDataProvider(sections=sections, identifiers=identifiers, documents=documents, erase=erase)
