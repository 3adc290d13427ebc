from django.apps import apps
from django.core import checks


@checks.register(checks.Tags.security)
def tenant_models_are_scoped(app_configs=None, **kwargs):
    """Fail closed: every model with a `program` column must refuse to query outside a program scope."""
    errors = []
    for model in apps.get_models():
        if model._meta.auto_created or model._meta.app_label in {"admin", "auth", "contenttypes", "sessions"}:
            continue
        field_names = {f.name for f in model._meta.get_fields()}
        if "program" not in field_names or not model._meta.get_field("program").many_to_one:
            continue
        if not hasattr(model._default_manager, "with_scopes_disabled"):
            errors.append(
                checks.Error(
                    f"{model._meta.label} is program-owned but its default manager is not scoped.",
                    hint="Inherit portal.models.base.ProgramOwned or use program_scoped_manager().",
                    obj=model,
                    id="portal.E001",
                )
            )
    return errors


def development_secrets_in_use() -> bool:
    from django.conf import settings

    return (
        settings.PII_HASH_KEY.startswith("dev-only")
        or settings.SECRET_KEY.startswith("dev-only")
        or settings.DEV_PII_ENCRYPTION_KEY in settings.PII_ENCRYPTION_KEYS
    )


def refuse_development_secrets() -> None:
    """Called by the WSGI and Celery entry points: outside DEBUG, the committed development keys stop the process.

    `check --deploy` says the same, but nothing forces anyone to run it; a server or worker must not start
    quietly with keys that are public in the repository.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    if settings.DEBUG or getattr(settings, "ALLOW_DEVELOPMENT_KEYS", False):
        return
    if development_secrets_in_use():
        raise ImproperlyConfigured(
            "Refusing to start: DJANGO_SECRET_KEY, PII_HASH_KEY or PII_ENCRYPTION_KEYS still hold the development "
            "defaults committed to the repository. Set them in the environment (see .env.example)."
        )


@checks.register(checks.Tags.security, deploy=True)
def pii_keys_are_not_defaults(app_configs=None, **kwargs):
    if development_secrets_in_use():
        return [
            checks.Error(
                "DJANGO_SECRET_KEY / PII_HASH_KEY still have their development defaults.",
                hint="Set them (and PII_ENCRYPTION_KEYS) in the environment; see .env.example.",
                id="portal.E002",
            )
        ]
    return []


@checks.register(checks.Tags.database)
def pii_keys_decrypt_the_canary(app_configs=None, databases=None, **kwargs):
    """Run by `migrate` and `check --database default`: a wrong PII key must fail loudly, not show ciphertext."""
    if not databases:
        return []
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import DatabaseError

    from portal.services.pii import pii_canary_ensure

    try:
        pii_canary_ensure()
    except DatabaseError:
        return []  # not migrated yet
    except (ImproperlyConfigured, ValueError) as error:
        return [checks.Critical(str(error), hint="Restore the PII_ENCRYPTION_KEYS in use.", id="portal.E003")]
    return []
