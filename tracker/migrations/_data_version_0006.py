"""The data-version triggers as migrations 0006 to 0013 made them: one shared version row.

Frozen here so that those migrations build the same database they always did;
migration 0014 replaces these triggers with the per-province ones of
tracker.data_version.
"""

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
