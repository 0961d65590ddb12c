"""Evidence files: their type from the first bytes (never from the name or the browser's word),
their size, and where they are kept."""

import os
import uuid

from django.utils.translation import gettext as _

from .exceptions import AktivitasError

# Content type -> extension given to the stored file.
JENIS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
# Under MEDIA_ROOT but never served from MEDIA_URL: only the evidence view reads it, after
# checking who asks. The random name keeps one person's files from being guessed.
PREFIX = "privat/bukti"


def jenis_berkas(head: bytes) -> str | None:
    """The content type of a file from its first bytes, if it is one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def periksa_bukti(berkas, *, maks_mb: int) -> str:
    """The content type of an uploaded file; AktivitasError when it is too big or not allowed."""
    if berkas.size > maks_mb * 1024 * 1024:
        raise AktivitasError(
            _("Berkas bukti %(nama)s terlalu besar (%(ukuran).1f MB); paling besar %(maks)d MB.")
            % {"nama": berkas.name, "ukuran": berkas.size / 1024 / 1024, "maks": maks_mb}
        )
    berkas.seek(0)
    head = berkas.read(16)
    berkas.seek(0)
    jenis = jenis_berkas(head)
    if jenis is None:
        raise AktivitasError(
            _("Berkas bukti %(nama)s bukan gambar JPEG, PNG, WebP, atau PDF.")
            % {"nama": berkas.name}
        )
    return jenis


def nama_asli(nama: str) -> str:
    """The uploaded name without folders, cut to fit its column."""
    base = os.path.basename(nama.replace("\\", "/")) or "bukti"
    stem, ext = os.path.splitext(base)
    return stem[: 200 - len(ext[:10])] + ext[:10]


def bukti_path(entri, filename: str) -> str:
    ext = JENIS.get(entri.bukti_jenis, "")
    return f"{PREFIX}/{entri.tanggal:%Y/%m}/{uuid.uuid4().hex}{ext}"
