from portal import roles
from tests.security.matrix import EVERYONE, expect

ROWS = {
    "notification_inbox": (None, expect(EVERYONE)),
    "notification_unread": (None, expect(EVERYONE)),
    "notification_read_all": (None, expect(EVERYONE, ok_status=302, method="post")),
    "notification_open": (lambda pw: {"pk": pw.notification.pk}, expect({roles.STAFF}, ok_status=302, other=404)),
    "notification_prefs": (None, expect(EVERYONE)),
    "notification_deliveries": (None, expect({roles.STAFF, roles.FINANCE})),
}
