"""The indicator calculators: each reads the live records as they stood at the end of a day (`as_of`).

A calculator returns rows, one per record behind the figure, each naming its *subject* (the firm or the woman
it counts), the record to drill down to, and the subject's disaggregation attributes. The figure is then the
number of distinct subjects (a woman in two cohorts is one woman), a sum, or a ratio of sums.

"As of" is honest where the source keeps its history, and the docstring of each calculator says which dates it
relies on. Attributes used for disaggregation (province, sector, size, track) are read as they are today: the
records keep no history of them. Age and disability are not recorded anywhere in the portal, so those two
dimensions report "not recorded" instead of being invented.

Queries: each calculator makes one query, and the attribute tables (`Facts`) one each, loaded once per
evaluation whatever the data size.
"""

from . import (
    employment,  # noqa: F401 (loaded for what it registers)
    money,  # noqa: F401 (loaded for what it registers)
)
from .firms import FIRM_DIMENSIONS
from .framework import (
    COUNT,
    DIMENSIONS,
    PERSON_DIMENSIONS,
    RATIO,
    SUM,
    Calculator,
    CalculatorRegistry,
    Facts,
    Figure,
    RecordFacts,
    Row,
    add_months,
    aggregate,
    calculators,
    end_of_day,
    evaluate,
    families,
    register,
)
from .selection import GROUP_LABELS
from .training import TRACK_LABELS

__all__ = [
    "COUNT",
    "DIMENSIONS",
    "FIRM_DIMENSIONS",
    "GROUP_LABELS",
    "PERSON_DIMENSIONS",
    "RATIO",
    "SUM",
    "TRACK_LABELS",
    "Calculator",
    "CalculatorRegistry",
    "Facts",
    "Figure",
    "RecordFacts",
    "Row",
    "add_months",
    "aggregate",
    "calculators",
    "end_of_day",
    "evaluate",
    "families",
    "register",
]
