"""An iCalendar file for one event (RFC 5545), so she can put it in her phone's calendar."""

from datetime import UTC

from django.urls import reverse


def _text(value: str) -> str:
    return (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _when(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_ics(event, *, request) -> str:
    url = request.build_absolute_uri(reverse("public_events:event_detail", args=[event.program.code, event.pk]))
    where = event.place or event.online_url or ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kadin Imalat Portali//TR",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{request.get_host()}",
        f"DTSTAMP:{_when(event.created_at)}",
        f"DTSTART:{_when(event.starts_at)}",
        f"DTEND:{_when(event.ends_at)}",
        f"SUMMARY:{_text(event.title)}",
        f"LOCATION:{_text(where)}",
        f"URL:{url}",
        f"DESCRIPTION:{_text(event.description[:1000])}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
