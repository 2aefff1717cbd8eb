"""Data sets built once per test session through the project's own loaders, copied into each test.

Building Nghệ An through units_load and load_fixtures takes thousands of
queries; copying the rows they wrote takes an INSERT or two per table. A data set is
built the first time a test asks for it, inside a transaction that is then
rolled back, and its rows are kept as the database stores them. Each test that
asks for it gets a fresh copy in its own database state (inside the test's
transaction, or committed for a live-server test, which the flush at its end
removes), so what one test changes no other test sees, in any order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from tracker.assessments.models import AssessmentTally
from tracker.data_version import DataVersion

# The version rows and the assessments' tallies are written by the database's own triggers
# on every copy.
SKIPPED = {DataVersion, AssessmentTally}


@dataclass
class Table:
    model: type
    columns: list[str]
    rows: list[tuple]


class _Rollback(Exception):
    pass


def _models_in_insert_order() -> list[type]:
    """Every concrete model, each after the models its foreign keys point to."""
    models = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]
    ordered: list[type] = []
    placed: set[type] = set()

    def place(model, path=()):
        if model in placed or model in path:
            return
        for field in model._meta.concrete_fields:
            target = field.remote_field.model if field.remote_field else None
            if target is not None and target is not model:
                place(target._meta.concrete_model, (*path, model))
        placed.add(model)
        ordered.append(model)

    for model in models:
        place(model)
    return ordered


def _rows(model) -> dict:
    fields = model._meta.concrete_fields
    return {
        obj.pk: tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
        for obj in model._base_manager.order_by("pk")
    }


def _check_base_unchanged(base: list[Table]) -> None:
    """A build may only add rows: what it changed in its base would be lost in the copies."""
    for table in base:
        now = _rows(table.model)
        changed = [row for row in table.rows if now.get(row[_pk_index(table.model)]) != row]
        if changed:
            raise AssertionError(
                f"{table.model.__name__}: the build changed {len(changed)} rows of its base"
            )


def _pk_index(model) -> int:
    return model._meta.concrete_fields.index(model._meta.pk)


def capture(build: Callable[[], None], base: list[Table] = ()) -> list[Table]:
    """Run build() on a copy of base in a transaction that is rolled back; return its new rows."""
    models = [m for m in _models_in_insert_order() if m not in SKIPPED]
    tables: list[Table] = []
    try:
        with transaction.atomic():
            restore(base)
            # Ids follow the rows already there, whatever ran before: PostgreSQL's sequences
            # keep what a rolled-back test drew, and tests name rows by id (/tieu-chi/22/).
            _sequences_reset(models)
            before = {m: set(m._base_manager.values_list("pk", flat=True)) for m in models}
            build()
            _check_base_unchanged(base)
            for model in models:
                added = [row for pk, row in _rows(model).items() if pk not in before[model]]
                if added:
                    columns = [
                        connection.ops.quote_name(f.column) for f in model._meta.concrete_fields
                    ]
                    tables.append(Table(model, columns, added))
            raise _Rollback
    except _Rollback:
        pass
    return tables


def _sequences_reset(models: list[type]) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def restore(tables: list[Table]) -> None:
    """Insert the captured rows, a few statements per table, and move the id sequences past them."""
    limit = connection.features.max_query_params or 65535  # None: PostgreSQL's own limit
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            row = f"({', '.join(['%s'] * len(table.columns))})"
            insert = (
                f"INSERT INTO {connection.ops.quote_name(table.model._meta.db_table)} "
                f"({', '.join(table.columns)}) VALUES "
            )
            step = max(1, limit // len(table.columns))
            for start in range(0, len(table.rows), step):
                batch = table.rows[start : start + step]
                cursor.execute(
                    insert + ", ".join([row] * len(batch)), [v for r in batch for v in r]
                )
        for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
            cursor.execute(sql)
