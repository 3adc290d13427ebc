"""Survey answers as indicator calculators: each survey measure (surveys.models.Measure) is the calculator
"survey:<id>", computed live from the responses submitted by the day, so a logframe indicator such as "share of
women answering yes to 'employed now?' in the 12-month tracer" moves as answers come in.

A measure belongs to one program: computed for another program's figures it finds no measure and gives no rows.
Anonymous responses count, each as its own subject ("response:<id>"); identified ones count a woman once.
"""

from django.utils.translation import gettext_lazy
from django_scopes import ScopeError

from portal.demo import demo_extensions
from reports import calculators as calc


def _calculator(measure) -> calc.Calculator:
    from surveys.models import Measure

    aggregate = {Measure.Kind.SHARE: calc.RATIO, Measure.Kind.COUNT: calc.COUNT}.get(measure.kind, calc.RATIO)

    def compute(facts: calc.Facts) -> list[calc.Row]:
        from surveys.results import measure_rows

        if facts.program_id != measure.program_id:
            return []
        rows = []
        for row in measure_rows(measure, submitted_by=facts.as_of):
            if measure.kind == Measure.Kind.COUNT and not row.amount:
                continue
            subject = f"user:{row.respondent_id}" if row.respondent_id else f"response:{row.response_id}"
            attrs = facts._shared(track=row.track or facts.not_recorded, province=row.province or facts.not_recorded)
            amount, base = row.amount, row.base
            if measure.kind == Measure.Kind.MEAN:
                # a ratio of sums: 100 × (sum of answers) / (100 × answers) is the average
                amount, base = row.amount, 100
            rows.append(calc.Row(subject, f"survey_campaign:{row.campaign_id}", attrs, amount, base))
        return rows

    return calc.Calculator(
        f"survey:{measure.pk}",
        measure.label,
        aggregate,
        ("track", "province"),
        compute,
        gettext_lazy("Survey responses submitted by the day (campaigns of the phase and questionnaire)."),
    )


class SurveyMeasures:
    def get(self, code):
        from surveys.models import Measure

        pk = code.split(":", 1)[1]
        if not pk.isdigit() or len(pk) > 12:
            return None
        try:
            measure = Measure.objects.filter(pk=int(pk)).first()
        except ScopeError:
            return None
        return _calculator(measure) if measure else None

    def listing(self):
        from surveys.models import Measure

        try:
            return {f"survey:{m.pk}": _calculator(m) for m in Measure.objects.all()}
        except ScopeError:
            return {}


calc.families["survey"] = SurveyMeasures()


def _demo(program, users):
    """An outcome indicator computed from the demo's 6-month tracer: share of women saying they are in paid work."""
    from reports.models import Indicator, Result
    from surveys.models import Measure

    measure = Measure.objects.filter(program=program, question="employed_now").first()
    result = Result.objects.filter(program=program, code="OC2").first()
    if measure is None or result is None or Indicator.objects.filter(program=program, code="OC2.S1").exists():
        return
    Indicator.objects.create(
        program=program,
        result=result,
        code="OC2.S1",
        name_tr="6. ay izleme anketinde ücretli işte çalıştığını söyleyen kadınların payı",
        name_en="Share of women saying they are in paid work in the 6-month tracer survey",
        definition_tr="6. ay izleme anketinde 'Şu anda ücretli bir işte çalışıyor musunuz?' sorusuna evet diyenlerin "
        "bu soruyu yanıtlayanlara oranı; yanıtlar geldikçe canlı hesaplanır.",
        definition_en="Respondents answering yes to 'Are you in paid work now?' in the 6-month tracer over all who "
        "answered it; computed live as answers come in.",
        unit=Indicator.Unit.PERCENT,
        method=Indicator.Method.CALCULATED,
        calculator=f"survey:{measure.pk}",
        means_of_verification="6. ay izleme anketi (anketler)",
        owner="İzleme ve değerlendirme",
        order=90,
    )


demo_extensions.register("reports_surveys", _demo)
