def client_ip(request) -> str | None:
    # Behind the deployment's reverse proxy the first X-Forwarded-For hop is the client.
    forwarded = request.headers.get("x-forwarded-for", "")
    return (forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")) or None
