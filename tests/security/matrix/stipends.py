"""Money URLs × roles. Objects come from tests/world_ext/stipends.py. The payment approver role is not one of
roles.ALL (the world's users), so approval rows expect every world role to be refused; tests/stipends covers the
approver herself."""

from portal import roles
from tests.security.matrix import OFFICE, expect

FINANCE = {roles.FINANCE}
NOBODY = set()


def run(pw):
    return {"pk": pw.run.pk}


def post(ok):
    return expect(ok, ok_status=302, method="post")


ROWS = {
    "stipends:finance_home": (None, expect(FINANCE)),
    "stipends:stipend_run_start": (None, post(FINANCE)),
    "stipends:entitlement_list": (None, expect(OFFICE)),
    "stipends:rules": (None, expect(OFFICE)),
    "stipends:budget": (None, expect(OFFICE)),
    "stipends:receivables": (None, expect(OFFICE)),
    "stipends:run_list": (None, expect(OFFICE)),
    "stipends:run_new": (None, post(FINANCE)),
    "stipends:run_detail": (run, expect(OFFICE)),
    "stipends:run_submit": (run, post(FINANCE)),
    "stipends:run_approve": (run, post(NOBODY)),
    "stipends:run_reject": (run, post(NOBODY)),
    "stipends:run_cancel": (run, post(FINANCE)),
    "stipends:run_export": (run, post(FINANCE)),
    "stipends:run_lines_xlsx": (run, expect(FINANCE)),
    "stipends:run_reconcile": (run, post(FINANCE)),
    "stipends:statement_detail": (lambda pw: {"pk": pw.run.pk, "statement": pw.statement.pk}, expect(FINANCE)),
    "stipends:bank_file_download": (lambda pw: {"pk": pw.bank_file.pk}, expect(FINANCE)),
    "stipends:exceptions": (None, expect(FINANCE)),
    "stipends:claim_list": (None, expect(OFFICE)),
    "stipends:totals": (None, expect(OFFICE)),
    "stipends:my_stipends": (None, expect({roles.AMBASSADOR, roles.OPERATOR})),
    "stipends:firm_claims": (None, expect({roles.FIRM})),
    "stipends:claim_new": (lambda pw: {"employment": pw.support_employment.pk}, expect({roles.FIRM})),
    "stipends:claim_detail": (lambda pw: {"pk": pw.claim.pk}, expect(OFFICE | {roles.FIRM}, other=404)),
    "stipends:claim_document": (
        lambda pw: {"pk": pw.claim.pk, "which": "payroll"},
        expect(OFFICE | {roles.FIRM}, other=404),
    ),
}
