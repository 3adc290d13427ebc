"""Django's SQLite backend with the Turkish collation that PostgreSQL has from ICU (`tr-x-icu`).

Name columns declare `db_collation="tr-x-icu"`; on SQLite each new connection learns that name, so ORDER BY gives
the same Turkish order in the embedded default as on PostgreSQL.
"""

from django.db.backends.sqlite3 import base, schema

from portal.collation import TURKISH, turkish_compare, turkish_upper


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _collate_sql(self, collation):
        # Django's SQLite editor writes the name bare; "tr-x-icu" has dashes, so it must be quoted (as PostgreSQL's is)
        return "COLLATE " + self.quote_name(collation)


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.create_collation(TURKISH, turkish_compare)
        # Turkish case folding for `__icontains` on name columns (portal.db.lookups.TurkishIContains)
        connection.create_function("tr_upper", 1, turkish_upper, deterministic=True)
        return connection
