"""Data versions: one per province and one shared, bumped by database triggers on every write.

A write to a province's data (its wards' assessments, results, evidence files,
workflow steps, its due date, quota or import batches) bumps that province's
row; a write to anything else (criteria, targets, the national round, the
units, accounts) bumps the shared row (id 0), which every kept page depends on.
A row whose province cannot be found (its parent already gone) bumps the shared
row too. Whatever path the write takes (a form, the admin, an import's raw SQL,
QuerySet.update), the database bumps in the writing transaction, so a page kept
under the versions it read is never older than the committed data.

Every table of the app is watched except the logs written beside a watched
write (history rows, audit events), the versions themselves, the pending
import previews (tracker.imports.models.ImportPreview), which no report reads, and
the assessments' tallies, which only the triggers of a watched write change
(tracker.assessments.tally).
PostgreSQL takes the writers' lock (an advisory lock) once per statement
before it touches a row, and bumps once per statement from the statement's
transition tables; SQLite has only row triggers, so it bumps once per row. A
migration that adds a table must watch it with version_triggers_create (a test
lists the tables without a trigger). On SQLite a migration that rebuilds a
watched table must create its triggers again, as for tracker.db_triggers, and
one that rebuilds a table a trigger reads (the wards, assessments, results,
evidence files, the versions) must drop those triggers first: SQLite refuses
to rename a table into place while a trigger names it.
"""

import hashlib
from dataclasses import dataclass

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

VERSION_TABLE = "tracker_dataversion"
SHARED = 0
# SQLite's "writers' turn" row (data_version_claim): a write no page depends on.
_CLAIM_ROW = -1
# The years with a registration or a quota: bumped when an assessment or a quota is added or
# removed or changes year. No page reads it since the years became a calendar
# (tracker.targets.calendar); the triggers keep it until a migration drops them.
YEARS = -2
_YEAR_TABLES = ("tracker_assessment", "tracker_provincequota")
# PostgreSQL's writers' lock: any constant, the same in every process.
_ADVISORY_LOCK = 240_2026

# The province of a written row, for the tables whose rows belong to one: a join
# from the row (alias x) to the ward or the province ({province} is its column).
_PROVINCE_PATHS = {
    "tracker_assessment": "LEFT JOIN tracker_ward w ON w.id = x.ward_id",
    "tracker_criterionresult": (
        "LEFT JOIN tracker_assessment a ON a.id = x.assessment_id "
        "LEFT JOIN tracker_ward w ON w.id = a.ward_id"
    ),
    "tracker_evidencefile": (
        "LEFT JOIN tracker_criterionresult r ON r.id = x.result_id "
        "LEFT JOIN tracker_assessment a ON a.id = r.assessment_id "
        "LEFT JOIN tracker_ward w ON w.id = a.ward_id"
    ),
    "tracker_evidencerevision": (
        "LEFT JOIN tracker_evidencefile e ON e.id = x.evidence_id "
        "LEFT JOIN tracker_criterionresult r ON r.id = e.result_id "
        "LEFT JOIN tracker_assessment a ON a.id = r.assessment_id "
        "LEFT JOIN tracker_ward w ON w.id = a.ward_id"
    ),
    "tracker_provinceround": "",
    "tracker_provincequota": "",
    "tracker_importbatch": "",
}

# The column of the written row each path starts from.
_ROW_COLUMNS = {
    "tracker_assessment": "ward_id",
    "tracker_criterionresult": "assessment_id",
    "tracker_evidencefile": "result_id",
    "tracker_evidencerevision": "evidence_id",
    "tracker_provinceround": "province_id",
    "tracker_provincequota": "province_id",
    "tracker_importbatch": "province_id",
}


def _province_column(table: str) -> str:
    return "w.province_id" if _PROVINCE_PATHS[table] else "x.province_id"


def province_scoped(table: str) -> bool:
    """Whether a write to this table bumps its rows' provinces (else the shared version)."""
    return table in _PROVINCE_PATHS


# Insert the version rows of a query's scopes, or bump them; a new row draws a fresh epoch.
_UPSERT = {
    "sqlite": (
        f"INSERT INTO {VERSION_TABLE} (id, epoch, number) "
        "SELECT scope, lower(hex(randomblob(16))), 1 FROM ({scopes}) WHERE true "
        "ON CONFLICT (id) DO UPDATE SET number = number + 1"
    ),
    "postgresql": (
        f"INSERT INTO {VERSION_TABLE} (id, epoch, number) "
        "SELECT scope, md5(random()::text), 1 FROM ({scopes}) s ORDER BY scope "
        f"ON CONFLICT (id) DO UPDATE SET number = {VERSION_TABLE}.number + 1"
    ),
}
EVENTS = ("INSERT", "UPDATE", "DELETE")


def _sqlite_scopes(table: str, row: str) -> str:
    """The scope of the trigger's NEW or OLD row, as a one-row query."""
    if not province_scoped(table):
        return f"SELECT {SHARED} AS scope"
    path = _PROVINCE_PATHS[table]
    column = _ROW_COLUMNS[table]
    source = f"(SELECT {row}.{column} AS {column}) x"
    return f"SELECT COALESCE({_province_column(table)}, {SHARED}) AS scope FROM {source} {path}"


def _sqlite_create(table: str) -> list[str]:
    statements = _sqlite_drop(table)
    for event in EVENTS:
        rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}[event]
        if not province_scoped(table):
            rows = rows[:1]
        queries = [_sqlite_scopes(table, row) for row in rows]
        if table in _YEAR_TABLES:
            changed = " WHERE NEW.year IS NOT OLD.year" if event == "UPDATE" else ""
            queries.append(f"SELECT {YEARS} AS scope{changed}")
        scopes = " UNION ".join(queries)
        body = _UPSERT["sqlite"].format(scopes=scopes)
        statements.append(
            f"CREATE TRIGGER data_version_{table}_{event.lower()} "
            f"AFTER {event} ON {table} FOR EACH ROW BEGIN {body}; END;"
        )
    return statements


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS data_version_{table}_{event.lower()};" for event in EVENTS]


_POSTGRES_CLAIM = f"""
    CREATE OR REPLACE FUNCTION tracker_data_version_claim() RETURNS trigger AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock({_ADVISORY_LOCK});
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
"""
_POSTGRES_SHARED = f"""
    CREATE OR REPLACE FUNCTION tracker_data_version_bump() RETURNS trigger AS $$
    BEGIN
        {_UPSERT["postgresql"].format(scopes=f"SELECT {SHARED} AS scope")};
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
"""


def _postgres_function(table: str) -> str:
    """The bump of one table's provinces, from the statement's rows (new_rows, old_rows)."""

    def scopes(rows: str) -> str:
        return _UPSERT["postgresql"].format(
            scopes=f"SELECT DISTINCT COALESCE({_province_column(table)}, {SHARED}) AS scope "
            f"FROM {rows} x {_PROVINCE_PATHS[table]}"
        )

    years = ""
    if table in _YEAR_TABLES:
        bump = _UPSERT["postgresql"].format(scopes=f"SELECT {YEARS} AS scope")
        years = f"""
        IF TG_OP IN ('INSERT', 'DELETE') THEN {bump};
        ELSIF EXISTS (
            SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.year <> o.year
        ) THEN {bump};
        END IF;"""
    return f"""
    CREATE OR REPLACE FUNCTION tracker_data_version_{table}() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN {scopes("new_rows")}; END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN {scopes("old_rows")}; END IF;{years}
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
    """


def _postgres_create(table: str) -> list[str]:
    # The writers' lock before any row is touched: see data_version_claim.
    statements = [
        *_postgres_drop(table),
        _POSTGRES_CLAIM,
        f"CREATE TRIGGER data_version BEFORE {' OR '.join(EVENTS)} ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION tracker_data_version_claim();",
    ]
    if not province_scoped(table):
        return [
            *statements,
            _POSTGRES_SHARED,
            f"CREATE TRIGGER data_version_bump AFTER {' OR '.join(EVENTS)} ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION tracker_data_version_bump();",
        ]
    # A trigger with transition tables takes one event only.
    transitions = {
        "INSERT": "NEW TABLE AS new_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
    }
    statements.append(_postgres_function(table))
    for event, referencing in transitions.items():
        statements.append(
            f"CREATE TRIGGER data_version_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {referencing} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION tracker_data_version_{table}();"
        )
    return statements


def _postgres_drop(table: str) -> list[str]:
    names = ["data_version", "data_version_bump", *(f"data_version_{e.lower()}" for e in EVENTS)]
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {table};" for name in names),
        f"DROP FUNCTION IF EXISTS tracker_data_version_{table}();",
    ]


def version_triggers_create(tables: list[str]):
    """A migration operation's forward function: watch these tables (again, if they were)."""

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in tables:
            for sql in {"sqlite": _sqlite_create, "postgresql": _postgres_create}[vendor](table):
                schema_editor.execute(sql)

    return run


def version_triggers_drop(tables: list[str], *, function: bool = False):
    """A migration operation's backward function: stop watching these tables.

    function: drop PostgreSQL's shared functions too (when no table is watched any more).
    """

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in tables:
            for sql in {"sqlite": _sqlite_drop, "postgresql": _postgres_drop}[vendor](table):
                schema_editor.execute(sql)
        if function and vendor == "postgresql":
            schema_editor.execute("DROP FUNCTION IF EXISTS tracker_data_version_bump();")
            schema_editor.execute("DROP FUNCTION IF EXISTS tracker_data_version_claim();")

    return run


def watched_tables() -> set[str]:
    """The tables that carry a version trigger in the connected database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'data_version'"
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'data_version_%' GROUP BY tbl_name HAVING count(*) = 3"
        )
        return {row[0] for row in cursor.fetchall()}


@dataclass(frozen=True)
class Versions:
    """The committed data's versions as one connection read them: shared and per province.

    A version is "epoch-number"; "" for a province never written (its data is
    then as old as the shared version says). shared is None before any write.
    """

    shared: str | None
    provinces: dict[int, str]
    years: str = ""

    def of(self, province_id: int) -> str:
        """What a page of one province depends on: the shared version and the province's."""
        return f"{self.shared}/{self.provinces.get(province_id, '')}"

    def of_many(self, province_ids) -> str:
        """What a page of several provinces depends on, as one short key."""
        return self._digest(sorted(set(province_ids)))

    @property
    def everything(self) -> str:
        """What a page of the whole country depends on, as one short key."""
        return self._digest(sorted(self.provinces))

    def _digest(self, ids: list[int]) -> str:
        text = ";".join(f"{i}:{self.provinces.get(i, '')}" for i in ids)
        return f"{self.shared}/{hashlib.blake2b(text.encode(), digest_size=12).hexdigest()}"


def data_versions() -> Versions:
    """Every version of the committed data as this connection sees it: one query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, epoch, number FROM {VERSION_TABLE} WHERE id <> {_CLAIM_ROW}")
        rows = {scope: f"{epoch}-{number}" for scope, epoch, number in cursor.fetchall()}
    return Versions(shared=rows.pop(SHARED, None), years=rows.pop(YEARS, ""), provinces=rows)


def data_version_claim() -> None:
    """Take the writers' turn first, before SELECT ... FOR UPDATE locks any data row.

    Every write to a watched table takes the writers' turn (PostgreSQL: an
    advisory lock; SQLite: the database's write lock) until its transaction
    ends. A transaction that locked a data row first, then wrote, could wait
    for the turn while its holder waits for that data row: a deadlock.
    Claiming the turn first keeps one order for every writer.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK})")
        else:
            cursor.execute(
                _UPSERT["sqlite"].format(scopes=f"SELECT {_CLAIM_ROW} AS scope"),
            )


class DataVersion(models.Model):
    """One row per province written (id: the province's), a shared row (id 0) and the
    programme years' (id -2).

    Bumped by database triggers (tracker.data_version), never by Python code.
    Report pages are kept under the versions they read.
    """

    id = models.BigIntegerField(primary_key=True)
    # Random, drawn whenever the row is created: a database emptied and filled
    # again (a test flush, a new database) starts a new series of numbers.
    epoch = models.CharField(max_length=32)
    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self):
        return f"{self.id}: {self.epoch}-{self.number}"
