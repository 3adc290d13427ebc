"""Answer templates for data-subject requests, Turkish and English: the staff start from one and adapt it.

They stay in code rather than the catalogue because each language's letter is written for its reader, not
translated sentence by sentence; placeholders are filled from the request.
"""

TEMPLATES = {
    "information": {
        "tr": (
            "Sayın {name},\n\n{received} tarihli bilgi talebiniz için teşekkür ederiz. Portalın sizinle ilgili "
            "tuttuğu veriler, işleme amaçları, hukuki sebepleri, aktarıldığı alıcılar ve saklama süreleri "
            'portaldaki "Verilerim" sayfasında kategori kategori yer almaktadır; aynı sayfadan verilerinizin tam '
            "bir kopyasını indirebilirsiniz.\n\nSaygılarımızla,\nProgram Ofisi"
        ),
        "en": (
            "Dear {name},\n\nThank you for your request for information of {received}. What the portal holds about "
            "you, why, on which legal basis, to whom it is disclosed and for how long is listed by category on the "
            '"My data" page of the portal, where you can also download a full copy of your data.\n\n'
            "Kind regards,\nThe programme office"
        ),
    },
    "correction": {
        "tr": (
            "Sayın {name},\n\n{received} tarihli düzeltme talebiniz üzerine kayıtlarınızı düzelttik. Düzeltme, "
            "verilerinizin aktarıldığı alıcılara da bildirilmiştir (KVKK md. 11/1-f).\n\nSaygılarımızla,\n"
            "Program Ofisi"
        ),
        "en": (
            "Dear {name},\n\nFollowing your request for correction of {received}, we have corrected your records. "
            "The recipients of your data have been told of the correction (KVKK art. 11/1-f).\n\nKind regards,\n"
            "The programme office"
        ),
    },
    "erasure": {
        "tr": (
            "Sayın {name},\n\n{received} tarihli silme talebiniz üzerine kişisel verilerinizi sildik. Yasal "
            "saklama yükümlülüğü bulunan ödeme ve muhasebe kayıtları (vergi ve ticaret mevzuatı, AB denetim "
            "hakları) kimliğinizle ilişkilendirilemeyecek biçimde takma adla saklanmakta olup saklama süresi "
            "sonunda imha edilecektir; belgeleriniz imha edilmiştir.\n\nSaygılarımızla,\nProgram Ofisi"
        ),
        "en": (
            "Dear {name},\n\nFollowing your request for erasure of {received}, we have erased your personal data. "
            "Payment and accounting records that the law requires us to keep (tax and commercial law, the EU's "
            "audit rights) are kept under a pseudonym that no longer identifies you and will be destroyed when "
            "that period ends; your documents have been destroyed.\n\nKind regards,\nThe programme office"
        ),
    },
    "objection": {
        "tr": (
            "Sayın {name},\n\n{received} tarihli itirazınızı inceledik. Sonuç: ...\n\nSaygılarımızla,\nProgram Ofisi"
        ),
        "en": (
            "Dear {name},\n\nWe have examined your objection of {received}. Our conclusion: ...\n\nKind regards,\n"
            "The programme office"
        ),
    },
}


def template_for(request, *, language: str = "tr") -> str:
    texts = TEMPLATES.get(request.kind, TEMPLATES["information"])
    text = texts.get(language, texts["tr"])
    return text.format(
        name=request.subject.full_name or request.subject.email, received=request.received_at.strftime("%d.%m.%Y")
    )
