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

# (id, status, note-or-null, expected-version-or-null) rows out of one JSON array of arrays.
_ROWS = {
    "sqlite": (
        "SELECT json_extract(value, '$[0]') AS rid, json_extract(value, '$[1]') AS new_status, "
        "json_extract(value, '$[2]') AS new_note, json_extract(value, '$[3]') AS expected "
        "FROM json_each(%s)"
    ),
    "postgresql": (
        "SELECT (value->>0)::bigint AS rid, value->>1 AS new_status, value->>2 AS new_note, "
        "(value->>3)::bigint AS expected FROM jsonb_array_elements(%s::jsonb)"
    ),
}
_IDS = {
    "sqlite": "SELECT value FROM json_each(%s)",
    "postgresql": "SELECT (jsonb_array_elements_text(%s::jsonb))::bigint",
}


def ids_in(ids) -> RawSQL:
    """A subquery for `pk__in=` that costs one bind parameter however many ids it holds."""
    return RawSQL(_IDS[connection.vendor], [json.dumps(list(ids))])


def rows_update_with_history(
    *, model, rows: list[tuple[int, str, str | None, int | None]], user_id, now, history_values
) -> int:
    """Set status (and note, where not None), who, when and version + 1, with one history row each.

    A row whose version is no longer the expected one (where one is given), or
    that is gone, is left alone: the count of rows changed tells the caller.
    The rows go in id order, so two imports over the same results lock them in
    the same order. On PostgreSQL the update and the history insert are one
    statement (the history copies the rows the update returns); SQLite cannot
    insert from an UPDATE ... RETURNING, so it copies them after.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    rows = sorted(rows)
    update = (
        f"UPDATE {table} SET status = v.new_status, note = COALESCE(v.new_note, note), "
        f"changed_by_id = %s, changed_at = %s, version = version + 1 "
        f"FROM ({_ROWS[connection.vendor]}) AS v "
        f"WHERE {table}.id = v.rid AND (v.expected IS NULL OR {table}.version = v.expected)"
    )
    params = [
        user_id,
        connection.ops.adapt_datetimefield_value(now),
        json.dumps(rows, ensure_ascii=False),
    ]
    history = model.history.model
    tracked = [f.column for f in history.tracked_fields]
    extra = list(history_values)
    columns = ", ".join(quote(c) for c in [*tracked, *extra])
    selected = ", ".join([*(quote(c) for c in tracked), *("%s" for _ in extra)])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            returning = ", ".join(f"{table}.{quote(c)}" for c in tracked)
            cursor.execute(
                f"WITH changed AS ({update} RETURNING {returning}) "
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}) "
                f"SELECT {selected} FROM changed",
                [*params, *history_values.values()],
            )
            return cursor.rowcount
        cursor.execute(update, params)
        changed = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}) "
            f"SELECT {selected} FROM {table} WHERE id IN ({_IDS[connection.vendor]})",
            [*history_values.values(), json.dumps([r[0] for r in rows])],
        )
        return changed
