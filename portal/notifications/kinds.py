"""The notification kinds each app declares (in its `notifications.py`, imported from its providers).

Subjects, bodies and SMS texts are Django template strings whose msgid is the English text; the Turkish lives in
the catalogue like any other string, so a kind is written once and rendered in the recipient's language.
"""

from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.template import Context, Engine
from django.utils import translation

from portal.models.notifications import Channel
from portal.registry import notification_kinds

ALL_CHANNELS = (Channel.INBOX, Channel.EMAIL, Channel.SMS)


@dataclass(frozen=True)
class Kind:
    key: str
    audience: str  # who receives it, for the preferences page and the docs: "trainee", "firm", "staff", "applicant"
    subject: object  # lazy English template string
    body: object
    # example values of every variable the templates use: the render test fills them in, both languages
    example: dict
    sms: object = None  # a short text; kinds without it never go by SMS
    channels: tuple = (Channel.INBOX, Channel.EMAIL)
    optional: bool = True  # False: offers, payment failures, security — a person cannot switch it off
    urgent: bool = False
    digest: bool = False  # low urgency: its emails wait for the daily digest
    label: object = ""  # what the preferences page calls it
    # Turkish, then English, in one message: for people whose language we do not know yet (an invitation)
    bilingual: bool = False

    def __post_init__(self):
        if Channel.SMS in self.channels and not self.sms:
            raise ValueError(f"{self.key}: an SMS channel needs an sms text")
        if self.digest and self.urgent:
            raise ValueError(f"{self.key}: an urgent kind never waits for a digest")


def register(**fields) -> Kind:
    kind = Kind(**fields)
    return notification_kinds.register(kind.key, kind)


def get(key: str) -> Kind:
    return notification_kinds[key]


def all_kinds() -> list[Kind]:
    return sorted((k for _key, k in notification_kinds.items()), key=lambda k: k.key)


_engine = Engine(builtins=["django.template.defaulttags", "django.template.defaultfilters"], string_if_invalid="")
# the render test's engine: a missing variable shows instead of vanishing
strict_engine = Engine(
    builtins=["django.template.defaulttags", "django.template.defaultfilters"], string_if_invalid="<<MISSING %s>>"
)


@lru_cache(maxsize=1024)
def _compiled(engine: Engine, source: str):
    # a batch (a month's stipends for every trainee) renders the same few texts thousands of times
    return engine.from_string(source)


def render(template, context: dict, *, language: str, engine: Engine = _engine) -> str:
    """One of a kind's texts in `language` (autoescape off: the HTML email escapes when it lays the text out)."""
    with translation.override(language):
        source = str(template)  # a lazy msgid: its translation in the language just activated
        return _compiled(engine, source).render(Context(context, autoescape=False)).strip()


@dataclass
class Rendered:
    subject: str
    body: str
    sms: str = ""
    extra: dict = field(default_factory=dict)


def render_kind(kind: Kind, context: dict, *, language: str, engine: Engine = _engine) -> Rendered:
    if kind.bilingual:
        tr, en = (
            render_kind(replace(kind, bilingual=False), context, language=lang, engine=engine) for lang in ["tr", "en"]
        )
        return Rendered(
            subject=f"{tr.subject} / {en.subject}"[:300],
            body=f"{tr.body}\n\n----------\n\n{en.body}",
            sms=tr.sms,
        )
    return Rendered(
        subject=render(kind.subject, context, language=language, engine=engine)[:300],
        body=render(kind.body, context, language=language, engine=engine),
        sms=render(kind.sms, context, language=language, engine=engine) if kind.sms else "",
    )
