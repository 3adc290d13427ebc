"""Lookups the portal installs on Django's fields.

`__in` on integer columns (primary keys included) with a value the column cannot hold matches nothing for that
value, as Django's own `exact`/`gt`/`lt` lookups already do, instead of an OverflowError (SQLite) or a DataError
(PostgreSQL) from the database driver: a posted choice of `99999999999999999999` is "not one of the choices".

`__icontains` on a Turkish-collated name column folds case the Turkish way on both sides: PostgreSQL's UPPER()
under `tr-x-icu` turns the column's "i" into "İ" while the typed "kursiyer" (default collation) became "KURSIYER",
so a search for a name as typed found nothing; SQLite's LIKE folds ASCII only, so "ipek" missed "İpek".
"""

from django.db.models import CharField, IntegerField
from django.db.models.lookups import IContains, In

from portal.collation import TURKISH


class BoundedIntegerIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                v
                for v in self.rhs
                if not isinstance(v, int) or ((low is None or v >= low) and (high is None or v <= high))
            ]
        return super().process_rhs(compiler, connection)


class TurkishIContains(IContains):
    def _turkish(self) -> bool:
        field = getattr(self.lhs, "output_field", None)
        return getattr(field, "db_collation", None) == TURKISH and self.rhs_is_direct_value()

    def get_rhs_op(self, connection, rhs):
        if connection.vendor == "postgresql" and self._turkish():
            return f'LIKE UPPER({rhs} COLLATE "{TURKISH}")'
        return super().get_rhs_op(connection, rhs)

    def as_sqlite(self, compiler, connection):
        if not self._turkish():
            return self.as_sql(compiler, connection)
        lhs_sql, params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        # tr_upper is registered on every connection by portal.db.sqlite3
        return f"tr_upper({lhs_sql}) LIKE tr_upper({rhs_sql}) ESCAPE '\\'", [*params, *rhs_params]


def install() -> None:
    IntegerField.register_lookup(BoundedIntegerIn)
    CharField.register_lookup(TurkishIContains)
