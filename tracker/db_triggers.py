"""Triggers that keep a result's criterion in its assessment's criteria set.

Django has no composite foreign key, so triggers carry this rule, one spelling
per database engine. On SQLite, a migration that rebuilds one of the three
tables (Django copies it into a new table) must drop the triggers first and
create them again after: see migration 0004.
"""

MESSAGE = "result_criterion_not_in_assessment_set"

SQLITE = [
    f"""
    CREATE TRIGGER result_criterion_in_set_{event.lower()}
    BEFORE {event} ON tracker_criterionresult FOR EACH ROW
    WHEN (SELECT criteria_set_id FROM tracker_criterion WHERE id = NEW.criterion_id)
         IS NOT (SELECT criteria_set_id FROM tracker_assessment WHERE id = NEW.assessment_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """
    for event in ("INSERT", "UPDATE")
] + [
    f"""
    CREATE TRIGGER assessment_set_keeps_results
    BEFORE UPDATE OF criteria_set_id ON tracker_assessment FOR EACH ROW
    WHEN EXISTS (
        SELECT 1 FROM tracker_criterionresult r JOIN tracker_criterion c ON c.id = r.criterion_id
        WHERE r.assessment_id = NEW.id AND c.criteria_set_id IS NOT NEW.criteria_set_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER criterion_set_keeps_results
    BEFORE UPDATE OF criteria_set_id ON tracker_criterion FOR EACH ROW
    WHEN EXISTS (
        SELECT 1 FROM tracker_criterionresult r JOIN tracker_assessment a ON a.id = r.assessment_id
        WHERE r.criterion_id = NEW.id AND a.criteria_set_id IS NOT NEW.criteria_set_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS result_criterion_in_set_insert;",
    "DROP TRIGGER IF EXISTS result_criterion_in_set_update;",
    "DROP TRIGGER IF EXISTS assessment_set_keeps_results;",
    "DROP TRIGGER IF EXISTS criterion_set_keeps_results;",
]

POSTGRES = [
    f"""
    CREATE FUNCTION tracker_result_criterion_in_set() RETURNS trigger AS $$
    BEGIN
        IF TG_TABLE_NAME = 'tracker_criterionresult' THEN
            IF (SELECT criteria_set_id FROM tracker_criterion WHERE id = NEW.criterion_id)
               IS DISTINCT FROM
               (SELECT criteria_set_id FROM tracker_assessment WHERE id = NEW.assessment_id) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
            END IF;
        ELSIF TG_TABLE_NAME = 'tracker_assessment' THEN
            IF EXISTS (SELECT 1 FROM tracker_criterionresult r
                       JOIN tracker_criterion c ON c.id = r.criterion_id
                       WHERE r.assessment_id = NEW.id
                         AND c.criteria_set_id IS DISTINCT FROM NEW.criteria_set_id) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
            END IF;
        ELSE
            IF EXISTS (SELECT 1 FROM tracker_criterionresult r
                       JOIN tracker_assessment a ON a.id = r.assessment_id
                       WHERE r.criterion_id = NEW.id
                         AND a.criteria_set_id IS DISTINCT FROM NEW.criteria_set_id) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER result_criterion_in_set
    BEFORE INSERT OR UPDATE OF criterion_id, assessment_id ON tracker_criterionresult
    FOR EACH ROW EXECUTE FUNCTION tracker_result_criterion_in_set();
    """,
    """
    CREATE TRIGGER assessment_set_keeps_results
    BEFORE UPDATE OF criteria_set_id ON tracker_assessment
    FOR EACH ROW EXECUTE FUNCTION tracker_result_criterion_in_set();
    """,
    """
    CREATE TRIGGER criterion_set_keeps_results
    BEFORE UPDATE OF criteria_set_id ON tracker_criterion
    FOR EACH ROW EXECUTE FUNCTION tracker_result_criterion_in_set();
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS result_criterion_in_set ON tracker_criterionresult;",
    "DROP TRIGGER IF EXISTS assessment_set_keeps_results ON tracker_assessment;",
    "DROP TRIGGER IF EXISTS criterion_set_keeps_results ON tracker_criterion;",
    "DROP FUNCTION IF EXISTS tracker_result_criterion_in_set();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(
                f"No trigger for {schema_editor.connection.vendor}: add one to tracker.db_triggers."
            )
        for sql in statements:
            schema_editor.execute(sql)

    return run


triggers_create = _run({"sqlite": SQLITE, "postgresql": POSTGRES})
triggers_drop = _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})
