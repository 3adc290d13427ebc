from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.demo import demo_extensions
from portal.registry import employment_ended, firm_progress, role_homes, scale_seeders

role_homes.register(roles.FINANCE, "stipends:finance_home")
role_homes.register(roles.FINANCE_APPROVER, "stipends:finance_home")


def _employment_ended(employment):
    from stipends.claims import employment_ended as hook

    hook(employment)


employment_ended.register("stipends", _employment_ended)


def _step_salary_support(firm):
    from stipends.models import SupportClaim

    return (50, _("Salary support claimed"), SupportClaim.objects.filter(firm=firm).exists())


firm_progress.register("salary_support", _step_salary_support)


def _demo(program, users):
    from stipends import demo

    demo.seed(program, users)


demo_extensions.register("stipends", _demo)


def _scale(ctx):
    from stipends import scale

    scale.seed(ctx)


scale_seeders.register("stipends", _scale)
