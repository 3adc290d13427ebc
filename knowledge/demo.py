"""Demo content of the knowledge platform: a dozen real-looking Turkish guides, toolkits and studies in three
collections, most of them public, so the public site is not empty. Idempotent."""

from django.core.files.base import ContentFile

from knowledge.models import Collection, Resource, Status
from knowledge.services import resource_save, resource_transition
from portal import roles
from portal.tenancy import audience_for

# kind, topics, audiences (public, firms, trainees, stakeholders), featured, year, title tr, title en, summary tr,
# summary en, has file
RESOURCES = [
    ("toolkit", ["green"], (1, 1, 0, 1), True, 2026,
     "KOBİ'ler için yeşil dönüşüm araç seti", "Green transition toolkit for SMEs",
     "Enerji ve kaynak verimliliği, karbon ayak izi ölçümü ve SKDM (sınırda karbon düzenlemesi) hazırlığı için "
     "adım adım kontrol listeleri ve hesap tabloları.",
     "Step-by-step checklists and worksheets for energy and resource efficiency, carbon footprint and CBAM readiness.",
     True),
    ("guide", ["digital"], (1, 1, 1, 1), True, 2026,
     "SIRI ile dijital olgunluk yol haritası rehberi", "Guide to a digital maturity roadmap with SIRI",
     "Akıllı Sanayi Hazırlık Endeksi'nin (SIRI) boyutları, bant puanlarının okunması ve öncelikli adımların seçimi.",
     "The dimensions of the Smart Industry Readiness Index, reading band scores and choosing priority steps.",
     True),
    ("guide", ["green"], (1, 1, 0, 1), False, 2026,
     "COSIRI sürdürülebilirlik değerlendirmesine hazırlık", "Preparing for a COSIRI sustainability assessment",
     "Firmanın değerlendirme öncesinde toplaması gereken enerji, atık ve yönetişim verileri.",
     "The energy, waste and governance data a firm gathers before the assessment.",
     True),
    ("guide", ["gender", "hr"], (1, 1, 0, 1), True, 2026,
     "İmalatta toplumsal cinsiyet eşitliğini ana akımlaştırma rehberi",
     "Guide to gender-equality mainstreaming in manufacturing",
     "İşe alım, terfi, ücret eşitliği ve taciz önleme politikaları için İK ekiplerine pratik öneriler.",
     "Practical advice for HR teams on hiring, promotion, equal pay and anti-harassment policies.",
     True),
    ("toolkit", ["work_life"], (1, 1, 1, 1), False, 2025,
     "İş ve özel yaşam dengesi araç seti: vardiya, kreş ve esnek çalışma",
     "Work/life balance toolkit: shifts, childcare and flexible work",
     "Vardiyalı üretimde kreş desteği, servis planlaması ve esnek çalışma düzenlemeleri için örnekler.",
     "Examples of childcare support, shuttle planning and flexible arrangements in shift-based production.",
     True),
    ("case_study", ["stem", "gender"], (1, 0, 1, 0), False, 2026,
     "Vaka: Kocaeli'de bir metal firmasında ilk kadın bakım teknisyenleri",
     "Case study: the first women maintenance technicians at a Kocaeli metal firm",
     "Bir yan sanayi firmasının kadın operatör ve teknisyen istihdamını nasıl artırdığı.",
     "How a supplier firm increased the employment of women operators and technicians.",
     False),
    ("research", ["digital", "green"], (1, 0, 0, 1), True, 2025,
     "İmalatta geleceğin meslekleri: masa ve saha araştırması",
     "Future jobs in manufacturing: desk and field research",
     "İkiz dönüşümün pilot illerdeki imalat işlerine etkisi; beceri açıkları ve kadın istihdamı için fırsatlar.",
     "How the twin transition changes manufacturing jobs in the pilot provinces; skill gaps and chances for women.",
     True),
    ("research", ["digital", "gender"], (1, 0, 0, 1), False, 2025,
     "İl ihtiyaç analizi: Manisa ve İzmir", "Province needs analysis: Manisa and İzmir",
     "OSB'lerdeki firmaların dijital ve yeşil beceri ihtiyaçları ile işgücündeki kadınların payı.",
     "Digital and green skill needs of OSB firms and the share of women in their workforce.",
     True),
    ("template", ["hr", "gender"], (0, 1, 0, 0), False, 2026,
     "Şablon: eşit fırsatlar politikası", "Template: equal opportunities policy",
     "Firmanızın uyarlayabileceği, imzaya hazır bir eşit fırsatlar politikası taslağı.",
     "A ready-to-sign draft equal opportunities policy your firm can adapt.",
     True),
    ("video", ["stem"], (1, 0, 1, 0), False, 2026,
     "Video: mühendis kadınlar üretim hattını anlatıyor", "Video: women engineers on the production line",
     "Değişim elçilerinin kendi sözleriyle STEM kariyeri ve fabrikada ilk yıl.",
     "Change ambassadors on STEM careers and their first year in the factory, in their own words.",
     False),
    ("guide", ["digital"], (0, 0, 1, 0), False, 2026,
     "Operatörler için dijital üretim sözlüğü", "Digital production glossary for operators",
     "MES, OEE, IoT sensörü, kestirimci bakım: sahada duyacağınız terimler, kısa açıklamalarıyla.",
     "MES, OEE, IoT sensor, predictive maintenance: the words you will hear on the shop floor, briefly explained.",
     False),
    ("toolkit", ["gender", "work_life"], (1, 0, 0, 1), False, 2026,
     "Paydaş kuruluşlar için farkındalık etkinliği araç seti", "Awareness event toolkit for stakeholder organisations",
     "Odalar, OSB'ler ve dernekler için iş-yaşam dengesi ve toplumsal cinsiyet eşitliği etkinliği düzenleme kılavuzu.",
     "How chambers, OSBs and associations run an event on work/life balance and gender equality.",
     True),
]  # fmt: skip

COLLECTIONS = [
    ("SIRI yol haritası araç seti", "SIRI roadmap toolkit",
     "Dijital olgunluk değerlendirmesinden yol haritasına.", "From digital maturity assessment to roadmap.",
     [1, 2, 10]),
    ("KOBİ'ler için yeşil dönüşüm", "Green transition for SMEs",
     "Enerji, karbon ve COSIRI.", "Energy, carbon and COSIRI.", [0, 2, 6]),
    ("Kapsayıcı işyeri", "An inclusive workplace",
     "Toplumsal cinsiyet eşitliği ve iş-yaşam dengesi.", "Gender equality and work/life balance.", [3, 4, 5, 8, 11]),
]  # fmt: skip


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying what the file is (ASCII: the standard Helvetica has no Turkish letters)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 50 780 Td ({text}) Tj 0 -24 Td (Demo file - Kadin Imalat Portali) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def seed(program, users) -> None:
    if Resource.objects.filter(program=program).exists():
        return
    staff = users[roles.STAFF]
    audience = audience_for(staff, program_id=program.pk)
    made = []
    for row in RESOURCES:
        kind, topics, (pub, firms, trainees, stake), featured, year, t_tr, t_en, s_tr, s_en, has_file = row
        data = {
            "kind": kind, "title_tr": t_tr, "title_en": t_en, "summary_tr": s_tr, "summary_en": s_en,
            "body_tr": s_tr + "\n\nBu kaynak programın bilgi platformu için hazırlanmıştır.",
            "body_en": s_en + "\n\nThis resource was prepared for the programme's knowledge platform.",
            "year": year, "topics": topics, "featured": featured, "for_public": bool(pub), "for_firms": bool(firms),
            "for_trainees": bool(trainees), "for_stakeholders": bool(stake),
            "video_url": "https://video.example.org/kadin-imalat" if kind == "video" else "",
        }  # fmt: skip
        if has_file:
            data["file"] = ContentFile(demo_pdf(t_en), name="kaynak.pdf")
        resource = resource_save(audience=audience, actor=staff, data=data)
        made.append(resource)
    for resource in made[:-1]:  # the last one stays in review: staff see the workflow at work
        resource_transition(audience=audience, actor=staff, resource=resource, to_status=Status.REVIEW)
        resource_transition(audience=audience, actor=staff, resource=resource, to_status=Status.PUBLISHED)
    resource_transition(audience=audience, actor=staff, resource=made[-1], to_status=Status.REVIEW, note="Ajans okusun")
    for order, (t_tr, t_en, d_tr, d_en, items) in enumerate(COLLECTIONS):
        collection = Collection.objects.create(
            program=program, title_tr=t_tr, title_en=t_en, description_tr=d_tr, description_en=d_en, order=order
        )
        collection.resources.set([made[i] for i in items])
