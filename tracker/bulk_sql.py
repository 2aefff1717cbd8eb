"""Statements over thousands of rows at once, spelled per database engine.

A workbook can change 39,000 results. Passing their ids and values as one JSON
parameter keeps every statement at one query and one bind parameter, whatever
the row count: Django's bulk_update builds a CASE per row and its bulk_create
splits SQLite inserts into 999-parameter batches, so neither stays in a fixed
number of queries.
"""

import json

from django.db import connection
from django.db.models.expressions import RawSQL

# (id, status, note-or-null) rows out of one JSON array of arrays.
_ROWS = {
    "sqlite": (
        "SELECT json_extract(value, '$[0]') AS rid, json_extract(value, '$[1]') AS new_status, "
        "json_extract(value, '$[2]') AS new_note FROM json_each(%s)"
    ),
    "postgresql": (
        "SELECT (value->>0)::bigint AS rid, value->>1 AS new_status, value->>2 AS new_note "
        "FROM jsonb_array_elements(%s::jsonb)"
    ),
}
_IDS = {
    "sqlite": "SELECT value FROM json_each(%s)",
    "postgresql": "SELECT (jsonb_array_elements_text(%s::jsonb))::bigint",
}


def ids_in(ids) -> RawSQL:
    """A subquery for `pk__in=` that costs one bind parameter however many ids it holds."""
    return RawSQL(_IDS[connection.vendor], [json.dumps(list(ids))])


def rows_update(*, model, rows: list[tuple[int, str, str | None]], user_id, now) -> None:
    """Set status (and note, where not None), who, when, and version + 1 on many rows at once."""
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"UPDATE {table} SET status = v.new_status, note = COALESCE(v.new_note, note), "
        f"changed_by_id = %s, changed_at = %s, version = version + 1 "
        f"FROM ({_ROWS[connection.vendor]}) AS v WHERE {table}.id = v.rid"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                user_id,
                connection.ops.adapt_datetimefield_value(now),
                json.dumps(rows, ensure_ascii=False),
            ],
        )


def history_copy(*, model, ids: list[int], history_values: dict) -> None:
    """Insert one history row per id, copying the tracked fields as they now stand."""
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = [f.column for f in history.tracked_fields]
    extra = list(history_values)
    columns = ", ".join(quote(c) for c in [*tracked, *extra])
    selected = ", ".join([*(quote(c) for c in tracked), *("%s" for _ in extra)])
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}) "
        f"SELECT {selected} FROM {quote(model._meta.db_table)} "
        f"WHERE id IN ({_IDS[connection.vendor]})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*history_values.values(), json.dumps(ids)])
