"""Names sort in Turkish alphabetical order, in Python and in the database (SQLite and PostgreSQL alike)."""

from hypothesis import given
from hypothesis import strategies as st

from portal.collation import turkish_sort_key
from portal.models import Province
from tests.factories import FirmFactory, ProgramFactory, UserFactory

# a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z
TURKISH_ORDER = [
    "Adana",
    "Ağrı",
    "Aydın",
    "Bursa",
    "Çanakkale",
    "Çorum",
    "Iğdır",
    "Isparta",
    "İstanbul",
    "İzmir",
    "Kars",
    "Muş",
    "Ordu",
    "Ödemiş",
    "Sakarya",
    "Şanlıurfa",
    "Şırnak",
    "Uşak",
    "Ümraniye",
    "Zonguldak",
]


def test_python_sorts_turkish_names_in_turkish_order():
    code_point_order = sorted(TURKISH_ORDER)  # what a plain sort gives: İstanbul, İzmir, Ç…, Ş… last
    assert code_point_order != TURKISH_ORDER
    assert sorted(code_point_order, key=turkish_sort_key) == TURKISH_ORDER
    assert sorted(["ılık", "ışık", "iç", "İnce", "Irmak"], key=turkish_sort_key) == [
        "ılık",
        "Irmak",
        "ışık",
        "iç",
        "İnce",
    ]


def test_the_database_sorts_provinces_in_turkish_order(db):
    names = [p.name for p in Province.objects.order_by("name")]
    assert len(names) == 81
    assert names == sorted(names, key=turkish_sort_key)
    assert names.index("Ağrı") < names.index("Aydın")
    assert names.index("Iğdır") < names.index("İstanbul") < names.index("İzmir") < names.index("Kars")
    assert names.index("Zonguldak") == 80


def test_the_database_sorts_firms_and_people_in_turkish_order(db):
    from django_scopes import scopes_disabled

    program = ProgramFactory()
    shuffled = TURKISH_ORDER[::3] + TURKISH_ORDER[1::3] + TURKISH_ORDER[2::3]
    with scopes_disabled():
        for name in shuffled:
            FirmFactory(program=program, name=f"{name} Metal")
            UserFactory(
                email=f"{turkish_sort_key(name)[0][0][1]}-{len(name)}-{name[:2]}@example.test",
                full_name=f"{name} Hanım",
            )
        from firms.models import Firm
        from portal.models import User

        firms = [f.name.removesuffix(" Metal") for f in Firm.objects.filter(program=program).order_by("name")]
        people = [
            u.full_name.removesuffix(" Hanım")
            for u in User.objects.filter(full_name__endswith=" Hanım").order_by("full_name")
        ]
    assert firms == TURKISH_ORDER
    assert people == TURKISH_ORDER


@given(st.lists(st.text(alphabet="abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ ", max_size=8)))
def test_the_sort_key_is_a_total_order_that_ignores_case_the_turkish_way(words):
    ordered = sorted(words, key=turkish_sort_key)
    assert sorted(ordered, key=turkish_sort_key) == ordered
    for word in words:
        upper = word.replace("i", "İ").replace("ı", "I").upper()
        assert turkish_sort_key(upper)[0] == turkish_sort_key(word)[0]


def test_a_name_is_found_as_she_types_it_with_turkish_case_folding(db):
    """Searching names folds case the Turkish way in the database (i ↔ İ, ı ↔ I), on SQLite and PostgreSQL alike:
    PostgreSQL's UPPER() under the Turkish collation once made "kursiyer" miss "Kursiyer"."""
    from portal.models import User

    ipek = UserFactory(full_name="İpek Işık")
    kursiyer = UserFactory(full_name="Kursiyer 0 A")
    smith = UserFactory(full_name="Jane Smith")

    def found(typed):
        return set(User.objects.filter(full_name__icontains=typed))

    assert kursiyer in found("kursiyer 0") and kursiyer in found("KURSİYER")
    assert ipek in found("ipek") and ipek in found("IŞIK") and ipek in found("ışık")
    assert smith in found("smith") and smith in found("SMİTH")
    assert ipek not in found("ipek ışıkçı") and not found("100%")  # a % is a character, not a wildcard
