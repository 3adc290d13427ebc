import io

from openpyxl import Workbook

HEAD = [
    "type",
    "name",
    "label::Turkish (tr)",
    "label::English (en)",
    "required",
    "relevant",
    "constraint",
    "appearance",
]


def xlsform(survey_rows, choices=(), settings=None, head=HEAD) -> bytes:
    """An XLSForm workbook as ODK and KoboToolbox users write it."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(head)
    for row in survey_rows:
        sheet.append(list(row))
    sheet = book.create_sheet("choices")
    sheet.append(["list_name", "name", "label::Turkish (tr)", "label::English (en)"])
    for row in choices:
        sheet.append(list(row))
    if settings:
        sheet = book.create_sheet("settings")
        sheet.append(list(settings))
        sheet.append(list(settings.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = {
    "survey_rows": [
        ["select_one yn", "employed", "Çalışıyor musunuz?", "Are you employed?", "yes"],
        ["integer", "hours", "Haftada kaç saat?", "Hours a week?", "", "${employed} = 'yes'", ". >= 1 and . <= 60"],
        ["select_multiple skills", "skills", "Becerileriniz", "Your skills"],
        ["select_one agree", "confident", "Kendime güveniyorum", "I feel confident", "", "", "", "likert"],
        ["text", "why", "Neden?", "Why?", "", "selected(${skills}, 'plc')"],
    ],
    "choices": [
        ["yn", "yes", "Evet", "Yes"],
        ["yn", "no", "Hayır", "No"],
        ["skills", "plc", "PLC", "PLC"],
        ["skills", "data", "Veri", "Data"],
        *[["agree", str(i), f"Düzey {i}", f"Level {i}"] for i in range(1, 6)],
    ],
}
