"""Many rows into one table fast, on both databases (a county roster is 100,000 lines, a province's more).

PostgreSQL: COPY; SQLite: executemany of one INSERT. Plain tuples in the model's column order, no model
instances — building a million of them costs more than writing the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection


def insert(model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert rows (tuples of the values of `fields`, in that order) into model's table. Returns the count.
    Call inside the caller's transaction; constraints apply as for any insert."""
    rows = list(rows)
    if not rows:
        return 0
    meta = model._meta
    columns = [meta.get_field(f).column for f in fields]
    table = connection.ops.quote_name(meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    return len(rows)
