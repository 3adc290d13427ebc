"""Log in as each role of program A, follow every link from the home page (GET only), and prove that no
name, email or identifier of program B — or of another firm or trainee of program A — appears anywhere."""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.urls import reverse

from portal import roles
from tests.security.page_checks import link_problems, page_problems

SKIP_PREFIXES = ("/static/", "/media/", "/i18n/", "/accounts/logout", "/admin/")
HREF = re.compile(r'(?:href|hx-get)="([^"]+)"')
MAX_PAGES = 200


def crawl(client, start="/home/", links=None):
    """Pages reached from `start` (url -> html). `links`, when given, collects every link followed:
    url -> (status it answered, the page that showed it)."""
    seen, queue, pages = set(), deque([(start, None)]), {}
    while queue and len(pages) < MAX_PAGES:
        url, source = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if links is not None:
            links[url] = (response.status_code, source)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[final] = html
        for link in HREF.findall(html):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            parsed = urlparse(link)
            if parsed.netloc or not link.startswith("/") or link.startswith(SKIP_PREFIXES):
                continue
            queue.append((link, final))
    return pages


def _own_strings(pw, role):
    """What the role legitimately sees of her own program (firm and trainee names of her own)."""
    user = pw.users[role]
    own = {user.email, user.full_name, pw.program.name_tr, pw.program.name_en, pw.program.code}
    if role == roles.FIRM:
        own |= {pw.firms[0].name, pw.firms[0].tax_number}
    return own | pw.visible_to.get(role, set())


def _forbidden(world, role):
    forbidden = set(world.b.secrets())
    if role not in roles.PROGRAM_OFFICE:
        # Inside her own program a non-office user sees only her own firm or herself.
        forbidden |= world.a.secrets() - _own_strings(world.a, role)
    return forbidden


@pytest.mark.parametrize("role", roles.ALL)
def test_no_leak_across_programs_firms_or_trainees(client, world, role):
    client.force_login(world.a.users[role])
    links = {}
    pages = crawl(client, links=links)
    assert len(pages) >= 2, f"the crawl for {role} found only {list(pages)}"
    forbidden = _forbidden(world, role)
    for url, html in pages.items():
        leaked = sorted(s for s in forbidden if s and s in html)
        assert not leaked, f"{role} sees {leaked} on {url}"
    problems = page_problems(pages) + link_problems(links)
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_the_crawler_reaches_the_pages_staff_use(client, world):
    client.force_login(world.a.users[roles.STAFF])
    pages = crawl(client)
    for name in ("member_list", "firms:firm_list", "training:trainee_list", "privacy"):
        assert reverse(name) in pages
    assert reverse("firms:firm_detail", args=[world.a.firms[1].pk]) in pages


def test_the_crawler_would_see_a_leak(client, world):
    """Guard the guard: staff of A do see A's second firm, so the same check flags it for a firm user."""
    client.force_login(world.a.users[roles.STAFF])
    pages = crawl(client)
    assert any(world.a.firms[1].name in html for html in pages.values())
    assert world.a.firms[1].name in _forbidden(world, roles.FIRM)


def test_an_applicant_sees_only_her_own_application(client, world):
    """An applicant has no account: her emailed link is her key. From it she reaches nothing of anyone else."""
    start = reverse(
        "application_edit", kwargs={"program_code": world.a.program.code, "token": world.a.application_token}
    )
    pages = crawl(client, start=start)
    assert start in pages and world.a.application.display_name in pages[start]
    own = {world.a.application.display_name, world.a.application.email, world.a.call.title_tr, world.a.call.title_en}
    own |= {world.a.program.name_tr, world.a.program.name_en, world.a.program.code}
    forbidden = (world.a.secrets() | world.b.secrets()) - own
    for url, html in pages.items():
        leaked = sorted(s for s in forbidden if s and s in html)
        assert not leaked, f"the applicant sees {leaked} on {url}"
