"""Trigram indexes for substring search of active members' names and ID numbers, on PostgreSQL only.

The household list searches `name__contains` and `id_number__endswith`, which compile to LIKE '%...%': no
B-tree can serve that, and on 100,000 households a county approver's name search took about a second
(bench/bench_web.py). pg_trgm's GIN indexes answer patterns of three or more characters in about a
millisecond. SQLite has nothing equivalent; there the plain scan is fast enough once the planner has
statistics. Where the pg_trgm extension cannot be installed, the indexes are skipped with a warning.
"""

import warnings

from django.db import DatabaseError, migrations, transaction

INDEXES = (("member_name_trgm", "name"), ("member_id_number_trgm", "id_number"))


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as e:
            warnings.warn(f"pg_trgm unavailable, member search indexes not created: {e}", stacklevel=1)
            return
        for name, column in INDEXES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON registry_member USING gin ({column} gin_trgm_ops) WHERE active"
            )


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, _column in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
