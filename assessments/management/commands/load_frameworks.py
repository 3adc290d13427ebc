from django.core.management.base import BaseCommand

from assessments.frameworks import DATA_FILE, load_frameworks


class Command(BaseCommand):
    help = (
        "Load the SIRI and COSIRI structure from a YAML file (default: assessments/data/frameworks.yaml). "
        "Safe to run again: an unchanged structure adds nothing, a changed one becomes a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="path of the frameworks YAML")

    def handle(self, *args, **options):
        created = load_frameworks(path=options["file"])
        for version in created:
            self.stdout.write(self.style.SUCCESS(f"new version: {version}"))
        if not created:
            self.stdout.write("frameworks unchanged")
