"""What reports plugs into the core: role homes, the background jobs it runs, and its demo data."""

from portal import roles
from portal.demo import demo_extensions
from portal.registry import Export, exports, job_kinds, role_homes
from reports import services

role_homes.register(roles.ME, "reports:me_home")
role_homes.register(roles.STAKEHOLDER, "reports:stakeholder_home")

job_kinds.register(services.JOB_MONITORING_REPORT, services.monitoring_report_job)
job_kinds.register(services.JOB_POLICY_EXPORT, services.policy_export_job)


def demo_reports(program, users):
    from reports import demo

    demo.seed(program, users)


demo_extensions.register("reports", demo_reports)

exports.register("me_dashboard", Export("reports:cockpit_export"))
exports.register("programme_figures", Export("reports:stakeholder_export"))


def _register_api():
    from portal.api.router import register
    from reports.api import routes

    for name, route in routes().items():
        register(name, route)


_register_api()

# indicators counted from events and attendance (outreach), and the demo logframe switched over to them
from reports import indicators_outreach  # noqa: E402

demo_extensions.register("reports_outreach", indicators_outreach.demo_use_outreach_indicators)

# survey measures as calculators "survey:<id>" (after the reports demo, so its logframe is there for the demo's
# survey indicator)
from reports import survey_calculators  # noqa: E402, F401
