from portal import roles
from portal.registry import role_homes

role_homes.register(roles.ME, "reports:me_home")
role_homes.register(roles.STAKEHOLDER, "reports:stakeholder_home")
