from ambassadors import applications
from portal import roles
from portal.registry import role_homes
from portal.selection.kinds import application_kinds

role_homes.register(roles.MENTOR, "ambassadors:mentor_home")
application_kinds.register("ambassador", applications.KIND)
