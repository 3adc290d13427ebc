from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse

from portal import roles


def test_pages_are_turkish_by_default_and_english_on_request(client, world):
    client.force_login(world.a.users[roles.OPERATOR])
    html = client.get(reverse("training:my_training")).content.decode()
    assert '<html lang="tr">' in html and "Eğitimim" in html
    client.post(reverse("set_language"), {"language": "en", "next": reverse("training:my_training")})
    html = client.get(reverse("training:my_training")).content.decode()
    assert '<html lang="en">' in html and "My training" in html


def test_every_page_carries_the_eu_visibility_footer_and_loads_only_our_files(client, world):
    client.force_login(world.a.users[roles.STAFF])
    response = client.get(reverse("staff_home"))
    html = response.content.decode()
    assert "eu-emblem.svg" in html
    assert "Avrupa Birliği tarafından finanse edilmektedir" in html
    assert "http://" not in html.replace(settings.SITE_URL, "") and "https://" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_the_page_is_built_for_phones(client, world):
    client.force_login(world.a.users[roles.OPERATOR])
    html = client.get(reverse("training:my_training")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_the_turkish_catalogue_is_complete():
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale/tr/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert not missing, f"untranslated: {missing[:10]}"


def test_a_browser_asking_for_english_still_gets_turkish_until_she_switches(client, world):
    client.force_login(world.a.users[roles.OPERATOR])
    html = client.get(reverse("training:my_training"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="tr">' in html
