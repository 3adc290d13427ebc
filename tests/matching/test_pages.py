"""What each person sees: staff run the matching and read why; a firm sees only the candidates proposed to it, never
their TCKN or IBAN; a candidate only her own offers; a mentor only her mentees; pages keep a constant number of
queries whatever the number of rows."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ambassadors.models import MentorAssignment
from matching.models import Employment, Offer, PeerPost, Proposal, ProposalLine
from portal import roles
from tests.helpers import assert_constant_queries
from training.models import Trainee


def test_staff_run_the_matching_and_read_why_in_turkish_and_english(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    response = client.post(reverse("matching:proposal_run"), {"track": "ambassador", "method": "optimal"})
    assert response.status_code == 302
    with _scope(pw):
        proposal = Proposal.objects.filter(program=pw.program, status="draft").get()
        line = ProposalLine.objects.filter(proposal=proposal, position__isnull=False).first()
    assert response["Location"] == reverse("matching:proposal_detail", args=[proposal.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Neden bu eşleşme" in page
    why = client.get(reverse("matching:line_detail", args=[line.pk])).content.decode()
    assert "İl uyumu" in why and "Uzmanlık uyumu" in why and "Ağırlık" in why
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    why_en = client.get(reverse("matching:line_detail", args=[line.pk])).content.decode()
    assert "Province fit" in why_en and "Specialisation fit" in why_en and "Weight" in why_en


def _scope(pw):
    from portal.tenancy import program_scope

    return program_scope(pw.program.pk)


def test_a_firm_sees_its_candidate_but_never_her_tckn_iban_phone_or_email(client, world):
    pw = world.a
    ambassador = pw.trainees[roles.AMBASSADOR]
    client.force_login(pw.users[roles.FIRM])
    pages = [
        client.get(reverse("matching:offer_detail", args=[pw.offer.pk])).content.decode(),
        client.get(reverse("matching:line_detail", args=[pw.line.pk])).content.decode(),
        client.get(reverse("matching:position_edit", args=[pw.position.pk])).content.decode(),
        client.get(reverse("matching:overview")).content.decode(),
    ]
    with _scope(pw):
        ambassador = Trainee.objects.get(pk=ambassador.pk)
    assert ambassador.tckn and ambassador.iban
    for html in pages:
        assert ambassador.user.full_name in html
        for secret in (
            ambassador.tckn,
            ambassador.iban,
            ambassador.tckn_masked,
            ambassador.phone,
            ambassador.user.email,
        ):
            assert secret not in html
    # the other firm's candidate stays invisible, and her offer is a 404
    assert client.get(reverse("matching:offer_detail", args=[pw.other_offer.pk])).status_code == 404
    assert client.get(reverse("matching:line_detail", args=[pw.other_line.pk])).status_code == 404


def test_each_side_sees_only_its_own_ranking_of_the_other(client, world):
    pw = world.a
    client.force_login(pw.users[roles.FIRM])
    firm_page = client.get(reverse("matching:offer_detail", args=[pw.offer.pk])).content.decode()
    assert "firma onu 1. sıraya koydu" in firm_page.lower() or "Firma onu 1. sıraya koydu" in firm_page
    assert "bu firmayı 1. sıraya koydu" not in firm_page.lower()
    client.force_login(pw.users[roles.AMBASSADOR])
    own_page = client.get(reverse("matching:offer_detail", args=[pw.offer.pk])).content.decode()
    assert "Bu firmayı 1. sıraya koydu" in own_page
    assert "firma onu 1. sıraya koydu" not in own_page.lower()


def test_a_candidate_sees_only_her_own_offers(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    html = client.get(reverse("matching:offer_list")).content.decode()
    assert reverse("matching:offer_detail", args=[pw.offer.pk]) in html
    assert reverse("matching:offer_detail", args=[pw.other_offer.pk]) not in html
    assert client.get(reverse("matching:offer_detail", args=[pw.other_offer.pk])).status_code == 404


def test_an_ambassador_accepts_on_her_phone_and_the_firm_then_makes_it_an_employment(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    url = reverse("matching:offer_answer", args=[pw.offer.pk])
    assert client.post(url, {"answer": "accept"}).status_code == 302
    client.force_login(pw.users[roles.FIRM])
    bad = client.post(url, {"answer": "accept", "start_date": "", "contract_type": "permanent", "gross_salary": "abc"})
    assert bad.status_code == 400 and "32.500,00" in bad.content.decode()
    ok = client.post(
        url,
        {
            "answer": "accept",
            "start_date": timezone.localdate().isoformat(),
            "contract_type": "permanent",
            "gross_salary": "32.500,50",
        },
    )
    assert ok.status_code == 302
    with _scope(pw):
        employment = Employment.objects.get(offer=pw.offer)
    assert employment.gross_salary_kurus == 3_250_050


def test_a_mentor_sees_only_her_mentees_and_notes_stay_between_them(client, world):
    pw = world.a
    with _scope(pw):
        other = MentorAssignment.objects.create(
            program=pw.program,
            mentor=pw.users[roles.STAFF],
            trainee=pw.other_trainees[0],
            started_on=timezone.localdate() - timedelta(days=90),
        )
    client.force_login(pw.users[roles.MENTOR])
    home = client.get(reverse("ambassadors:mentor_home")).content.decode()
    assert pw.trainees[roles.AMBASSADOR].user.full_name in home
    assert pw.other_trainees[0].user.full_name not in home
    assert client.get(reverse("ambassadors:assignment_detail", args=[other.pk])).status_code == 404
    detail = client.get(reverse("ambassadors:assignment_detail", args=[pw.assignment.pk])).content.decode()
    assert "Mentor notu gizli a" in detail
    # staff see the other mentee's missed check-in flagged
    client.force_login(pw.users[roles.STAFF])
    listing = client.get(reverse("ambassadors:mentoring_list")).content.decode()
    assert "Kaçırıldı" in listing


def test_staff_hide_a_post_with_a_reason_the_author_still_sees(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    url = reverse("matching:peer_hide", args=[pw.peer_post.pk])
    client.post(url, {"reason": ""})
    with _scope(pw):
        assert PeerPost.objects.get(pk=pw.peer_post.pk).hidden_at is None
    client.post(url, {"reason": "Kişisel veri içeriyor"})
    client.force_login(pw.users[roles.MENTOR])
    assert "Akran mesajı a" not in client.get(reverse("matching:peer_space") + "?track=ambassador").content.decode()
    client.force_login(pw.users[roles.AMBASSADOR])
    own = client.get(reverse("matching:peer_space") + "?track=ambassador").content.decode()
    assert "Akran mesajı a" in own and "Kişisel veri içeriyor" in own
    # operators have their own space: the ambassadors' one is not theirs
    client.force_login(pw.users[roles.OPERATOR])
    assert client.get(reverse("matching:peer_space") + "?track=ambassador").status_code == 404


# --- query counts ---------------------------------------------------------------------------------------------------


def _grow_offers(pw):
    from tests.factories import TraineeFactory, UserFactory

    def grow(n):
        with _scope(pw):
            trainees = [TraineeFactory(program=pw.program, user=UserFactory(), track="ambassador") for _ in range(n)]
            Offer.objects.bulk_create(
                Offer(
                    program=pw.program,
                    proposal=pw.proposal,
                    position=pw.position,
                    firm=pw.firms[0],
                    trainee=t,
                    deadline=timezone.now() + timedelta(days=3),
                )
                for t in trainees
            )
            ProposalLine.objects.bulk_create(
                ProposalLine(
                    program=pw.program, proposal=pw.proposal, trainee=t, position=pw.position, firm=pw.firms[0]
                )
                for t in trainees
            )
            start = timezone.localdate() - timedelta(days=200)
            Employment.objects.bulk_create(
                Employment(
                    program=pw.program,
                    trainee=t,
                    firm=pw.firms[0],
                    start_date=start,
                    planned_end_date=Employment.planned_end_for(start),
                    gross_salary_kurus=3_000_000,
                    status="completed",
                )
                for t in trainees
            )

    return grow


def test_matching_pages_take_a_constant_number_of_queries(client, world):
    pw = world.a
    grow = _grow_offers(pw)
    for role, url in (
        (roles.STAFF, reverse("matching:offer_list")),
        (roles.FIRM, reverse("matching:offer_list")),
        (roles.STAFF, reverse("matching:employment_list")),
        (roles.STAFF, reverse("matching:proposal_detail", args=[pw.proposal.pk])),
        (roles.FIRM, reverse("matching:overview")),
        (roles.STAFF, reverse("matching:checkpoint_overdue")),
        (roles.STAFF, reverse("matching:home")),
        (roles.STAFF, reverse("ambassadors:profile_list")),
        (roles.STAFF, reverse("ambassadors:mentoring_list")),
        (roles.FIRM, reverse("matching:position_edit", args=[pw.position.pk])),
    ):
        client.force_login(pw.users[role])
        assert_constant_queries(client, url, grow=grow, n=3)


def test_a_draft_proposal_stays_with_staff(client, world):
    pw = world.a
    with _scope(pw):
        Proposal.objects.filter(pk=pw.proposal.pk).update(status="draft")
    client.force_login(pw.users[roles.FIRM])
    assert client.get(reverse("matching:line_detail", args=[pw.line.pk])).status_code == 404
    client.force_login(pw.users[roles.AMBASSADOR])
    assert client.get(reverse("matching:line_detail", args=[pw.line.pk])).status_code == 404
    client.force_login(pw.users[roles.STAFF])
    assert client.get(reverse("matching:line_detail", args=[pw.line.pk])).status_code == 200
