"""The Django admin behind the portal's one door.

The admin never authenticates anyone itself: its login page sends people to the portal's login (allauth: the
same rate limits, lockouts and second factor as everyone else), and it lets in only an active platform operator
(`is_staff`) whose *current session* passed the second factor. Every change made through it is written to the
platform audit trail (PlatformAuditEvent) besides Django's own LogEntry.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied


def session_passed_mfa(request) -> bool:
    """True when this session's login included a second factor for this user (allauth's authentication log)."""
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def _client_ip(request) -> str | None:
    from allauth.account.adapter import get_adapter

    try:  # allauth's reading of the client address honours ALLAUTH_TRUSTED_PROXY_COUNT, like its lockouts
        return get_adapter(request).get_client_ip(request)
    except Exception:  # an unparsable proxy header must not turn an audit row into a 500
        return None


def platform_audit(request, action: str, *, target=None, data: dict | None = None):
    from portal.models import PlatformAuditEvent

    user = request.user if request.user.is_authenticated else None
    return PlatformAuditEvent.objects.create(
        actor=user,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        program_id_hint=getattr(target, "program_id", None),
        data=data or {},
        ip_address=_client_ip(request),
    )


def _changed_fields(message) -> list[str]:
    fields = []
    for part in message if isinstance(message, list) else []:
        for key in ("changed", "added", "deleted"):
            if isinstance(part, dict) and key in part:
                fields += [str(f) for f in part[key].get("fields", [])] or [str(part[key].get("name", key))]
    return fields


class AuditedAdminMixin:
    """Mixed into every ModelAdmin the site registers: each add, change (form or list edit) and delete is audited."""

    def log_addition(self, request, obj, message):
        platform_audit(request, "admin.added", target=obj, data={"fields": _changed_fields(message)})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        platform_audit(request, "admin.changed", target=obj, data={"fields": _changed_fields(message)})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            platform_audit(request, "admin.deleted", target=obj)
        return super().log_deletions(request, queryset)


class PortalAdminSite(admin.AdminSite):
    site_header = _("Kadın İmalat Portalı — platform administration")
    site_title = _("Platform administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(f"Audited{admin_class.__name__}", (AuditedAdminMixin, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and session_passed_mfa(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def audited(request, *args, **kwargs):
            response = inner(request, *args, **kwargs)
            if request.method == "POST" and self.has_permission(request):
                # object-level events come from the mixin; this row also covers bulk actions and anything custom
                platform_audit(
                    request, "admin.post", data={"path": request.path, "status": getattr(response, "status_code", 0)}
                )
            return response

        audited.__dict__.update(getattr(inner, "__dict__", {}))
        return audited

    def login(self, request, extra_context=None):
        """Never authenticates: credentials POSTed here are ignored; people go through the portal's login."""
        next_url = request.GET.get("next") or request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = ""
        next_url = next_url or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{resolve_url('account_login')}?{urlencode({'next': next_url})}")
        if not (user.is_active and user.is_staff):
            platform_audit(request, "admin.refused", data={"reason": "not a platform operator"})
            # a response, not a raised PermissionDenied: the request's transaction must keep the audit row
            return permission_denied(request, PermissionDenied())
        if not session_passed_mfa(request):
            from allauth.mfa.models import Authenticator

            platform_audit(request, "admin.second_factor_asked")
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': next_url})}")
            # the session passed a password only (e.g. she set up her authenticator in it): ask for a code now
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
        return redirect(next_url)
