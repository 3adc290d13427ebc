"""The processing inventory's starting rows and its export in the shape of VERBİS (the controllers' registry).

The rows are program data: staff edit them on the inventory page. These defaults describe what the portal does
today, so a program starts with an inventory that matches its software instead of an empty page.
"""

import csv
import io

from privacy.models import LegalBasis

TRAINEES_TR = "Değişim elçileri ve operatörler (kursiyerler) ile başvuranlar"
TRAINEES_EN = "Change ambassadors and operators (trainees) and applicants"
PARTNERS_TR = "UNDP Türkiye, TİSK, T.C. Sanayi ve Teknoloji Bakanlığı (proje ortakları); MEXT (uygulayıcı)"
PARTNERS_EN = "UNDP Türkiye, TİSK, Ministry of Industry and Technology (partners); MEXT (implementing partner)"
AUDIT_TR = "Program süresi ve AB denetim süresi sonuna kadar; sonra imha"
AUDIT_EN = "For the programme and until the EU audit period ends; then destroyed"
MEASURES_TR = "Şifreleme, maskeleme, erişim kaydı, iki aşamalı doğrulama"
MEASURES_EN = "Encryption, masking, access logging, two-factor authentication"

DEFAULTS = [
    {
        "category": "identity",
        "data_subjects_tr": TRAINEES_TR,
        "data_subjects_en": TRAINEES_EN,
        "data_tr": "Ad soyad, T.C. kimlik numarası, cinsiyet",
        "data_en": "Full name, T.C. identity number, gender",
        "purpose_tr": "Başvuruların değerlendirilmesi, programa kayıt, mükerrer başvurunun önlenmesi, ödemeler",
        "purpose_en": "Assessing applications, enrolment, preventing duplicate applications, payments",
        "legal_basis": LegalBasis.CONTRACT,
        "recipients_tr": PARTNERS_TR,
        "recipients_en": PARTNERS_EN,
        "retention_tr": "Seçilmeyen başvuranlar: karardan 12 ay sonra; katılımcılar: program süresi ve AB denetim "
        "süresi sonuna kadar, sonra imha",
        "retention_en": "Applicants not selected: 12 months after the decision; participants: for the programme and "
        "until the EU audit period ends, then destroyed",
    },
    {
        "category": "contact",
        "data_subjects_tr": TRAINEES_TR + "; firma kullanıcıları",
        "data_subjects_en": TRAINEES_EN + "; firm users",
        "data_tr": "E-posta adresi, cep telefonu",
        "data_en": "Email address, mobile phone",
        "purpose_tr": "Programla ilgili iletişim, hesaba giriş",
        "purpose_en": "Communication about the programme, signing in",
        "legal_basis": LegalBasis.CONTRACT,
        "recipients_tr": "MEXT (uygulayıcı)",
        "recipients_en": "MEXT (implementing partner)",
        "retention_tr": "Katılım süresince; sonra AB denetim süresi sonuna kadar, ardından imha",
        "retention_en": "While taking part; then until the EU audit period ends, then destroyed",
    },
    {
        "category": "education",
        "data_subjects_tr": TRAINEES_TR,
        "data_subjects_en": TRAINEES_EN,
        "data_tr": "Üniversite, bölüm, mezuniyet yılı, eğitim düzeyi, iş deneyimi, özgeçmiş",
        "data_en": "University, field, graduation year, education level, work experience, CV",
        "purpose_tr": "Uygunluk kontrolü, seçim ve işverenlerle eşleştirme",
        "purpose_en": "Eligibility, selection and matching with employers",
        "legal_basis": LegalBasis.CONTRACT,
        "recipients_tr": PARTNERS_TR,
        "recipients_en": PARTNERS_EN,
        "retention_tr": "Seçilmeyen başvuranların özgeçmişleri: karardan 12 ay sonra imha",
        "retention_en": "CVs of applicants not selected: destroyed 12 months after the decision",
    },
    {
        "category": "training",
        "data_subjects_tr": TRAINEES_TR,
        "data_subjects_en": TRAINEES_EN,
        "data_tr": "Kohort, modüller, notlar, ilerleme, sertifikalar",
        "data_en": "Cohort, modules, grades, progress, certificates",
        "purpose_tr": "Eğitimin yürütülmesi, sertifika verilmesi, programın izlenmesi",
        "purpose_en": "Running the training, issuing certificates, monitoring the programme",
        "legal_basis": LegalBasis.CONTRACT,
        "recipients_tr": "MEXT eğitmenleri; ortaklara yalnızca toplu ve anonim sayılar",
        "recipients_en": "MEXT trainers; partners receive only aggregate, anonymised figures",
        "retention_tr": AUDIT_TR,
        "retention_en": AUDIT_EN,
    },
    {
        "category": "attendance",
        "data_subjects_tr": TRAINEES_TR,
        "data_subjects_en": TRAINEES_EN,
        "data_tr": "Oturumlara katılım kayıtları",
        "data_en": "Attendance at sessions",
        "purpose_tr": "Eğitime devamın izlenmesi ve aylık ödeneğin hesaplanması",
        "purpose_en": "Following attendance and calculating the monthly stipend",
        "legal_basis": LegalBasis.CONTRACT,
        "recipients_tr": "MEXT (uygulayıcı); AB denetçileri",
        "recipients_en": "MEXT (implementing partner); EU auditors",
        "retention_tr": AUDIT_TR,
        "retention_en": AUDIT_EN,
    },
    {
        "category": "money",
        "data_subjects_tr": TRAINEES_TR + "; firmalar",
        "data_subjects_en": TRAINEES_EN + "; firms",
        "data_tr": "IBAN, ödeme tutarları, banka ödeme dosyaları ve ekstreleri",
        "data_en": "IBAN, amounts paid, bank payment files and statements",
        "purpose_tr": "Ödenek ve maaş desteği ödemeleri, muhasebe ve mali denetim",
        "purpose_en": "Paying stipends and salary support, accounting and financial audit",
        "legal_basis": LegalBasis.LEGAL_OBLIGATION,
        "recipients_tr": "Ödemeyi yapan banka; AB denetçileri; UNDP Türkiye",
        "recipients_en": "The paying bank; EU auditors; UNDP Türkiye",
        "retention_tr": "Mali kayıtlar AB denetim süresi sonuna kadar; banka dosyaları kapanıştan 180 gün sonra imha",
        "retention_en": "Financial records until the EU audit period ends; bank files destroyed 180 days after closing",
    },
    {
        "category": "employment",
        "data_subjects_tr": TRAINEES_TR,
        "data_subjects_en": TRAINEES_EN,
        "data_tr": "İşveren, işe başlama tarihi, brüt maaş, SGK işe giriş bildirgesi, bordro",
        "data_en": "Employer, start date, gross salary, SGK registration, payroll",
        "purpose_tr": "İstihdamın ve maaş desteğinin izlenmesi",
        "purpose_en": "Following employment and salary support",
        "legal_basis": LegalBasis.LEGAL_OBLIGATION,
        "recipients_tr": "İşveren firma (yalnızca kendi çalışanı için); AB denetçileri",
        "recipients_en": "The employing firm (its own employee only); EU auditors",
        "retention_tr": AUDIT_TR,
        "retention_en": AUDIT_EN,
    },
    {
        "category": "consents",
        "data_subjects_tr": "Portalın tüm kullanıcıları",
        "data_subjects_en": "Everyone who uses the portal",
        "data_tr": "Aydınlatma metninin okunduğu, verilen ve geri alınan açık rızalar, IP adresi",
        "data_en": "Notice acknowledgements, consents given and withdrawn, IP address",
        "purpose_tr": "Aydınlatma ve açık rıza yükümlülüğünün ispatı",
        "purpose_en": "Proving that the notice was given and consent obtained",
        "legal_basis": LegalBasis.LEGAL_OBLIGATION,
        "recipients_tr": "Yok",
        "recipients_en": "None",
        "retention_tr": "Kapsadığı veriler saklandığı sürece",
        "retention_en": "As long as the data they cover is kept",
    },
    {
        "category": "health",
        "data_subjects_tr": TRAINEES_TR,
        "data_subjects_en": TRAINEES_EN,
        "data_tr": "Engellilik bilgisi (özel nitelikli kişisel veri)",
        "data_en": "Disability information (special category data)",
        "purpose_tr": "Erişilebilirlik düzenlemelerinin yapılması",
        "purpose_en": "Arranging accessibility",
        "legal_basis": LegalBasis.SPECIAL_CONSENT,
        "recipients_tr": "Yok",
        "recipients_en": "None",
        "retention_tr": "Eğitim bitiminde veya rıza geri alındığında imha",
        "retention_en": "Destroyed when the training ends or consent is withdrawn",
    },
]

# VERBİS's inventory columns, in its order (Turkish, as the registry asks for them)
VERBIS_COLUMNS = [
    ("category", "Veri Kategorisi"),
    ("data", "Kişisel Veri"),
    ("data_subjects", "Veri Konusu Kişi Grubu"),
    ("purpose", "İşleme Amacı"),
    ("legal_basis", "Hukuki Sebep"),
    ("recipients", "Alıcı / Alıcı Grupları"),
    ("retention", "Saklama Süresi"),
    ("transfer_abroad", "Yabancı Ülkelere Aktarım"),
    ("measures", "Güvenlik Tedbirleri"),
]


def verbis_csv(rows) -> bytes:
    """The inventory as a CSV in VERBİS's columns (UTF-8 with BOM, so Excel opens the Turkish letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([heading for _, heading in VERBIS_COLUMNS])
    for row in rows:
        writer.writerow(
            [
                row.get_category_display(),
                row.data_tr,
                row.data_subjects_tr,
                row.purpose_tr,
                row.get_legal_basis_display(),
                row.recipients_tr,
                row.retention_tr,
                "Var" if row.transfer_abroad else "Yok",
                row.measures_tr,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
