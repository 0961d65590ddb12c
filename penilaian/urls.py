from .urls_keberatan import urlpatterns as keberatan
from .urls_notifikasi import urlpatterns as notifikasi
from .urls_persetujuan import urlpatterns as persetujuan
from .urls_tim import urlpatterns as tim

app_name = "penilaian"
urlpatterns = persetujuan + tim + keberatan + notifikasi
