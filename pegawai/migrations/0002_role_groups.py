from django.db import migrations

ROLE_GROUPS = ["Admin Kepegawaian", "Tim Penilai", "Keuangan"]
# Admin kepegawaian maintain master data in the Django admin too.
ADMIN_MODELS = ["unitkerja", "jabatan", "pegawai", "penugasan", "pemda"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
    admin = Group.objects.get(name="Admin Kepegawaian")
    # Permissions are created after migrate; make sure they exist now.
    for model in ADMIN_MODELS:
        ct, _ = ContentType.objects.get_or_create(app_label="pegawai", model=model)
        for action in ("add", "change", "delete", "view"):
            perm, _ = Permission.objects.get_or_create(
                content_type=ct, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            admin.permissions.add(perm)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
