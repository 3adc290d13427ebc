"""Encrypt files stored before encryption, and re-encrypt every protected file under the newest key.

Run after adding a key at the front of PII_ENCRYPTION_KEYS (key rotation); once it has run, the old key can be
removed. Files stored before this portal encrypted them are encrypted on the way (they stay readable meanwhile)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models
from django_scopes import scopes_disabled

from portal.files import EncryptedStorage


class Command(BaseCommand):
    help = "Encrypt plain stored files and rotate encrypted ones to the newest PII key."

    def handle(self, *args, **options):
        done = 0
        with scopes_disabled():
            for model in apps.get_models():
                for field in model._meta.concrete_fields:
                    if not isinstance(field, models.FileField) or not isinstance(field.storage, EncryptedStorage):
                        continue
                    names = model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
                    for name in names.iterator():
                        if name and field.storage.exists(name):
                            field.storage.rotate(name)
                            done += 1
        self.stdout.write(f"{done} files encrypted under the newest key")
