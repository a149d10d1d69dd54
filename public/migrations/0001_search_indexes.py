"""Indexes the public pages need on other apps' tables (measured with bench_public on
8,300 agencies × 5 years; see docs/open-data.md).

- The front page's "latest publications" (status = published, newest first): without an
  index PostgreSQL sorts every publication (~140 ms at 58,000 rows); with it, 0.1 ms.
- Which agencies published what in a year (year, status, agency, kind), for index-only
  scans in the overview's counts and the public-year checks.
- On PostgreSQL, trigram indexes for the agency search's substring match (the ORM's
  icontains is UPPER(col) LIKE UPPER('%…%')): Thai works with pg_trgm, ~70 ms → ~1 ms.
  pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create it;
  where that is refused, the search still works (sequentially) and a warning says why.
"""

import sys

from django.db import DatabaseError, migrations, transaction

LATEST = (
    "CREATE INDEX IF NOT EXISTS public_publication_latest "
    "ON publishing_publication (status, published_at DESC, id DESC)"
)
# Which agencies published what in a year, answered from the index alone (the overview
# and every "is this agency-year public" check): 90 → 40 ms for the overview's counts.
PUBLIC_YEARS = (
    "CREATE INDEX IF NOT EXISTS public_publication_year_agency "
    "ON publishing_publication (year, status, agency_id, kind)"
)
TRIGRAM_COLUMNS = ("name", "district", "province")


def create(apps, schema_editor):
    schema_editor.execute(LATEST)
    schema_editor.execute(PUBLIC_YEARS)
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as refused:
        sys.stderr.write(f"\n  pg_trgm unavailable ({refused}); the agency search stays unindexed\n")
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS public_agency_{column}_trgm ON agencies_agency "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS public_publication_latest")
    schema_editor.execute("DROP INDEX IF EXISTS public_publication_year_agency")
    if schema_editor.connection.vendor == "postgresql":
        for column in TRIGRAM_COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS public_agency_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("publishing", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
