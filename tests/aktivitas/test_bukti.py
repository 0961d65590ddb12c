"""Evidence is served only to those who may see its entry, by the entry's own URL, never from
MEDIA_URL; uploads are checked by their content and size on the screen too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aktivitas.models import Entri

from .conftest import PDF, PNG, buat

pytestmark = pytest.mark.django_db


@pytest.fixture
def entri(cast, katalog):
    return buat(
        cast.staf,
        katalog.arsip,
        ajukan=True,
        bukti=SimpleUploadedFile("surat masuk.png", PNG, content_type="image/png"),
    )


def bukti_url(entri):
    return reverse("aktivitas:entri_bukti", args=[entri.pk])


@pytest.mark.parametrize("who", ["staf", "atasan", "kepala", "admin", "penilai"])
def test_served_to_the_owner_supervisors_admin_and_review_team(login, cast, entri, clock, who):
    response = login(getattr(cast, who)).get(bukti_url(entri))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="surat masuk.png"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_downloaded_as_an_attachment_when_asked(login, cast, entri, clock):
    response = login(cast.staf).get(bukti_url(entri), {"unduh": "1"})
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("who", ["orang_luar", "keuangan"])
def test_not_found_for_anyone_else(login, cast, entri, clock, who):
    assert login(getattr(cast, who)).get(bukti_url(entri)).status_code == 404


def test_not_for_someone_not_logged_in(client, entri):
    response = client.get(bukti_url(entri))
    assert response.status_code == 302 and "/masuk/" in response.url


def test_never_at_a_public_media_url(login, client, cast, entri, clock, settings):
    assert entri.bukti.name.startswith("privat/bukti/")
    assert client.get(f"/{settings.MEDIA_URL}{entri.bukti.name}").status_code in (302, 404)
    staf = login(cast.staf)
    assert staf.get(f"/{settings.MEDIA_URL}{entri.bukti.name}").status_code == 404
    for url in (
        reverse("aktivitas:hari", args=[entri.tanggal]),
        reverse("aktivitas:entri_detail", args=[entri.pk]),
    ):
        page = staf.get(url).content.decode()
        assert settings.MEDIA_URL not in page and entri.bukti.name not in page
        assert bukti_url(entri) in page


def test_an_entry_without_evidence(login, cast, katalog, clock):
    plain = buat(cast.staf, katalog.rapat, mulai=(10, 0), selesai=(11, 0))
    assert login(cast.staf).get(bukti_url(plain)).status_code == 404


def test_a_lost_file_is_not_found(login, cast, entri, clock):
    entri.bukti.storage.delete(entri.bukti.name)
    assert login(cast.staf).get(bukti_url(entri)).status_code == 404


class TestUpload:
    def post(self, client, katalog, name, content):
        return client.post(
            reverse("aktivitas:entri_tambah"),
            {
                "tanggal": "2026-05-13",
                "mulai": "08:00",
                "selesai": "09:00",
                "aktivitas": katalog.arsip.pk,
                "volume": "1",
                "uraian": "Arsip",
                "bukti": SimpleUploadedFile(name, content),
            },
        )

    def test_a_pdf_is_accepted(self, login, cast, katalog, clock):
        response = self.post(login(cast.staf), katalog, "nota.pdf", PDF)
        assert response.status_code == 302
        assert Entri.objects.get().bukti_jenis == "application/pdf"

    def test_a_script_named_like_an_image_is_refused(self, login, cast, katalog, clock):
        response = self.post(login(cast.staf), katalog, "foto.jpg", b"<svg onload=alert(1)>")
        assert response.status_code == 400
        assert "Berkas bukti foto.jpg bukan gambar JPEG, PNG, WebP, atau PDF." in (
            response.content.decode()
        )
        assert not Entri.objects.exists()
