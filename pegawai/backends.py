from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PegawaiBackend(ModelBackend):
    """Django's backend, loading the user's Pegawai with the user: every page shows the name."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("pegawai__jabatan", "pegawai__unit").get(
                pk=user_id
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
