"""`field__among=[...]`: membership in a long list of values, one query parameter on PostgreSQL.

`field__in` writes one placeholder per value, and psycopg re-parses a query of 5,000 placeholders on each
execution (about a tenth of a second, for every chunk a roster reads). `= ANY(%s)` passes the list as one
array. SQLite gets the usual IN list (its parameter limit is far above the chunks used).
"""

from __future__ import annotations

from django.db.models import Field, ForeignObject, Lookup


class Among(Lookup):
    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [self.lhs.output_field.get_prep_value(v) for v in self.rhs]

    def process_rhs(self, compiler, connection):
        return "", [self.lhs.output_field.get_db_prep_value(v, connection, prepared=True) for v in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, values = self.process_rhs(compiler, connection)
        if not values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


def register() -> None:
    Field.register_lookup(Among)
    ForeignObject.register_lookup(Among)  # foreign keys keep lookups of their own
