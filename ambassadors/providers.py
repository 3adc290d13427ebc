from portal import roles
from portal.registry import role_homes

role_homes.register(roles.MENTOR, "ambassadors:mentor_home")
