"""Demo events and interface organisations: five organisations in the pilot provinces, past events with
registrations and attendance (so the M&E figures move), and upcoming public events to register for. Idempotent."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from outreach.models import Event, Organisation, Registration
from portal import roles
from portal.models import Province

ORGANISATIONS = [
    ("Kocaeli Sanayi Odası", "chamber", 41, "Elif Arslan", "egitim@kso.example.org"),
    ("Manisa Organize Sanayi Bölgesi", "osb", 45, "Zeynep Kaya", "insan.kaynaklari@mosb.example.org"),
    ("Türkiye Metal Sanayicileri Sendikası (MESS)", "union", 34, "Ayşe Demir", "akademi@mess.example.org"),
    ("Ege Üniversitesi Mühendislik Fakültesi", "university", 35, "Prof. Dr. Selin Yıldız", "kariyer@ege.example.edu"),
    ("Ankara Makine İmalatçıları Derneği", "association", 6, "Fatma Çelik", "info@amid.example.org"),
]

# kind, days from today, hours, province plate, title tr, title en, place, capacity, public
EVENTS = [
    ("capacity", -40, 6, 41, "Paydaşlar için ikiz dönüşüm kapasite geliştirme eğitimi (1. modül)",
     "Twin-transition capacity building for stakeholders (module 1)", "KSO Eğitim Merkezi, İzmit", 40, False),
    ("briefing", -25, 3, 45, "Arayüz kuruluşları ve işverenler için program bilgilendirmesi",
     "Programme briefing for interface organisations and employers", "Manisa OSB Konferans Salonu", 80, True),
    ("awareness", -10, 3, 35, "İş-yaşam dengesi ve toplumsal cinsiyet eşitliği farkındalık semineri",
     "Awareness seminar on work/life balance and gender equality", "Ege Üniversitesi, Bornova", 120, True),
    ("public", 9, 3, 34, "STEM'de kadınlar: imalatta kariyer günü", "Women in STEM: careers in manufacturing day",
     "İstanbul, MESS Eğitim Vakfı", 150, True),
    ("hr_training", 16, 4, 6, "Firma İK ekipleri için toplumsal cinsiyet eşitliği eğitimi",
     "Gender-equality training for firm HR teams", "Ankara, OSTİM Teknopark", 30, True),
    ("capacity", 30, 6, 41, "Paydaşlar için ikiz dönüşüm kapasite geliştirme eğitimi (2. modül)",
     "Twin-transition capacity building for stakeholders (module 2)", "KSO Eğitim Merkezi, İzmit", 40, False),
]  # fmt: skip

PEOPLE = [
    ("Derya Şahin", "woman"), ("Merve Aydın", "woman"), ("Gül Öztürk", "woman"), ("Hatice Koç", "woman"),
    ("Emine Kurt", "woman"), ("Serap Aksoy", "woman"), ("Mehmet Yılmaz", "man"), ("Ali Güneş", "man"),
    ("Burcu Erdem", "woman"), ("Kemal Polat", "man"), ("Sevgi Tan", "woman"), ("Deniz Uçar", "undisclosed"),
]  # fmt: skip


def _at(days: int, hour: int = 10):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(program, users) -> None:
    if Organisation.objects.filter(program=program).exists():
        return
    staff = users[roles.STAFF]
    provinces = {p.plate: p for p in Province.objects.filter(plate__in=[6, 34, 35, 41, 45])}
    organisations = [
        Organisation.objects.create(
            program=program, name=name, kind=kind, province=provinces[plate], contact_name=contact, contact_email=email
        )
        for name, kind, plate, contact, email in ORGANISATIONS
    ]
    if roles.STAKEHOLDER in users:
        organisations[0].members.add(users[roles.STAKEHOLDER])
    for index, (kind, days, hours, plate, t_tr, t_en, place, capacity, public) in enumerate(EVENTS):
        event = Event.objects.create(
            program=program, kind=kind, title_tr=t_tr, title_en=t_en,
            description_tr="Gündem: açılış, program tanıtımı, uygulamalı oturum, soru-cevap.",
            description_en="Agenda: opening, programme presentation, hands-on session, questions.",
            starts_at=_at(days), ends_at=_at(days) + timedelta(hours=hours), province=provinces[plate], place=place,
            capacity=capacity, is_public=public, organiser=staff, registration_closes_at=_at(days - 1, 17),
        )  # fmt: skip
        event.partners.set([o for o in organisations if o.province_id == provinces[plate].pk])
        past = days < 0
        for n, (name, gender) in enumerate(PEOPLE[: 12 - index]):
            organisation = organisations[(n + index) % len(organisations)]
            slug = name.lower().replace(" ", ".").translate(str.maketrans("şğüöçı", "sguoci"))
            Registration.objects.create(
                program=program, event=event, full_name=name, email=f"{slug}@example.org", gender=gender,
                organisation=organisation, consent=True, status=Registration.Status.CONFIRMED,
                attended_at=event.starts_at + timedelta(minutes=5) if past and n % 4 != 3 else None,
                checked_in_by=staff if past and n % 4 != 3 else None,
            )  # fmt: skip
