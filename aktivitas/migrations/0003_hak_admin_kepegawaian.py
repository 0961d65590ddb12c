"""The admin kepegawaian keeps the catalog and the settings in the admin, and may look at entries
and their history there (they change only through the screens and their services)."""

from django.db import migrations

EDIT = ["aktivitas", "pengaturanaktivitas"]
VIEW = ["entri", "riwayatentri"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin, _ = Group.objects.get_or_create(name="Admin Kepegawaian")
    for model in EDIT + VIEW:
        ct, _ = ContentType.objects.get_or_create(app_label="aktivitas", model=model)
        actions = ("add", "change", "delete", "view") if model in EDIT else ("view",)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=ct, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            admin.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("aktivitas", "0002_entri_tidak_bertumpuk"),
        ("pegawai", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
