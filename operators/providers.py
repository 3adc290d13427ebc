from operators import applications
from portal.demo import demo_extensions
from portal.selection.kinds import application_kinds

application_kinds.register("operator", applications.KIND)


def demo_operator_call(program, users):
    from firms.models import Firm
    from portal import roles
    from portal.models import Province
    from portal.selection.demo import S, demo_call, demo_tckn

    employer = Firm.objects.filter(program=program).order_by("pk").first()
    people = [
        ("Hatice Er", S.SELECTED, "employed"),
        ("Fadime Kurt", S.SHORTLISTED, "employed"),
        ("Songül Çelik", S.SELECTED, "job_seeker"),
        ("Esra Kaplan", S.WAITLISTED, "job_seeker"),
        ("Dilek Yavuz", S.SUBMITTED, "job_seeker"),
        ("Aynur Polat", S.REJECTED, "job_seeker"),
        ("Serpil Acar", S.DRAFT, "job_seeker"),
    ]
    applicants = [
        (
            f"operator{i + 1}@basvuru.kadinimalat.test",
            status,
            {
                "full_name": name,
                "tckn": demo_tckn(200 + i),
                "phone": "05440000000",
                "employment": employment,
                "employer": employer if employment == "employed" else None,
                "employer_confirmed_at": None,
                "province": Province.objects.get(plate=41),
                "education": "vocational",
                "experience_years": i,
                "shifts": "day" if i % 2 else "rotating",
                "care": "children" if i % 2 else "none",
                "privacy_consent": True,
            },
        )
        for i, (name, status, employment) in enumerate(people)
    ]
    demo_call(
        program,
        users[roles.STAFF],
        group="operator",
        title_tr="Operatör başvuru çağrısı 2026",
        title_en="Call for operators 2026",
        # the programme's 100 employed / 100 job-seeking split, scaled to the demo's handful of applicants
        quota=6,
        quotas=[
            {"key": "employed", "label": "Programdaki firmalarda çalışan", "limit": 3},
            {"key": "job_seeker", "label": "İş arayan", "limit": 3},
        ],
        rules=["province", "employer_confirmed", "consent"],
        applicants=applicants,
    )


demo_extensions.register("operator_call", demo_operator_call)


def _register_personal_data():
    from operators import personal_data as provided
    from portal.registry import personal_data

    personal_data.register("operators", provided.provider)


_register_personal_data()
