"""Refresh the Turkish catalogue from the sources, fill new entries from glossary files, compile.

    python manage.py translations_sync

Runs makemessages (needs gettext's xgettext/msgmerge, a developer tool; CI only compiles), fills any
untranslated entry whose msgid appears in `locale/tr/glossary/*.json` ({"English msgid": "Türkçe"}),
lists what is still missing, and compiles. A file lock lets several people (or helpers) run it at once.
"""

import fcntl
import json
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands import makemessages

IGNORE = [".venv", "static", "var", "tests", "build"]


class _MakeMessages(makemessages.Command):
    # a fuzzy guess ("Paid" for "Unpaid") reads as a translation to nobody and hides a missing one
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]


class Command(BaseCommand):
    help = "makemessages for Turkish, fill from locale/tr/glossary/*.json, report missing, compile."

    def handle(self, *args, **options):
        locale_dir = Path(settings.BASE_DIR) / "locale"
        lock_path = Path(settings.BASE_DIR) / "var" / "translations.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            call_command(
                _MakeMessages(), locale=["tr"], ignore_patterns=IGNORE, no_obsolete=True, no_location=True, verbosity=0
            )
            po_path = locale_dir / "tr" / "LC_MESSAGES" / "django.po"
            po = polib.pofile(str(po_path))
            glossary = {}
            for path in sorted((locale_dir / "tr" / "glossary").glob("*.json")):
                glossary.update(json.loads(path.read_text(encoding="utf-8")))
            filled = 0
            for entry in po:
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                    entry.msgstr = ""
                if entry.translated():
                    continue
                text = glossary.get(entry.msgid)
                if text is None:
                    continue
                if entry.msgid_plural:
                    forms = text if isinstance(text, list) else [text, text]
                    entry.msgstr_plural = dict(enumerate(forms))
                else:
                    entry.msgstr = text
                filled += 1
            po.save()
            missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
            self.stdout.write(f"filled {filled} from the glossary; {len(missing)} still untranslated")
            for msgid in missing:
                self.stdout.write(f"  {msgid!r}")
            call_command("compile_translations", verbosity=0)
