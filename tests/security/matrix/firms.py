from portal import roles
from tests.security.matrix import OFFICE, expect

# staff edit any firm of the program; a firm user her own; other office roles only read (403 on writes)
EDITORS = {roles.STAFF, roles.FIRM}

ROWS = {
    "firms:home": (None, expect({roles.FIRM})),
    "firms:firm_list": (None, expect(OFFICE)),
    "firms:firm_detail": (lambda pw: {"pk": pw.firms[0].pk}, expect(OFFICE | {roles.FIRM}, other=404)),
    "firms:profile_edit": (
        lambda pw: {"pk": pw.firms[0].pk},
        expect(EDITORS, other=404, overrides={roles.FINANCE: 403, roles.ME: 403}),
    ),
    "firms:workforce_add": (
        lambda pw: {"pk": pw.firms[0].pk},
        expect(EDITORS, ok_status=302, other=404, method="post", overrides={roles.FINANCE: 302, roles.ME: 302}),
    ),
    "firms:colleague_invite": (
        lambda pw: {"pk": pw.firms[0].pk},
        expect(EDITORS, ok_status=302, other=404, method="post", overrides={roles.FINANCE: 302, roles.ME: 302}),
    ),
}
