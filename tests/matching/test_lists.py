"""The staff lists of employments and overdue checkpoints show 50 rows a page, newest employment first, with a
link to the next page (without counting the whole list), and never load a person's TCKN or IBAN."""

import re

from django.urls import reverse

from matching.models import Employment
from portal import roles
from portal.tenancy import program_scope
from tests.matching.test_pages import _grow_offers

ROW = re.compile(r'href="/matching/employments/(\d+)/"')


def test_the_employment_list_pages_by_fifty_newest_first(client, world):
    pw = world.a
    _grow_offers(pw)(55)  # 55 employments started 200 days ago, older than the world's two
    with program_scope(pw.program.pk):
        newest_first = [
            str(pk) for pk in Employment.objects.order_by("-start_date", "-pk").values_list("pk", flat=True)
        ]
    assert len(newest_first) > 55 and str(pw.employment.pk) in newest_first[:50]
    client.force_login(pw.users[roles.STAFF])
    first = client.get(reverse("matching:employment_list")).content.decode()
    rows = ROW.findall(first)
    assert rows == newest_first[:50]
    assert 'href="?page=2"' in first and "Sonraki" in first and "Önceki" not in first
    second = client.get(reverse("matching:employment_list") + "?page=2").content.decode()
    rest = ROW.findall(second)
    assert rest == newest_first[50:100]
    assert 'href="?page=2"' not in second and 'href="?page=1"' in second and "Sayfa 2" in second
    for bad in ("0", "-1", "abc", "99999999"):
        assert ROW.findall(client.get(reverse("matching:employment_list") + f"?page={bad}").content.decode()) == rows


def test_the_lists_never_load_an_encrypted_field(world):
    from matching import selectors
    from portal.tenancy import audience_for

    pw = world.a
    with program_scope(pw.program.pk):
        audience = audience_for(pw.users[roles.STAFF], program_id=pw.program.pk)
        for rows in (
            selectors.employment_rows_for_user(audience=audience),
            selectors.checkpoints_overdue_rows(program_id=pw.program.pk),
        ):
            row = rows.first()
            assert row is not None
            deferred = row.trainee.get_deferred_fields()
            assert {"tckn", "iban", "phone"} <= deferred
            assert row.trainee.user.full_name
