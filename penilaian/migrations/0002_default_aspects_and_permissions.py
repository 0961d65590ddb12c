from django.db import migrations

# What Admin Kepegawaian may do in the admin: settings, aspect sets, teams and reassignment are
# master data; the decisions themselves change only through the services, so they get "view".
ADMIN_EDIT = ["pengaturanpenilaian", "setaspek", "aspek", "timpenilai", "pengalihanentri"]
ADMIN_VIEW = [
    "penilaianperilaku",
    "nilaiaspek",
    "entrilewatbatas",
    "keputusantim",
    "flagentri",
    "pengambilansampel",
    "sampelentri",
    "tandatanganunit",
    "nilaitim",
    "pemindaiananomali",
    "keberatan",
]


def forwards(apps, schema_editor):
    from penilaian.defaults import create_default_aspects

    create_default_aspects(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin, _ = Group.objects.get_or_create(name="Admin Kepegawaian")

    def grant(model, actions):
        ct, _ = ContentType.objects.get_or_create(app_label="penilaian", model=model)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=ct,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            admin.permissions.add(perm)

    for model in ADMIN_EDIT:
        grant(model, ("add", "change", "delete", "view"))
    for model in ADMIN_VIEW:
        grant(model, ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("penilaian", "0001_initial"),
        ("pegawai", "0002_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
