"""No two entries of one person overlap in time, held by PostgreSQL itself so that two browser
tabs cannot race past the services' check. SQLite (`make run`) has no exclusion constraints:
there the services' check alone holds the rule."""

from django.db import migrations

CONSTRAINT = "aktivitas_entri_tidak_bertumpuk"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        "ALTER TABLE aktivitas_entri ADD CONSTRAINT " + CONSTRAINT + " EXCLUDE USING gist "
        "(pegawai_id WITH =, tsrange(tanggal + mulai, tanggal + selesai, '[)') WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE aktivitas_entri DROP CONSTRAINT IF EXISTS " + CONSTRAINT)


class Migration(migrations.Migration):
    dependencies = [("aktivitas", "0001_initial")]
    operations = [migrations.RunPython(add_constraint, drop_constraint)]
