"""Checks every crawled page must pass, whoever crawls it (tests/security/test_crawler.py runs them on each page
of every role). Each check takes (url, html) and returns a list of problems; add new ones to PAGE_CHECKS."""

import functools
import html as htmllib
import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "tr" / "LC_MESSAGES" / "django.po"
TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


def visible_text(html: str) -> str:
    return htmllib.unescape(TAGS.sub(" ", html))


@functools.cache
def dotless_capitals() -> re.Pattern:
    """Every Turkish msgstr starting with "i", capitalised the wrong (non-Turkish) way: "il" → "Il"."""
    wrong = set()
    for entry in polib.pofile(str(CATALOGUE)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text[:1] == "i":
                word = re.match(r"\w+", text)
                if word and len(word.group()) > 1:
                    wrong.add("I" + word.group()[1:])
    return re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, wrong), key=len, reverse=True)) + r")(?!\w)")


def turkish_casing(url: str, html: str) -> list[str]:
    if 'lang="tr"' not in html[:500]:
        return []
    found = sorted(set(dotless_capitals().findall(visible_text(html))))
    return [f"{url}: Turkish word capitalised with a dotless I: {found}"] if found else []


PAGE_CHECKS = [turkish_casing]


def page_problems(pages: dict) -> list[str]:
    return [problem for url, html in pages.items() for check in PAGE_CHECKS for problem in check(url, html)]


def link_problems(links: dict) -> list[str]:
    """A link shown to a person must open for her: no 403 or 404 behind a link of her own pages, and no 5xx.
    links: url -> (status, the page that showed it), as the crawler collected them."""
    return [
        f"{source}: links to {url}, which answers {status} for this role"
        for url, (status, source) in sorted(links.items())
        if source is not None and (status in {403, 404} or status >= 500)
    ]
