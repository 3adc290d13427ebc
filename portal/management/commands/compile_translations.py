from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo in pure Python (no gettext tools needed on the machine)."

    def handle(self, *args, **options):
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                po = polib.pofile(str(po_path))
                untranslated = [e.msgid for e in po if not e.translated() and not e.obsolete]
                if untranslated:
                    self.stderr.write(f"{po_path}: {len(untranslated)} untranslated, e.g. {untranslated[0]!r}")
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
