"""What ambassadors holds about a person (her application's details and CV, her profile), how it is erased, and the
CV period of the retention schedule."""

from datetime import timedelta

from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambassadors.models import AmbassadorApplication, AmbassadorProfile
from portal.files import file_destroy
from portal.personal_data import Document, Item, Outcome, PersonalDataProvider, RetentionRule, Section
from portal.pii import mask_tckn


def _details(user, program_id):
    return AmbassadorApplication.objects.filter(
        Q(application__user=user) | Q(application__email__iexact=user.email), program_id=program_id
    ).select_related("province")


def sections(*, user, program_id):
    result = []
    for d in _details(user, program_id):
        result += [
            Section(
                "identity",
                _("Ambassador application"),
                [Item(_("Full name"), d.full_name), Item(_("T.C. identity number"), mask_tckn(d.tckn or ""))],
                [{"full_name": d.full_name, "gender": d.gender, "tckn": d.tckn}],
            ),
            Section("contact", _("Ambassador application"), [Item(_("Mobile phone"), d.phone)], [{"phone": d.phone}]),
            Section(
                "education",
                _("Ambassador application"),
                [
                    Item(_("University"), d.university),
                    Item(_("Degree field"), d.get_degree_field_display()),
                    Item(_("Graduation year"), str(d.graduation_year or "")),
                    Item(_("Languages"), d.languages),
                ],
                [
                    {
                        "university": d.university,
                        "degree_field": d.degree_field,
                        "graduation_year": d.graduation_year,
                        "languages": d.languages,
                        "motivation": d.motivation,
                        "earthquake_affected": d.earthquake_affected,
                    }
                ],
            ),
        ]
    for p in AmbassadorProfile.objects.filter(program_id=program_id, trainee__user=user):
        result.append(
            Section(
                "education",
                _("Ambassador profile"),
                [Item(_("Skills"), p.skills), Item(_("Languages"), p.languages)],
                [{"stem_field": p.stem_field, "skills": p.skills, "languages": p.languages}],
            )
        )
    return result


def documents(*, user, program_id):
    return [Document("documents", _("CV"), d.cv) for d in _details(user, program_id) if d.cv]


def erase(*, user, program_id, pseudonym: str, held: bool):
    details = list(_details(user, program_id))
    n_cv = 0
    for d in details:
        n_cv += file_destroy(d.cv)
    AmbassadorApplication.objects.filter(pk__in=[d.pk for d in details]).update(
        full_name=pseudonym, tckn="", phone="", university="", motivation="", languages="", cv=""
    )
    n_profiles = AmbassadorProfile.objects.filter(program_id=program_id, trainee__user=user).update(
        skills="", languages=""
    )
    return [
        Outcome(
            "identity", "ambassadors.ambassadorapplication: name, tckn, phone, education", "pseudonymised", len(details)
        ),
        Outcome("documents", "ambassadors.ambassadorapplication: CV", "destroyed", n_cv),
        Outcome("education", "ambassadors.ambassadorprofile: skills, languages", "destroyed", n_profiles),
    ]


provider = PersonalDataProvider(sections=sections, documents=documents, erase=erase)


def retain_cvs(*, program_id, policy, now, dry_run):
    """CVs of applicants not selected, once the period after the call's decision has passed."""
    cutoff = now - timedelta(days=30 * policy.cv_months)
    rows = (
        AmbassadorApplication.objects.filter(program_id=program_id)
        .exclude(cv="")
        .exclude(application__status__in=["selected", "submitted", "shortlisted", "interview"])
        .annotate(decided_at=Max("application__transitions__created_at"))
        .filter(Q(decided_at__lt=cutoff) | Q(decided_at__isnull=True, application__call__closes_at__lt=cutoff))
    )
    count = rows.count()
    if not dry_run:
        for d in rows:
            file_destroy(d.cv)
        AmbassadorApplication.objects.filter(pk__in=[d.pk for d in rows]).update(cv="")
    return [Outcome("documents", "ambassadors.ambassadorapplication: CV (not selected)", "destroyed", count)]


CV_RULE = RetentionRule(
    "documents",
    gettext_lazy("CVs of applicants who were not selected"),
    lambda p: _("%(n)s months after the call's decision") % {"n": p.cv_months},
    retain_cvs,
    order=15,
)
