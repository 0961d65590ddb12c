from django.db import migrations

# Admin Kepegawaian edit the rules in the admin: the version and its rows (rows may be removed,
# e.g. kelas 16 and 17 for a kabupaten table; a version itself is never deleted there, and one
# used by a result is protected). Keuangan read them. The results change only through the close.
RULE_VERSION = "aturantpk"
RULE_ROWS = ["tarifkelas", "potongankehadiran", "predikattpk", "tarifpajak"]
RESULTS = ["penutupanperiode", "pembukaanperiode", "hasiltpk"]


def forwards(apps, schema_editor):
    from tpk.defaults import create_default_aturan

    create_default_aturan(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin, _ = Group.objects.get_or_create(name="Admin Kepegawaian")
    keuangan, _ = Group.objects.get_or_create(name="Keuangan")

    def grant(group, model, actions):
        ct, _ = ContentType.objects.get_or_create(app_label="tpk", model=model)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=ct,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(perm)

    grant(admin, RULE_VERSION, ("add", "change", "view"))
    for model in RULE_ROWS:
        grant(admin, model, ("add", "change", "delete", "view"))
    for model in [RULE_VERSION, *RULE_ROWS, *RESULTS]:
        grant(keuangan, model, ("view",))
    for model in RESULTS:
        grant(admin, model, ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("tpk", "0001_initial"),
        ("pegawai", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
