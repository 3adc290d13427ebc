import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from portal.demo import seed_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo program with one login per role. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the logins as JSON for scripts")

    def handle(self, *args, **options):
        program, logins = seed_demo()
        if options["json"]:
            self.stdout.write(json.dumps([asdict(login) for login in logins], ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.style.SUCCESS(f"Demo program: {program.code} — {program.name_tr}"))
        self.stdout.write("Demo logins / Demo girişleri (password / parola: same for all):")
        for login in logins:
            mfa = f"  TOTP secret: {login.totp_secret}" if login.totp_secret else ""
            self.stdout.write(f"  {login.role:<12} {login.email:<40} {login.password}{mfa}")
        self.stdout.write(
            "Roles with a TOTP secret need a code from an authenticator app (or: python manage.py totp_code EMAIL)."
        )
