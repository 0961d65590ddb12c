"""State changes of the TPK app; views, admin actions, tasks and commands call these."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.services import log_action

from .exceptions import TPKError
from .models import AturanTPK, PotonganKehadiran, PredikatTPK, TarifKelas, TarifPajak


def next_month_start(after: date) -> date:
    return date(after.year + after.month // 12, after.month % 12 + 1, 1)


def free_berlaku_mulai(today: date) -> date:
    """The first day of a month after today and after every existing version."""
    latest = AturanTPK.objects.order_by("-berlaku_mulai").values_list("berlaku_mulai", flat=True)
    return next_month_start(max([today, *latest[:1]]))


@transaction.atomic
def copy_aturan(
    aturan: AturanTPK, *, berlaku_mulai: date, by, nama: str = "", now=None
) -> AturanTPK:
    """Copy a rule version with all its rows into a new version in force from `berlaku_mulai`."""
    if berlaku_mulai.day != 1:
        raise TPKError(_("Aturan TPK berlaku per bulan: tanggal berlaku mulai harus tanggal 1."))
    if AturanTPK.objects.filter(berlaku_mulai=berlaku_mulai).exists():
        raise TPKError(_("Sudah ada versi aturan TPK yang berlaku mulai tanggal ini."))
    source = AturanTPK.objects.with_rincian().get(pk=aturan.pk)
    baru = AturanTPK.objects.get(pk=aturan.pk)
    baru.pk = None
    baru.berlaku_mulai = berlaku_mulai
    baru.nama = nama or _("Salinan %(nama)s") % {"nama": source.nama}
    baru.save(force_insert=True)
    TarifKelas.objects.bulk_create(
        TarifKelas(aturan=baru, kelas=t.kelas, tarif=t.tarif) for t in source.tarif_kelas.all()
    )
    PotonganKehadiran.objects.bulk_create(
        PotonganKehadiran(aturan=baru, kode=p.kode, persen=p.persen) for p in source.potongan.all()
    )
    PredikatTPK.objects.bulk_create(
        PredikatTPK(
            aturan=baru,
            kode=p.kode,
            nama=p.nama,
            batas_bawah=p.batas_bawah,
            persen_bayar=p.persen_bayar,
        )
        for p in source.predikat.all()
    )
    TarifPajak.objects.bulk_create(
        TarifPajak(aturan=baru, kelompok=t.kelompok, persen=t.persen)
        for t in source.tarif_pajak.all()
    )
    log_action(
        "tpk.aturan_salin",
        by=by,
        obj=baru,
        now=now or timezone.now(),
        data={"dari": source.pk, "berlaku_mulai": berlaku_mulai.isoformat()},
    )
    return baru
