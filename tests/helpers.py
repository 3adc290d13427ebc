import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def count_queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), ctx


def assert_constant_queries(client, url: str, *, grow, n: int = 5):
    """The page takes the same number of SQL queries with n rows and with 10×n rows."""
    grow(n)
    small, _ = count_queries(client, url)
    grow(9 * n)
    large, ctx = count_queries(client, url)
    assert small == large, f"{url}: {small} queries with {n} rows but {large} with {10 * n}:\n" + "\n".join(
        q["sql"][:200] for q in ctx.captured_queries
    )
    return small
