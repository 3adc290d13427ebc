"""Assessments in each program of the test world (rows made directly: building the world must stay fast).

The world's assessor (users["assessor"]) leads the assessments of firms[0]:
- `assessment`: SIRI, published, with a roadmap, an item and a PDF (T0);
- `reassessment`: SIRI again (T1, baseline T0), open for the firm's self-assessment;
- `assessor_assessment`: COSIRI in evaluation, with evidence; `score_upload`: her upload with an error.
A second assessor leads `other_assessment`, COSIRI of firms[1] in evaluation, whose justification, firm and
assessor the world's assessor and the firm user of firms[0] must never see (the crawler checks).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from assessments.frameworks import ensure_frameworks
from assessments.models import (
    Assessment,
    AssessmentTransition,
    AssessorAssignment,
    Evidence,
    FrameworkVersion,
    Publication,
    PublishedScore,
    Roadmap,
    RoadmapDocument,
    RoadmapItem,
    Score,
    ScoreUpload,
)
from portal import roles
from portal.models import Role
from tests.factories import MembershipFactory, UserFactory

S = Assessment.Status


def stored(name: str, content: bytes) -> str:
    """A file saved once under a fixed name (the world is rebuilt for every test)."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def assessment(world, *, firm, version, status, lead, baseline=None, history=()):
    a = Assessment.objects.create(
        program=world.program,
        firm=firm,
        framework=version.framework,
        version=version,
        status=status,
        baseline=baseline,
        size_class="medium",
        created_by=world.users[roles.STAFF],
    )
    AssessorAssignment.objects.create(program=world.program, assessment=a, firm=firm, user=lead, is_lead=True)
    previous = ""
    for to in (S.SCHEDULED, *history, status):
        if to == previous:
            continue
        AssessmentTransition.objects.create(
            program=world.program, assessment=a, firm=firm, from_status=previous, to_status=to, actor=lead
        )
        previous = to
    return a


def scores(world, a, source, bands, *, note=""):
    dims = list(a.version.dimensions.order_by("order"))
    Score.objects.bulk_create(
        Score(
            program=world.program,
            assessment=a,
            firm=a.firm,
            dimension=d,
            source=source,
            band=band,
            note=note,
            updated_by=world.users[roles.STAFF],
        )
        for d, band in zip(dims, bands, strict=False)
    )
    return dims


def extend(world, tag):
    ensure_frameworks()
    versions = {
        v.framework.code: v for v in FrameworkVersion.objects.filter(is_current=True).select_related("framework")
    }
    siri, cosiri = versions["SIRI"], versions["COSIRI"]
    assessor2 = UserFactory(email=f"assessor2-{tag}@example.test", full_name=f"Değerlendirici İki {tag.upper()}")
    MembershipFactory(program=world.program, user=assessor2, role=Role.objects.get(code=roles.ASSESSOR))
    world.assessor2 = assessor2
    assessor = world.users[roles.ASSESSOR]

    # firms[0]: T0 published with a roadmap, T1 open for the self-assessment, COSIRI in evaluation
    t0 = assessment(
        world,
        firm=world.firms[0],
        version=siri,
        status=S.PUBLISHED,
        lead=assessor,
        history=(S.SELF_ASSESSMENT, S.EVALUATION, S.REVIEW),
    )
    bands = [1, 2, 3, 2, 1, 0, 2, 3, 1, 2, 2, 1, 3, 2, 1, 2]
    dims = scores(world, t0, Score.Source.ASSESSOR, bands, note="Sahada gözlemlendi.")
    scores(world, t0, Score.Source.SELF, [min(5, b + 1) for b in bands])
    publication = Publication.objects.create(
        program=world.program,
        assessment=t0,
        firm=t0.firm,
        framework=siri.framework,
        number=1,
        published_by=assessor,
        is_current=True,
    )
    PublishedScore.objects.bulk_create(
        PublishedScore(program=world.program, publication=publication, firm=t0.firm, dimension=d, band=b)
        for d, b in zip(dims, bands, strict=True)
    )
    roadmap = Roadmap.objects.create(program=world.program, assessment=t0, firm=t0.firm)
    world.roadmap_item = RoadmapItem.objects.create(
        program=world.program,
        roadmap=roadmap,
        firm=t0.firm,
        dimension=dims[5],
        target_band=1,
        initiative="Tesis otomasyonu pilotu",
    )
    document = RoadmapDocument(
        program=world.program, roadmap=roadmap, firm=t0.firm, revision=1, language="tr", built_by=assessor
    )
    document.file.name = stored(f"assessments/test-world/roadmap-{tag}.pdf", b"%PDF-1.4\n% test world\n%%EOF\n")
    document.save()
    world.assessment, world.roadmap, world.roadmap_document = t0, roadmap, document
    world.reassessment = assessment(
        world,
        firm=world.firms[0],
        version=siri,
        status=S.SELF_ASSESSMENT,
        lead=assessor,
        baseline=t0,
    )
    scores(world, world.reassessment, Score.Source.SELF, [2, 2, 3])

    mine = assessment(
        world, firm=world.firms[0], version=cosiri, status=S.EVALUATION, lead=assessor, history=(S.SELF_ASSESSMENT,)
    )
    dims = scores(world, mine, Score.Source.ASSESSOR, [2, 3, 1, 2, 3, 1, 2, 3], note="Değerlendirici notu")
    evidence = Evidence(
        program=world.program,
        assessment=mine,
        firm=mine.firm,
        dimension=dims[0],
        original_name="kanit.pdf",
        uploaded_by=assessor,
    )
    evidence.file.name = stored(f"assessments/test-world/evidence-{tag}.pdf", b"%PDF-1.4\n% evidence\n%%EOF\n")
    evidence.save()
    world.assessor_assessment, world.evidence = mine, evidence
    # she works with the firm, and the firm with her
    world.visible_to.setdefault(roles.ASSESSOR, set()).add(world.firms[0].name)
    world.visible_to.setdefault(roles.FIRM, set()).add(assessor.full_name)

    # firms[1]: COSIRI in evaluation by another assessor; its justification is the other firm's business
    world.other_assessment = assessment(
        world, firm=world.firms[1], version=cosiri, status=S.EVALUATION, lead=assessor2, history=(S.SELF_ASSESSMENT,)
    )
    secret_note = f"Gizli gerekçe Firma {tag.upper()}2 COSIRI"
    scores(world, world.other_assessment, Score.Source.ASSESSOR, [3, 2, 1], note=secret_note)
    world.extra_secrets |= {secret_note, assessor2.full_name}
    world.score_upload = ScoreUpload.objects.create(
        program=world.program,
        uploaded_by=world.users[roles.ASSESSOR],
        version=siri,
        original_name="bantlar.xlsx",
        sha256="0" * 64,
        status=ScoreUpload.Status.INVALID,
        errors=[{"sheet": "Bands", "row": 5, "column": "C", "message": "Band 7 is out of range"}],
    )
