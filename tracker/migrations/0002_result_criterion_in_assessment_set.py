"""The database refuses a result whose criterion is not in its assessment's criteria set."""

from django.db import migrations

from tracker.db_triggers import triggers_create, triggers_drop


class Migration(migrations.Migration):
    dependencies = [("tracker", "0001_initial")]

    operations = [migrations.RunPython(triggers_create, triggers_drop)]
