def portal(request):
    audience = getattr(request, "audience", None)
    return {
        "audience": audience,
        "current_program": getattr(audience, "program", None) or getattr(request, "public_program", None),
    }
