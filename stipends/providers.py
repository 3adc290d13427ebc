from portal import roles
from portal.demo import demo_extensions
from portal.registry import employment_ended, role_homes, scale_seeders

role_homes.register(roles.FINANCE, "stipends:finance_home")
role_homes.register(roles.FINANCE_APPROVER, "stipends:finance_home")


def _employment_ended(employment):
    from stipends.claims import employment_ended as hook

    hook(employment)


employment_ended.register("stipends", _employment_ended)


def _demo(program, users):
    from stipends import demo

    demo.seed(program, users)


demo_extensions.register("stipends", _demo)


def _scale(ctx):
    from stipends import scale

    scale.seed(ctx)


scale_seeders.register("stipends", _scale)
