"""The knowledge platform as a visitor, a firm user and the communication officer (staff) meet it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from knowledge.models import Resource, ResourceHit, ResourceTransition
from knowledge.search import fold
from portal import roles
from tests.world_ext.knowledge import PDF, _resource


def public(world, name, **kwargs):
    return reverse(f"public_knowledge:{name}", kwargs={"program_code": world.a.program.code, **kwargs})


def test_folding_is_turkish_aware():
    assert fold("İŞÇİ Sağlığı") == "isci sagligi"
    assert fold("YEŞİL DÖNÜŞÜM") == fold("yeşil dönüşüm") == "yesil donusum"
    assert fold("IŞIK") == "isik"  # dotless capital I lowers to ı, then to i


def test_a_visitor_finds_the_toolkit_by_searching_in_turkish(client, world):
    for query in ("yeşil dönüşüm", "YESIL DONUSUM", "araç seti"):
        page = client.get(public(world, "resource_list"), {"q": query}).content.decode()
        assert world.a.resource.title_tr in page, query
    page = client.get(public(world, "resource_list"), {"q": "bulunmayan kelime"}).content.decode()
    assert world.a.resource.title_tr not in page


def test_isci_finds_isci_with_turkish_letters(client, world):
    with scopes_disabled():
        _resource(world.a, "a", "İşçi sağlığı ve güvenliği rehberi", for_public=True)
    page = client.get(public(world, "resource_list"), {"q": "isci"}).content.decode()
    assert "İşçi sağlığı ve güvenliği rehberi" in page


def test_the_public_site_shows_only_public_published_resources(client, world, login):
    page = client.get(public(world, "resource_list")).content.decode()
    assert world.a.resource.title_tr in page
    assert world.a.firm_resource.title_tr not in page
    assert world.a.draft_resource.title_tr not in page
    assert world.b.resource.title_tr not in page
    assert client.get(public(world, "resource_detail", pk=world.a.firm_resource.pk)).status_code == 404
    assert client.get(public(world, "resource_detail", pk=world.a.draft_resource.pk)).status_code == 404


def test_a_firm_user_reads_what_is_for_firms_and_a_trainee_does_not(client, world, login):
    login(world.a.users[roles.FIRM])
    page = client.get(reverse("knowledge:resource_list")).content.decode()
    assert world.a.firm_resource.title_tr in page and world.a.resource.title_tr in page
    login(world.a.users[roles.OPERATOR])
    page = client.get(reverse("knowledge:resource_list")).content.decode()
    assert world.a.firm_resource.title_tr not in page
    url = reverse("knowledge:resource_detail", args=[world.a.firm_resource.pk])
    assert client.get(url).status_code == 404


def test_downloads_count_once_per_visitor_per_day(client, world):
    url = public(world, "resource_download", pk=world.a.resource.pk)
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    from django.test import Client

    Client().get(url)
    with scopes_disabled():
        assert ResourceHit.objects.filter(resource=world.a.resource, kind="download").count() == 2
    page = client.get(public(world, "resource_detail", pk=world.a.resource.pk)).content.decode()
    assert "2" in page.split('id="counts"')[1][:200]


def test_rich_text_cannot_carry_script(client, world, login):
    login(world.a.users[roles.STAFF])
    data = {
        "kind": "guide",
        "title_tr": "Zararlı <script>alert(1)</script>",
        "summary_tr": "<img src=x onerror=alert(1)>",
        "body_tr": '<script>document.cookie</script>\n\n<a href="javascript:alert(1)">tıkla</a>',
        "for_public": "on",
        "topics": ["green"],
    }
    response = client.post(reverse("knowledge:resource_new"), data)
    assert response.status_code == 302
    with scopes_disabled():
        resource = Resource.objects.get(title_tr__startswith="Zararlı")
    page = client.get(reverse("knowledge:resource_edit", args=[resource.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    with scopes_disabled():
        resource.status, resource.published_at = "published", resource.created_at
        resource.save()
    page = client.get(reverse("knowledge:resource_detail", args=[resource.pk])).content.decode()
    assert "<script>" not in page.split("<main")[1].split("</main>")[0]
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;document.cookie&lt;/script&gt;" in page


def test_a_file_is_judged_by_its_content(client, world, login):
    login(world.a.users[roles.STAFF])
    data = {"kind": "guide", "title_tr": "Rehber", "summary_tr": "Özet", "for_public": "on"}
    fake = SimpleUploadedFile("rehber.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("knowledge:resource_new"), {**data, "file": fake})
    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    real = SimpleUploadedFile("rehber.pdf", PDF, content_type="application/pdf")
    assert client.post(reverse("knowledge:resource_new"), {**data, "file": real}).status_code == 302


def test_publication_goes_through_review_and_is_recorded(client, world, login):
    login(world.a.users[roles.STAFF])
    draft = world.a.draft_resource
    url = reverse("knowledge:resource_move", args=[draft.pk])
    client.post(url, {"to_status": "published"}, follow=True)
    with scopes_disabled():
        draft.refresh_from_db()
        assert draft.status == "draft"  # straight to published is refused
    client.post(url, {"to_status": "review", "note": "Okuyalım"})
    client.post(url, {"to_status": "published"})
    with scopes_disabled():
        draft.refresh_from_db()
        assert draft.status == "published" and draft.published_at is not None
        moves = list(ResourceTransition.objects.filter(resource=draft).values_list("from_status", "to_status"))
    assert moves == [("draft", "review"), ("review", "published")]
    page = client.get(reverse("knowledge:resource_edit", args=[draft.pk])).content.decode()
    assert "Okuyalım" in page


def test_only_staff_write(client, world, login):
    login(world.a.users[roles.FIRM])
    assert client.get(reverse("knowledge:resource_new")).status_code == 403
    assert client.post(reverse("knowledge:resource_move", args=[world.a.draft_resource.pk])).status_code == 403


@pytest.mark.parametrize("query", ["' OR 1=1 --", "\x00", "a" * 5000, "<svg onload=alert(1)>", "%%%", "İ̇"])
def test_hostile_search_and_filters_answer_200(client, world, query):
    response = client.get(public(world, "resource_list"), {"q": query, "topic": query, "kind": query, "year": query})
    assert response.status_code in (200, 400)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["resource_list", "search"])
def test_resource_list_and_search_take_the_same_queries_at_two_sizes(client, world, name):
    url = public(world, "resource_list") + ("?q=rehber" if name == "search" else "")
    with scopes_disabled():
        _resource(world.a, "a", "Küçük rehber", for_public=True)
    client.get(url)  # the session and caches settle
    small = _count_queries(client, url)
    with scopes_disabled():
        for i in range(25):
            _resource(world.a, "a", f"Ek rehber {i}", for_public=True)
    assert _count_queries(client, url) == small


def test_staff_gather_resources_into_a_collection(client, world, login):
    login(world.a.users[roles.STAFF])
    data = {"title_tr": "Yeşil KOBİ seti", "order": 1, "resources": [world.a.resource.pk, world.b.resource.pk]}
    response = client.post(reverse("knowledge:collection_manage"), data)
    assert response.status_code == 400  # program B's resource is not a choice here
    data["resources"] = [world.a.resource.pk]
    assert client.post(reverse("knowledge:collection_manage"), data).status_code == 302
    page = client.get(public(world, "resource_list")).content.decode()
    assert "Yeşil KOBİ seti" in page
