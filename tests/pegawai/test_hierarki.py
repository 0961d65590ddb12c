from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pegawai.hierarki import Hierarki
from pegawai.models import Jabatan, Pegawai
from tests import factories as f

TODAY = date.today()


def test_vacant_position_passes_supervision_up_the_chain(cast):
    hier = Hierarki.on(TODAY)
    # The kasi position is vacant, so the staff member's supervisor is the kabid.
    assert hier.atasan_of(cast.staf.pk) == cast.atasan.pk
    assert hier.atasan_of(cast.atasan.pk) == cast.kepala.pk


def test_top_of_the_hierarchy_has_no_supervisor(cast):
    assert Hierarki.on(TODAY).atasan_of(cast.kepala.pk) is None


def test_acting_holder_supervises_when_position_has_no_definitive_holder(cast):
    plt = f.pegawai("Plt Kasi", f.jabatan("Analis Data", cast.seksi, atasan=cast.jab_kasi))
    f.acting(plt, cast.jab_kasi, mulai=date(2024, 1, 1))
    hier = Hierarki.on(TODAY)
    assert hier.atasan_of(cast.staf.pk) == plt.pk
    assert cast.staf.pk in hier.bawahan_of(plt.pk)
    assert cast.staf.pk not in hier.bawahan_of(cast.atasan.pk)


def test_definitive_holder_beats_acting_holder(cast):
    kasi = f.pegawai("Kasi Definitif", cast.jab_kasi)
    plh = f.pegawai("Plh", f.jabatan("Analis", cast.seksi, atasan=cast.jab_kasi))
    f.acting(plh, cast.jab_kasi, jenis="plh")
    assert Hierarki.on(TODAY).atasan_of(cast.staf.pk) == kasi.pk


def test_acting_assignment_counts_only_within_its_dates(cast):
    plt = f.pegawai("Plt Kasi", f.jabatan("Analis Data", cast.seksi, atasan=cast.jab_kasi))
    f.acting(plt, cast.jab_kasi, mulai=date(2024, 3, 1), selesai=date(2024, 3, 31))
    assert Hierarki.on(date(2024, 3, 15)).atasan_of(cast.staf.pk) == plt.pk
    assert Hierarki.on(date(2024, 4, 1)).atasan_of(cast.staf.pk) == cast.atasan.pk


def test_nobody_is_their_own_supervisor(cast):
    # The staff member is made Plt of the vacant kasi position above them: their supervisor is
    # still found further up, never themselves.
    f.acting(cast.staf, cast.jab_kasi)
    hier = Hierarki.on(TODAY)
    assert hier.atasan_of(cast.staf.pk) == cast.atasan.pk
    assert cast.staf.pk not in hier.bawahan_of(cast.staf.pk)


def test_acting_head_of_a_unit_supervises_its_subordinates_but_not_themselves(cast):
    # The kabid is also Plt kepala dinas: the kabid's supervisor must not be the kabid.
    f.acting(cast.atasan, cast.jab_kepala)
    Pegawai.objects.filter(pk=cast.kepala.pk).update(aktif_selesai=date(2021, 1, 1))
    hier = Hierarki.on(TODAY)
    assert hier.atasan_of(cast.atasan.pk) is None
    assert hier.atasan_of(cast.staf.pk) == cast.atasan.pk


def test_inactive_staff_hold_no_position(cast):
    Pegawai.objects.filter(pk=cast.atasan.pk).update(aktif_selesai=date(2021, 12, 31))
    assert Hierarki.on(TODAY).atasan_of(cast.staf.pk) == cast.kepala.pk


def test_subordinates_include_everyone_below_at_any_depth(cast):
    hier = Hierarki.on(TODAY)
    assert hier.bawahan_of(cast.kepala.pk) == {cast.atasan.pk}
    assert hier.bawahan_semua(cast.kepala.pk) == {cast.atasan.pk, cast.staf.pk}


def test_resolving_many_supervisors_takes_a_constant_number_of_queries(cast):
    for i in range(30):
        f.pegawai(f"Staf {i}", cast.jab_staf, login=False)
    with CaptureQueriesContext(connection) as few:
        Hierarki.on(TODAY).atasan_map()
    seksi2 = f.unit("Seksi Dua", "1.01.01.02", induk=cast.bidang)
    jab = f.jabatan("Pengelola Arsip", seksi2, atasan=cast.jab_kabid, jenis=Jabatan.Jenis.PELAKSANA)
    for i in range(60):
        f.pegawai(f"Arsiparis {i}", jab, login=False)
    with CaptureQueriesContext(connection) as many:
        result = Hierarki.on(TODAY).atasan_map()
    assert len(few) == len(many) == 2
    assert len(result) == Pegawai.objects.count()


def test_the_partial_tree_around_one_person_agrees_with_the_whole_tree(cast):
    plt = f.pegawai("Plt Kasi", f.jabatan("Analis Data", cast.seksi, atasan=cast.jab_kasi))
    f.acting(plt, cast.jab_kasi)
    f.acting(cast.atasan, cast.jab_kepala, jenis="plh")
    whole = Hierarki.on(TODAY)
    for p in Pegawai.objects.all():
        part = Hierarki.around(p.pk, TODAY)
        assert part.atasan_of(p.pk) == whole.atasan_of(p.pk), p
        assert part.bawahan_of(p.pk) == whole.bawahan_of(p.pk), p
        assert part.bawahan_semua(p.pk) == whole.bawahan_semua(p.pk), p


def test_the_partial_tree_takes_one_query(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        Hierarki.around(cast.atasan.pk, TODAY).bawahan_semua(cast.atasan.pk)


def test_acting_holder_of_the_position_above_their_own_answers_to_the_next_one_up(cast):
    # The staff member acts as kasi, the position directly above their own: they answer to the
    # kabid, and the kabid must see them among their subordinates to decide on their work.
    f.acting(cast.staf, cast.jab_kasi)
    for hier in (Hierarki.on(TODAY), Hierarki.around(cast.atasan.pk, TODAY)):
        assert hier.atasan_of(cast.staf.pk) == cast.atasan.pk
        assert cast.staf.pk in hier.bawahan_of(cast.atasan.pk)
