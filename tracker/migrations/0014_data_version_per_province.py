import uuid

from django.db import migrations, models

from tracker.data_version import version_triggers_create, version_triggers_drop
from tracker.migrations import _data_version_0006 as before

# Every watched table (tracker.data_version): its triggers now bump the version of the
# province a row belongs to, or the shared one.
WATCHED = [
    "tracker_assessment",
    "tracker_criteriaset",
    "tracker_criterion",
    "tracker_criterionresult",
    "tracker_district",
    "tracker_documenttemplate",
    "tracker_evidencefile",
    "tracker_evidencerevision",
    "tracker_importbatch",
    "tracker_mapedition",
    "tracker_province",
    "tracker_provincequota",
    "tracker_provinceround",
    "tracker_remindersent",
    "tracker_round",
    "tracker_target",
    "tracker_unitsuccession",
    "tracker_userscope",
    "tracker_ward",
]


def shared_version_create(apps, schema_editor):
    """The shared row, so that pages are kept from the start, not only after a first write."""
    apps.get_model("tracker", "DataVersion").objects.create(id=0, epoch=uuid.uuid4().hex, number=1)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0013_sort_name"),
    ]

    operations = [
        # SQLite rebuilds the versions' table below: no trigger may name it meanwhile.
        migrations.RunPython(
            before.version_triggers_drop(WATCHED, function=True),
            before.version_triggers_create(WATCHED),
        ),
        # Row 1 was the one version of everything; it would now read as province 1's.
        # The next write creates the rows it needs, each with a fresh epoch.
        migrations.RunSQL("DELETE FROM tracker_dataversion", migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="dataversion",
            name="id",
            field=models.BigIntegerField(primary_key=True, serialize=False),
        ),
        migrations.RunPython(
            version_triggers_create(WATCHED), version_triggers_drop(WATCHED, function=True)
        ),
        migrations.RunPython(shared_version_create, migrations.RunPython.noop),
    ]
