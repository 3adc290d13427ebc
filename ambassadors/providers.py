from ambassadors import applications
from portal import roles
from portal.demo import demo_extensions
from portal.registry import role_homes
from portal.selection.kinds import application_kinds

role_homes.register(roles.MENTOR, "ambassadors:mentor_home")
application_kinds.register("ambassador", applications.KIND)


def demo_ambassador_call(program, users):
    from portal.models import Province
    from portal.selection.demo import S, demo_call, demo_tckn

    people = [
        ("Zehra Aksoy", S.SELECTED, "industrial"),
        ("Melis Yurt", S.INTERVIEW, "computer"),
        ("Deniz Ateş", S.SHORTLISTED, "environmental"),
        ("Nur Öztürk", S.WAITLISTED, "mechanical"),
        ("Ece Bal", S.SUBMITTED, "chemical"),
        ("Can Aydın", S.INELIGIBLE, "not_stem"),
        ("Sena Güler", S.REJECTED, "physics"),
        ("İpek Tan", S.DRAFT, "electrical"),
    ]
    kocaeli, istanbul = Province.objects.get(plate=41), Province.objects.get(plate=34)
    applicants = [
        (
            f"elci{i + 1}@basvuru.kadinimalat.test",
            status,
            {
                "full_name": name,
                "gender": "man" if field == "not_stem" else "woman",
                "tckn": demo_tckn(100 + i),
                "phone": "05550000000",
                "degree_field": field,
                "university": "Gebze Teknik Üniversitesi",
                "graduation_year": 2020 + i % 5,
                "province": kocaeli if i % 2 else istanbul,
                "work_provinces": [kocaeli, istanbul],
                "digital_interest": i % 2 == 0,
                "green_interest": True,
                "languages": "Türkçe, İngilizce",
                "motivation": "İmalatta dijital ve yeşil dönüşümün parçası olmak istiyorum.",
                "earthquake_affected": i == 3,
                "privacy_consent": True,
            },
        )
        for i, (name, status, field) in enumerate(people)
    ]
    demo_call(
        program,
        users[roles.STAFF],
        group="ambassador",
        title_tr="Değişim elçisi başvuru çağrısı 2026",
        title_en="Call for change ambassadors 2026",
        quota=200,
        rules=["woman", "stem", "graduated", "work_province", "consent"],
        applicants=applicants,
    )


demo_extensions.register("ambassador_call", demo_ambassador_call)


def _register_personal_data():
    from ambassadors import personal_data as provided
    from portal.registry import personal_data

    personal_data.register("ambassadors", provided.provider)


_register_personal_data()


def _register_cv_rule():
    from ambassadors.personal_data import CV_RULE
    from portal.registry import retention_rules

    retention_rules.register("ambassadors.cvs", CV_RULE)


_register_cv_rule()
