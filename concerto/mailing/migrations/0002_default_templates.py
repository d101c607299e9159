"""The shipped French templates (defaults.py), created once; later edits are the association's."""

from django.db import migrations


def create_defaults(apps, schema_editor):
    from concerto.mailing.defaults import DEFAULTS

    EmailTemplate = apps.get_model("mailing", "EmailTemplate")
    for default in DEFAULTS.values():
        EmailTemplate.objects.get_or_create(key=default.key, defaults={
            "name": default.name, "description": default.description, "subject": default.subject,
            "body_text": default.body_text, "body_html": default.body_html})


class Migration(migrations.Migration):
    dependencies = [("mailing", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
