from operators import applications
from portal.selection.kinds import application_kinds

application_kinds.register("operator", applications.KIND)
