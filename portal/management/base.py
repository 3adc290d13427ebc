from django.core.management.base import BaseCommand, CommandError

from portal.models import Program
from portal.tenancy import program_scope


class ProgramCommand(BaseCommand):
    """A management command that works inside one program's scope, named by `--program CODE`."""

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True, help="program code")

    def execute(self, *args, **options):
        program = Program.objects.filter(code=options.get("program")).first()
        if program is None:
            raise CommandError(f"no program with code {options.get('program')!r}")
        options["program_obj"] = program
        with program_scope(program.pk):
            return super().execute(*args, **options)
