from django.db import migrations

# The lockout page sends people to the admin kepegawaian: the group sees the login attempts and
# lockouts in the admin and may delete a lockout (which unlocks the NIP). The logs are history:
# view only.
UNLOCK = ["accessattempt"]
VIEW = ["accessfailurelog", "accesslog"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin, _ = Group.objects.get_or_create(name="Admin Kepegawaian")

    def grant(model, actions):
        ct, _ = ContentType.objects.get_or_create(app_label="axes", model=model)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=ct,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            admin.permissions.add(perm)

    for model in UNLOCK:
        grant(model, ("view", "delete"))
    for model in VIEW:
        grant(model, ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("pegawai", "0006_kehadiran"),
        ("axes", "0010_accessattemptexpiration"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
