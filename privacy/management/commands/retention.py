"""Apply the retention schedule now: `manage.py retention [--program CODE] [--dry-run]`.

Without --program every program runs in its own scope. --dry-run prints what would be destroyed or pseudonymised
and changes nothing (the run is still logged, marked as a dry run)."""

from django.core.management.base import BaseCommand, CommandError

from portal.models import Program
from portal.tenancy import program_scope


class Command(BaseCommand):
    help = "Apply the retention schedule (periods from each program's privacy settings)."

    def add_arguments(self, parser):
        parser.add_argument("--program", help="program code (default: every program)")
        parser.add_argument("--dry-run", action="store_true", help="count and print, change nothing")

    def handle(self, *args, **options):
        from privacy.retention import retention_run

        programs = Program.objects.order_by("code")
        if options["program"]:
            programs = programs.filter(code=options["program"])
            if not programs.exists():
                raise CommandError(f"no program with code {options['program']!r}")
        for program in programs:
            with program_scope(program.pk):
                run = retention_run(program_id=program.pk, dry_run=options["dry_run"])
            label = "dry run" if options["dry_run"] else "run"
            self.stdout.write(f"{program.code}: retention {label} #{run.pk}, {run.total} records")
            for row in run.outcomes:
                verb = f"would be {row['method']}" if options["dry_run"] else row["method"]
                self.stdout.write(f"  {row['count']:>6}  {row['what']} — {verb}")
