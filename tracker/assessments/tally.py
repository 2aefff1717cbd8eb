"""Each assessment's tally of its results, kept by database triggers on every write.

The report pages read, per registered ward, how many results it has, how many
are assessed (not at "Chưa đánh giá") and met (Đạt), and when its last criterion
was first assessed (tracker.rounds.completeness). Counting these from 39,000
results and their history on every computed page cost most of the page, so the
database keeps them in tracker_assessmenttally, one row per assessment with
results, in the writing transaction, whatever the path of the write (a form, the
admin, an import's raw SQL, QuerySet.update, a carry-over, loaddata).

A result's first-assessed moment is the earliest of its history rows at another
status than "Chưa đánh giá", else its last change (changed_at); an assessment's
last_first_at is the latest of its results' moments. The rule is written once,
in _RECOUNT, which also backfills the table; the triggers apply it:

- SQLite has only row triggers: each adds or removes the row's counts (+1/-1 from
  OLD and NEW status) and raises last_first_at when a moment grows, and counts
  the assessment afresh (_RECOUNT, its 22 results) only when a moment may have
  dropped (a history row dated earlier, edited or deleted; a result deleted or
  moved), so a 39,000-row import stays row by row in constant work.
- PostgreSQL counts the assessments a statement touched afresh, once per
  statement, from its transition tables.

Like tracker.db_triggers, the triggers name the results, their history, the
assessments and the tally: on SQLite a migration that rebuilds one of these tables
must drop them first and create them again after (tally_triggers_drop/create).
Migration 0015 runs this module's functions: changing their SQL takes a migration
that creates the triggers again, and a frozen copy of the former SQL for 0015 (as
tracker/migrations/_data_version_0006.py does for the data versions).
"""

NOT_ASSESSED = "chua_danh_gia"
MET = "dat"
TALLY = "tracker_assessmenttally"
RESULTS = "tracker_criterionresult"
HISTORY = "tracker_historicalcriterionresult"


def _first(result: str) -> str:
    """The first-assessed moment of the result row `result` (an alias or NEW/OLD)."""
    return (
        f"COALESCE((SELECT MIN(h.history_date) FROM {HISTORY} h "
        f"WHERE h.id = {result}.id AND h.status <> '{NOT_ASSESSED}'), {result}.changed_at)"
    )


# Every assessment of `{ids}` (a query of one column, id) counted afresh from its results,
# inserted or replaced; an assessment left without results keeps a row of zeros.
_RECOUNT = {
    "sqlite": (
        f"INSERT INTO {TALLY} (assessment_id, total, assessed, met, last_first_at) "
        "SELECT a.id, COUNT(r.id), "
        f"COALESCE(SUM(r.status <> '{NOT_ASSESSED}'), 0), COALESCE(SUM(r.status = '{MET}'), 0), "
        f"MAX({_first('r')}) "
        f"FROM ({{ids}}) a LEFT JOIN {RESULTS} r ON r.assessment_id = a.id "
        "WHERE a.id IS NOT NULL GROUP BY a.id "
        "ON CONFLICT (assessment_id) DO UPDATE SET total = excluded.total, "
        "assessed = excluded.assessed, met = excluded.met, last_first_at = excluded.last_first_at"
    ),
    "postgresql": (
        f"INSERT INTO {TALLY} AS t (assessment_id, total, assessed, met, last_first_at) "
        "SELECT a.id, COUNT(r.id), "
        f"COUNT(r.id) FILTER (WHERE r.status <> '{NOT_ASSESSED}'), "
        f"COUNT(r.id) FILTER (WHERE r.status = '{MET}'), MAX({_first('r')}) "
        f"FROM ({{ids}}) a LEFT JOIN {RESULTS} r ON r.assessment_id = a.id "
        # In id order: two statements lock the tally rows they recount in the same order.
        "WHERE a.id IS NOT NULL GROUP BY a.id ORDER BY a.id "
        "ON CONFLICT (assessment_id) DO UPDATE SET total = EXCLUDED.total, "
        "assessed = EXCLUDED.assessed, met = EXCLUDED.met, last_first_at = EXCLUDED.last_first_at"
    ),
}


def _later(current: str, moment: str) -> str:
    """The later of two moments, NULL being earlier than any."""
    return f"CASE WHEN {current} IS NULL OR {moment} > {current} THEN {moment} ELSE {current} END"


def _recount_one(assessment: str) -> str:
    return _RECOUNT["sqlite"].format(ids=f"SELECT {assessment} AS id")


def _result_assessment(result_id: str) -> str:
    return f"(SELECT assessment_id FROM {RESULTS} WHERE id = {result_id})"


_NEW_ASSESSED = f"(NEW.status <> '{NOT_ASSESSED}')"
_OLD_ASSESSED = f"(OLD.status <> '{NOT_ASSESSED}')"
# The earliest history row at another status of the NEW history row's result, this row aside.
_OTHER_FIRST = (
    f"(SELECT MIN(h.history_date) FROM {HISTORY} h WHERE h.id = NEW.id "
    f"AND h.status <> '{NOT_ASSESSED}' AND h.history_id <> NEW.history_id)"
)
# The moment of the NEW history row's result before this row: its other history, else its change.
_BEFORE = f"COALESCE({_OTHER_FIRST}, (SELECT changed_at FROM {RESULTS} WHERE id = NEW.id))"

SQLITE = [
    # A new result: counted; its moment can only raise the latest.
    f"""
    CREATE TRIGGER assessment_tally_result_insert AFTER INSERT ON {RESULTS} FOR EACH ROW
    BEGIN
        INSERT INTO {TALLY} (assessment_id, total, assessed, met, last_first_at)
        VALUES (NEW.assessment_id, 1, {_NEW_ASSESSED}, (NEW.status = '{MET}'), {_first("NEW")})
        ON CONFLICT (assessment_id) DO UPDATE SET total = total + 1,
            assessed = assessed + excluded.assessed, met = met + excluded.met,
            last_first_at = {_later("last_first_at", "excluded.last_first_at")};
    END;
    """,
    # A changed result of the same assessment: -1/+1 from OLD and NEW status; its moment
    # moves only with changed_at while no history row dates it: raised, or counted afresh.
    f"""
    CREATE TRIGGER assessment_tally_result_update
    AFTER UPDATE OF status, changed_at ON {RESULTS} FOR EACH ROW
    WHEN NEW.assessment_id = OLD.assessment_id
    BEGIN
        UPDATE {TALLY} SET
            assessed = assessed + {_NEW_ASSESSED} - {_OLD_ASSESSED},
            met = met + (NEW.status = '{MET}') - (OLD.status = '{MET}')
        WHERE assessment_id = NEW.assessment_id;
        UPDATE {TALLY} SET last_first_at = CASE
            WHEN OLD.changed_at IS NULL OR NEW.changed_at >= OLD.changed_at
            THEN {_later("last_first_at", "NEW.changed_at")}
            ELSE (SELECT MAX({_first("r")}) FROM {RESULTS} r
                  WHERE r.assessment_id = NEW.assessment_id) END
        WHERE assessment_id = NEW.assessment_id
          AND NEW.changed_at IS NOT OLD.changed_at
          AND NOT EXISTS (SELECT 1 FROM {HISTORY} h
                          WHERE h.id = NEW.id AND h.status <> '{NOT_ASSESSED}');
    END;
    """,
    # A result moved to another assessment (never through the app): both counted afresh.
    f"""
    CREATE TRIGGER assessment_tally_result_move AFTER UPDATE OF assessment_id ON {RESULTS}
    FOR EACH ROW WHEN NEW.assessment_id IS NOT OLD.assessment_id
    BEGIN
        {_recount_one("OLD.assessment_id")};
        {_recount_one("NEW.assessment_id")};
    END;
    """,
    f"""
    CREATE TRIGGER assessment_tally_result_delete AFTER DELETE ON {RESULTS} FOR EACH ROW
    BEGIN {_recount_one("OLD.assessment_id")}; END;
    """,
    # A history row at another status: its result's moment stays unless this row is its
    # earliest; then it moves to this row's date: raised, or counted afresh if earlier.
    f"""
    CREATE TRIGGER assessment_tally_history_insert AFTER INSERT ON {HISTORY} FOR EACH ROW
    WHEN NEW.status <> '{NOT_ASSESSED}' AND NOT EXISTS (
        SELECT 1 FROM {HISTORY} h WHERE h.id = NEW.id AND h.status <> '{NOT_ASSESSED}'
        AND h.history_date <= NEW.history_date AND h.history_id <> NEW.history_id)
    BEGIN
        UPDATE {TALLY} SET last_first_at = CASE
            WHEN {_BEFORE} IS NULL OR NEW.history_date >= {_BEFORE}
            THEN {_later("last_first_at", "NEW.history_date")}
            ELSE (SELECT MAX({_first("r")}) FROM {RESULTS} r
                  WHERE r.assessment_id = {TALLY}.assessment_id) END
        WHERE assessment_id = {_result_assessment("NEW.id")};
    END;
    """,
    f"""
    CREATE TRIGGER assessment_tally_history_update
    AFTER UPDATE OF id, status, history_date ON {HISTORY} FOR EACH ROW
    BEGIN
        {_recount_one(_result_assessment("OLD.id"))};
        {_recount_one(_result_assessment("NEW.id"))};
    END;
    """,
    f"""
    CREATE TRIGGER assessment_tally_history_delete AFTER DELETE ON {HISTORY} FOR EACH ROW
    BEGIN {_recount_one(_result_assessment("OLD.id"))}; END;
    """,
    f"""
    CREATE TRIGGER assessment_tally_assessment_delete AFTER DELETE ON tracker_assessment
    FOR EACH ROW BEGIN DELETE FROM {TALLY} WHERE assessment_id = OLD.id; END;
    """,
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS assessment_tally_{name};"
    for name in (
        "result_insert",
        "result_update",
        "result_move",
        "result_delete",
        "history_insert",
        "history_update",
        "history_delete",
        "assessment_delete",
    )
]

# PostgreSQL, once per statement, from its transition tables (new_rows, old_rows): as on
# SQLite, counts move by -1/+1 and a moment that grows raises last_first_at; the assessments
# where a moment may have dropped, or whose results came or went, are counted afresh.
_PG_NA = f"'{NOT_ASSESSED}'"
_PG_ASSESSED = "(CASE WHEN {0}.status <> " + _PG_NA + " THEN 1 ELSE 0 END)"
_PG_MET = "(CASE WHEN {0}.status = '" + MET + "' THEN 1 ELSE 0 END)"


def _pg_recount(ids: str, before: str = "") -> str:
    return before + _RECOUNT["postgresql"].format(ids=f"SELECT DISTINCT id FROM ({ids}) s")


def _pg_raise(moments: str, counts: str = "") -> str:
    """Add the counts' deltas and raise the moments (both queries of id, assessed, met, at),
    except on the assessments counted afresh (again)."""
    union = f"{counts} UNION ALL {moments}" if counts else moments
    return (
        f"raised AS (UPDATE {TALLY} t SET assessed = t.assessed + d.assessed, "
        "met = t.met + d.met, last_first_at = GREATEST(t.last_first_at, d.at) "
        "FROM (SELECT id, SUM(assessed) AS assessed, SUM(met) AS met, MAX(at) AS at "
        f"FROM ({union}) x (id, assessed, met, at) "
        "WHERE NOT EXISTS (SELECT 1 FROM again g WHERE g.id = x.id) GROUP BY id ORDER BY id) d "
        "WHERE t.assessment_id = d.id) "
    )


_PG_RESULTS_UPDATE = _pg_recount(
    "SELECT id FROM again",
    before=(
        "WITH pairs AS MATERIALIZED ("
        "SELECT n.id, n.assessment_id AS a, o.assessment_id AS oa, "
        f"{_PG_ASSESSED.format('n')} - {_PG_ASSESSED.format('o')} AS assessed, "
        f"{_PG_MET.format('n')} - {_PG_MET.format('o')} AS met, "
        "n.changed_at AS nc, o.changed_at AS oc "
        "FROM new_rows n JOIN old_rows o ON o.id = n.id), "
        # A moment moves with changed_at only while no history row dates the result.
        "moments AS MATERIALIZED (SELECT a AS id, nc, "
        "(oc IS NULL OR (nc IS NOT NULL AND nc >= oc)) AS grows FROM pairs p "
        "WHERE a = oa AND nc IS DISTINCT FROM oc AND NOT EXISTS ("
        f"SELECT 1 FROM {HISTORY} h WHERE h.id = p.id AND h.status <> {_PG_NA})), "
        "again AS (SELECT a AS id FROM pairs WHERE a <> oa UNION SELECT oa FROM pairs "
        "WHERE a <> oa UNION SELECT id FROM moments WHERE NOT grows), "
        + _pg_raise(
            "SELECT id, 0, 0, nc FROM moments WHERE grows",
            "SELECT a, assessed, met, NULL::timestamptz FROM pairs "
            "WHERE a = oa AND (assessed <> 0 OR met <> 0)",
        )
    ),
)
# A history row at another status moves its result's moment only if it is the earliest such
# row: to its date, which raises the moment, or lowers it (then counted afresh).
_PG_HISTORY_INSERT = _pg_recount(
    "SELECT id FROM again",
    before=(
        "WITH firsts AS MATERIALIZED (SELECT r.assessment_id AS id, n.history_date AS at, "
        f"COALESCE((SELECT MIN(h.history_date) FROM {HISTORY} h WHERE h.id = n.id "
        f"AND h.status <> {_PG_NA} AND h.history_id <> n.history_id), r.changed_at) AS before "
        f"FROM new_rows n JOIN {RESULTS} r ON r.id = n.id WHERE n.status <> {_PG_NA} "
        f"AND NOT EXISTS (SELECT 1 FROM {HISTORY} h WHERE h.id = n.id "
        f"AND h.status <> {_PG_NA} AND h.history_date <= n.history_date "
        "AND h.history_id <> n.history_id)), "
        "again AS (SELECT id FROM firsts WHERE at < before), "
        + _pg_raise("SELECT id, 0, 0, at FROM firsts")
    ),
)
_PG = {
    (RESULTS, "INSERT"): _pg_recount("SELECT assessment_id AS id FROM new_rows"),
    (RESULTS, "DELETE"): _pg_recount("SELECT assessment_id AS id FROM old_rows"),
    (RESULTS, "UPDATE"): _PG_RESULTS_UPDATE,
    (HISTORY, "INSERT"): _PG_HISTORY_INSERT,
    (HISTORY, "DELETE"): _pg_recount(
        f"SELECT r.assessment_id AS id FROM old_rows o JOIN {RESULTS} r ON r.id = o.id"
    ),
    (HISTORY, "UPDATE"): _pg_recount(
        "SELECT r.assessment_id AS id "
        "FROM (SELECT id FROM new_rows UNION SELECT id FROM old_rows) n "
        f"JOIN {RESULTS} r ON r.id = n.id"
    ),
}
_TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _postgres_function(table: str) -> str:
    branches = "\n".join(
        f"    {'IF' if i == 0 else 'ELSIF'} TG_OP = '{event}' THEN {_PG[table, event]};"
        for i, event in enumerate(_TRANSITIONS)
    )
    # No JIT: the planner cannot size transition tables, and compiling a statement's
    # plan took longer than running it.
    return f"""
    CREATE FUNCTION {table}_tally() RETURNS trigger SET jit = off AS $$
    BEGIN
    {branches}
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
    """


POSTGRES = [
    *(_postgres_function(table) for table in (RESULTS, HISTORY)),
    *(
        f"CREATE TRIGGER assessment_tally_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {table}_tally();"
        for table in (RESULTS, HISTORY)
        for event, referencing in _TRANSITIONS.items()
    ),
    """
    CREATE FUNCTION tracker_assessment_tally_delete() RETURNS trigger AS $$
    BEGIN
        DELETE FROM tracker_assessmenttally t USING old_rows o WHERE t.assessment_id = o.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER assessment_tally_delete AFTER DELETE ON tracker_assessment "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION tracker_assessment_tally_delete();",
]
POSTGRES_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS assessment_tally_{event.lower()} ON {table};"
        for table in (RESULTS, HISTORY)
        for event in _TRANSITIONS
    ),
    "DROP TRIGGER IF EXISTS assessment_tally_delete ON tracker_assessment;",
    *(f"DROP FUNCTION IF EXISTS {table}_tally();" for table in (RESULTS, HISTORY)),
    "DROP FUNCTION IF EXISTS tracker_assessment_tally_delete();",
]


def recount_sql(vendor: str) -> str:
    """Every assessment counted afresh: the backfill, and what the tests compare with."""
    return _RECOUNT[vendor].format(ids="SELECT id FROM tracker_assessment")


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(sql)

    return run


tally_triggers_create = _run({"sqlite": SQLITE, "postgresql": POSTGRES})
tally_triggers_drop = _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})
tally_backfill = _run({v: [recount_sql(v)] for v in _RECOUNT})
