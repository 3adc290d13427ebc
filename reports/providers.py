"""What reports plugs into the core: role homes, the background jobs it runs, and its demo data."""

from portal import roles
from portal.demo import demo_extensions
from portal.registry import job_kinds, role_homes
from reports import services

role_homes.register(roles.ME, "reports:me_home")
role_homes.register(roles.STAKEHOLDER, "reports:stakeholder_home")

job_kinds.register(services.JOB_MONITORING_REPORT, services.monitoring_report_job)
job_kinds.register(services.JOB_POLICY_EXPORT, services.policy_export_job)


def demo_reports(program, users):
    from reports import demo

    demo.seed(program, users)


demo_extensions.register("reports", demo_reports)
