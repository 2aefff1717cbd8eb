"""Statements over thousands of rows at once, spelled per database engine.

A workbook can change 39,000 results. Passing their ids and values as one JSON
parameter keeps every statement at one query and one bind parameter, whatever
the row count: Django's bulk_update builds a CASE per row and its bulk_create
splits SQLite inserts into 999-parameter batches, so neither stays in a fixed
number of queries.
"""

import json
from operator import itemgetter

from django.db import connection
from django.db.models.expressions import RawSQL

# (id, status, note-or-null, expected-version-or-null, figures-given (0/1), numerator,
# denominator, value, reason-or-null) rows out of one JSON array of arrays; the figures as
# text, so that no decimal goes through a binary float.
_ROWS = {
    "sqlite": (
        "SELECT json_extract(value, '$[0]') AS rid, json_extract(value, '$[1]') AS new_status, "
        "json_extract(value, '$[2]') AS new_note, json_extract(value, '$[3]') AS expected, "
        "json_extract(value, '$[4]') AS set_figures, "
        "CAST(json_extract(value, '$[5]') AS NUMERIC) AS new_numerator, "
        "CAST(json_extract(value, '$[6]') AS NUMERIC) AS new_denominator, "
        "CAST(json_extract(value, '$[7]') AS NUMERIC) AS new_value, "
        "json_extract(value, '$[8]') AS new_reason "
        "FROM json_each(%s)"
    ),
    "postgresql": (
        "SELECT (value->>0)::bigint AS rid, value->>1 AS new_status, value->>2 AS new_note, "
        "(value->>3)::bigint AS expected, (value->>4)::int AS set_figures, "
        "(value->>5)::numeric AS new_numerator, (value->>6)::numeric AS new_denominator, "
        "(value->>7)::numeric AS new_value, value->>8 AS new_reason "
        "FROM jsonb_array_elements(%s::jsonb)"
    ),
}
_IDS = {
    "sqlite": "SELECT value FROM json_each(%s)",
    "postgresql": "SELECT (jsonb_array_elements_text(%s::jsonb))::bigint",
}


_FIRST = itemgetter(0)  # a row's result id


def ids_in(ids) -> RawSQL:
    """A subquery for `pk__in=` that costs one bind parameter however many ids it holds."""
    return RawSQL(_IDS[connection.vendor], [json.dumps(list(ids))])


def _figure(number) -> str | None:
    return None if number is None else str(number)


def update_rows(updates) -> list[list]:
    """The rows of rows_update_with_history, one per (result id, status, note, expected
    version, figures, reason) (tracker.assessments.services.ResultUpdate): figures None
    leave them as they are. One comprehension, since an import passes 39,000."""
    return [
        [pk, status, note, expected, 0, None, None, None, reason]
        if figures is None
        else [
            pk,
            status,
            note,
            expected,
            1,
            _figure(figures.numerator),
            _figure(figures.denominator),
            _figure(figures.value),
            reason,
        ]
        for pk, status, note, expected, figures, reason in updates
    ]


def rows_update_with_history(*, model, rows: list[list], user_id, now, history_values) -> int:
    """Set status (and note, figures, reason where given), who, when and version + 1, with one
    history row each (rows made by update_rows).

    A row whose version is no longer the expected one (where one is given), or
    that is gone, is left alone: the count of rows changed tells the caller.
    The rows go in id order, so two imports over the same results lock them in
    the same order. On PostgreSQL the update and the history insert are one
    statement (the history copies the rows the update returns); SQLite cannot
    insert from an UPDATE ... RETURNING, so it copies them after.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    rows = sorted(rows, key=_FIRST)
    update = (
        f"UPDATE {table} SET status = v.new_status, note = COALESCE(v.new_note, note), "
        f"numerator = CASE WHEN v.set_figures = 1 THEN v.new_numerator ELSE numerator END, "
        f"denominator = CASE WHEN v.set_figures = 1 THEN v.new_denominator ELSE denominator END, "
        f"value = CASE WHEN v.set_figures = 1 THEN v.new_value ELSE value END, "
        f"status_reason = COALESCE(v.new_reason, status_reason), "
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
