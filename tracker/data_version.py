"""The data version: database triggers that bump it on every write, and its one-query read.

Every table of the app is watched except the logs written beside a watched
write (history rows, audit events), the version itself, and the pending import
previews (tracker.imports.models.ImportPreview), which no report reads. PostgreSQL bumps
once per statement, before it touches a row, so the version row is locked
before any data row; SQLite has only row triggers, so it bumps once per row.
A migration that adds a table must watch it with version_triggers_create (a
test lists the tables without a trigger), and on SQLite a migration that
rebuilds a watched table must create its triggers again, as for
tracker.db_triggers.
"""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

VERSION_TABLE = "tracker_dataversion"

# The row is created, with a fresh epoch, by the first write after it was emptied.
_BUMP = {
    "sqlite": (
        f"INSERT INTO {VERSION_TABLE} (id, epoch, number) "
        "VALUES (1, lower(hex(randomblob(16))), 1) "
        "ON CONFLICT (id) DO UPDATE SET number = number + 1"
    ),
    "postgresql": (
        f"INSERT INTO {VERSION_TABLE} (id, epoch, number) VALUES (1, md5(random()::text), 1) "
        f"ON CONFLICT (id) DO UPDATE SET number = {VERSION_TABLE}.number + 1"
    ),
}
_POSTGRES_FUNCTION = f"""
    CREATE OR REPLACE FUNCTION tracker_data_version_bump() RETURNS trigger AS $$
    BEGIN
        {_BUMP["postgresql"]};
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
"""
EVENTS = ("INSERT", "UPDATE", "DELETE")


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS data_version_{table}_{event.lower()} "
        f"AFTER {event} ON {table} FOR EACH ROW BEGIN {_BUMP['sqlite']}; END;"
        for event in EVENTS
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS data_version_{table}_{event.lower()};" for event in EVENTS]


def _postgres_create(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS data_version ON {table};",
        f"CREATE TRIGGER data_version BEFORE {' OR '.join(EVENTS)} ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION tracker_data_version_bump();",
    ]


def _postgres_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS data_version ON {table};"]


def version_triggers_create(tables: list[str]):
    """A migration operation's forward function: watch these tables."""

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_POSTGRES_FUNCTION)
        for table in tables:
            for sql in {"sqlite": _sqlite_create, "postgresql": _postgres_create}[vendor](table):
                schema_editor.execute(sql)

    return run


def version_triggers_drop(tables: list[str], *, function: bool = False):
    """A migration operation's backward function: stop watching these tables.

    function: drop PostgreSQL's bump function too (when no table is watched any more).
    """

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for table in tables:
            for sql in {"sqlite": _sqlite_drop, "postgresql": _postgres_drop}[vendor](table):
                schema_editor.execute(sql)
        if function and vendor == "postgresql":
            schema_editor.execute("DROP FUNCTION IF EXISTS tracker_data_version_bump();")

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


def data_version() -> str | None:
    """The version of the committed data as this connection sees it; None before any write."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT epoch, number FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return None if row is None else f"{row[0]}-{row[1]}"


def data_version_claim() -> None:
    """Take (and bump) the version row first, before SELECT ... FOR UPDATE locks any data row.

    Every write to a watched table takes the version row until its transaction
    ends. A transaction that locked a data row first, then wrote, could wait
    for the version row while its holder waits for that data row: a deadlock.
    Claiming the version first keeps one order for every writer.
    """
    with connection.cursor() as cursor:
        cursor.execute(_BUMP[connection.vendor])


class DataVersion(models.Model):
    """A single row, bumped by database triggers (tracker.data_version), never by Python code.

    Report pages are cached under its value. Because the database bumps it in
    the writing transaction, whatever path the write took (a form, the admin,
    an import's raw SQL, a management command), a page is never served from
    data older than the last committed write.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # Random, drawn whenever the row is created: a database emptied and filled
    # again (a test flush, a new database) starts a new series of numbers.
    epoch = models.CharField(max_length=32)
    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self):
        return f"{self.epoch}-{self.number}"
