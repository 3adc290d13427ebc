"""Reference data every program shares: the 81 provinces, NACE manufacturing divisions, the roles.

Loaded by migration portal.0002 (with historical models) and by tests after a flush (with the real ones).
"""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

ROLES = [
    # code, Turkish, English, requires MFA, tied to a firm
    ("staff", "Program personeli", "Programme staff", True, False),
    ("finance", "Mali işler sorumlusu", "Finance officer", True, False),
    ("me", "İzleme ve değerlendirme sorumlusu", "M&E officer", True, False),
    ("assessor", "MEXT değerlendiricisi", "MEXT assessor", True, False),
    ("trainer", "MEXT eğitmeni", "MEXT trainer", False, False),
    ("mentor", "Mentor", "Mentor", False, False),
    ("firm", "Firma kullanıcısı", "Firm user", False, True),
    ("ambassador", "Değişim elçisi", "Change ambassador", False, False),
    ("operator", "Operatör", "Operator", False, False),
    ("stakeholder", "Paydaş", "Stakeholder", False, False),
    ("finance_approver", "Ödeme onaylayıcı", "Payment approver", True, False),
]


def load_reference_data(Province, Sector, Role):
    with open(DATA / "provinces.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Province.objects.update_or_create(
                plate=int(row["plate"]),
                defaults={
                    "name": row["name"],
                    "pilot_2023": row["pilot"] == "1",
                    "earthquake_2023": row["earthquake_2023"] == "1",
                },
            )
    with open(DATA / "nace_manufacturing.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Sector.objects.update_or_create(
                division=row["division"], defaults={"name_tr": row["name_tr"], "name_en": row["name_en"]}
            )
    for order, (code, name_tr, name_en, mfa, needs_firm) in enumerate(ROLES):
        Role.objects.update_or_create(
            code=code,
            defaults={
                "name_tr": name_tr,
                "name_en": name_en,
                "requires_mfa": mfa,
                "needs_firm": needs_firm,
                "order": order,
            },
        )
