from portal import roles
from tests.security.matrix import EVERYONE, expect

STAFF = {roles.STAFF}
PUBLIC = expect(EVERYONE, anon=200, public=True)

ROWS = {
    "public_knowledge:home": (lambda pw: {"program_code": pw.program.code}, PUBLIC),
    "public_knowledge:resource_list": (lambda pw: {"program_code": pw.program.code}, PUBLIC),
    "public_knowledge:resource_detail": (lambda pw: {"program_code": pw.program.code, "pk": pw.resource.pk}, PUBLIC),
    "public_knowledge:resource_download": (
        lambda pw: {"program_code": pw.program.code, "pk": pw.resource.pk},
        PUBLIC,
    ),
    "public_knowledge:collection_detail": (
        lambda pw: {"program_code": pw.program.code, "pk": pw.collection.pk},
        PUBLIC,
    ),
    "knowledge:resource_list": (None, expect(EVERYONE)),
    "knowledge:resource_detail": (lambda pw: {"pk": pw.resource.pk}, expect(EVERYONE)),
    "knowledge:resource_download": (lambda pw: {"pk": pw.resource.pk}, expect(EVERYONE)),
    "knowledge:collection_detail": (lambda pw: {"pk": pw.collection.pk}, expect(EVERYONE)),
    "knowledge:manage": (None, expect(STAFF)),
    "knowledge:resource_new": (None, expect(STAFF)),
    "knowledge:resource_edit": (lambda pw: {"pk": pw.draft_resource.pk}, expect(STAFF)),
    "knowledge:collection_manage": (None, expect(STAFF)),
    "knowledge:collection_edit": (lambda pw: {"pk": pw.collection.pk}, expect(STAFF)),
    "knowledge:resource_move": (lambda pw: {"pk": pw.draft_resource.pk}, expect(STAFF, ok_status=302, method="post")),
}
