"""Substring search of members (household list: name contains, ID number ends with) has trigram indexes
on PostgreSQL; bench/bench_web.py shows them in use on 100,000 households."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_has_trigram_indexes_for_member_search():
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only; SQLite scans")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'registry_member'")
        indexes = dict(cursor.fetchall())
    for name, column in (("member_name_trgm", "name"), ("member_id_number_trgm", "id_number")):
        assert name in indexes
        assert (
            "gin" in indexes[name]
            and f"{column} gin_trgm_ops" in indexes[name]
            and "WHERE active" in indexes[name]
        )
