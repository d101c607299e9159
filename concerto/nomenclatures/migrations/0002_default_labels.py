from django.db import migrations


def load(apps, schema_editor):
    from concerto.nomenclatures.defaults import load_default_labels

    load_default_labels(apps.get_model("nomenclatures", "Label"))


class Migration(migrations.Migration):
    dependencies = [("nomenclatures", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
