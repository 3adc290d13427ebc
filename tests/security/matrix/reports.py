"""Monitoring and evaluation: the program office (staff, finance, M&E) sees figures and the records behind them;
staff and M&E keep the logframe, close periods and build reports; stakeholders see aggregates only; a firm sees
its own figures. Objects come from tests/world_ext/reports.py."""

from portal import roles
from tests.security.matrix import OFFICE, expect

MANAGERS = {roles.STAFF, roles.ME}
AGGREGATES = OFFICE | {roles.STAKEHOLDER}


def _pk(attr):
    return lambda pw: {"pk": getattr(pw, attr).pk}


ROWS = {
    "reports:me_home": (None, expect(OFFICE)),
    "reports:cockpit_export": (None, expect(OFFICE)),
    "reports:figures_refresh": (None, expect(OFFICE, ok_status=302, method="post")),
    "reports:stakeholder_home": (None, expect(AGGREGATES)),
    "reports:stakeholder_export": (None, expect(AGGREGATES)),
    "reports:indicator_detail": (_pk("report_indicator"), expect(OFFICE, other=403)),
    "reports:indicator_edit": (_pk("report_indicator"), expect(MANAGERS, other=403)),
    "reports:indicator_records": (_pk("report_indicator"), expect(OFFICE, other=403)),
    "reports:manual_value_add": (_pk("manual_indicator"), expect(MANAGERS, ok_status=302, method="post")),
    "reports:target_set": (_pk("report_indicator"), expect(MANAGERS, ok_status=302, method="post")),
    "reports:manual_value_evidence": (_pk("manual_value"), expect(OFFICE)),
    "reports:period_list": (None, expect(OFFICE)),
    "reports:period_detail": (_pk("report_period"), expect(OFFICE)),
    "reports:period_close": (_pk("open_period"), expect(MANAGERS, ok_status=302, method="post")),
    "reports:narrative_save": (_pk("open_period"), expect(MANAGERS, ok_status=302, method="post")),
    "reports:report_generate": (_pk("report_period"), expect(MANAGERS, ok_status=302, method="post")),
    "reports:report_download": (_pk("monitoring_report"), expect(OFFICE)),
    "reports:policy_export": (None, expect(MANAGERS, ok_status=302, method="post")),
    "reports:firm_figures": (None, expect({roles.FIRM})),
}
