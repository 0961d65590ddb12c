"""The demo kota as data: its OPD, their units and positions, and the names its people are
drawn from. Fictional; pegawai.demo turns it into rows."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import roles
from .models import Jabatan, UnitKerja

S, F, P = Jabatan.Jenis.STRUKTURAL, Jabatan.Jenis.FUNGSIONAL, Jabatan.Jenis.PELAKSANA
U = UnitKerja.Jenis


# --- The organisation, as data -------------------------------------------------------------


@dataclass(frozen=True)
class _Pos:
    """A position type: its name, class and the schooling of its holders."""

    nama: str
    kelas: int
    edu: str  # "S2", "S1", "D3" or "SMA": decides titles and the starting golongan
    gelar: tuple[str, str] | None = None  # a profession's own titles (depan, belakang)
    jenis: str = P
    eselon: str = ""
    sex: int | None = None  # 2: only women hold it (bidan)


@dataclass(frozen=True)
class _Uptd:
    """A sekolah, puskesmas or kelurahan; its head reports to the head of the OPD."""

    nama: str
    jenis: str
    kepala: _Pos
    staf: tuple[_Pos, ...]  # one entry per person
    pppk: float  # share of PPPK among the staff (teachers and health workers: many)


@dataclass(frozen=True)
class _Opd:
    kode: str
    nama: str
    gelar: tuple[tuple[str, ...], tuple[str, ...]]  # the S1 and S2 degrees of its staff
    bidang: tuple[tuple[str, ...], ...]  # (bidang, its seksi without "Seksi", ...)
    fungsional: tuple[_Pos, ...] = ()  # drawn for seksi staff, with the PELAKSANA
    uptd: tuple[_Uptd, ...] = ()
    seksi: tuple[str, ...] = ()  # seksi under the head itself (a kecamatan's)
    sub: str = "Seksi"  # what its bidang's units are called: Seksi, or Subbidang in a badan
    kepala: tuple[str, str, int] = ("Kepala Dinas", "II.b", 14)  # title, eselon, kelas
    sekretaris: tuple[str, str, int] = ("Sekretaris", "III.a", 12)
    jenis: str = U.OPD


def _fung(nama: str, belakang: str, *, kelas: int = 8, depan: str = "", sex=None) -> _Pos:
    edu = "D3" if belakang.startswith("A.Md") else "S1"
    return _Pos(nama, kelas, edu, gelar=(depan, belakang), jenis=F, sex=sex)


PENATA = _Pos("Penata Layanan Operasional", 7, "S1")
PENGOLAH = _Pos("Pengolah Data dan Informasi", 6, "D3")
PENGADMINISTRASI = _Pos("Pengadministrasi Perkantoran", 5, "SMA")
OPERATOR = _Pos("Operator Layanan Operasional", 5, "SMA")
BENDAHARA = _Pos("Bendahara Pengeluaran", 7, "S1")
PELAKSANA = (PENATA, PENGOLAH, PENGADMINISTRASI, OPERATOR)
ANALIS_SDM = _fung("Analis SDM Aparatur Ahli Pertama", "S.Psi")
AUDITOR = _fung("Auditor Ahli Pertama", "S.Ak")
PRANATA_KOMPUTER = _fung("Pranata Komputer Ahli Pertama", "S.Kom")
KEPALA_BADAN = ("Kepala Badan", "II.b", 14)

SUBBAGIAN = ("Subbagian Umum dan Kepegawaian", "Subbagian Program dan Keuangan")
IRBAN = tuple(f"Inspektorat Pembantu Wilayah {n}" for n in ("I", "II", "III"))
# Units whose staff are fixed (one entry per person) rather than drawn from the OPD's pool.
STAF_TETAP = {
    "Subbagian Program dan Keuangan": (BENDAHARA, PENGOLAH),
    "Seksi Pengembangan Aplikasi": (PENGOLAH, PRANATA_KOMPUTER),
    "Subbidang Data dan Informasi Kepegawaian": (ANALIS_SDM, PRANATA_KOMPUTER, PENGOLAH),
    **{
        irban: (AUDITOR, AUDITOR, _fung("Pengawas Pemerintahan Ahli Pertama", "S.H."))
        for irban in IRBAN
    },
}
KEPALA_UNIT = {irban: irban.replace("Inspektorat", "Inspektur") for irban in IRBAN}
VACANT = "Seksi Pengembangan Aplikasi"  # no kepala seksi: its staff report to the kepala bidang
ACTING = "Bidang Statistik dan Persandian"  # no kepala bidang: the first kepala seksi is Plt

SEKOLAH = _Uptd(
    "SD Negeri 1 Kota Contoh",
    U.SEKOLAH,
    _Pos("Kepala Sekolah", 9, "S1", gelar=("", "S.Pd"), jenis=F),
    (_fung("Guru Kelas Ahli Pertama", "S.Pd"),) * 6
    + (_fung("Guru Pendidikan Agama Islam Ahli Pertama", "S.Pd.I"),) * 2
    + (_fung("Guru Pendidikan Jasmani Ahli Pertama", "S.Pd"), OPERATOR),
    pppk=0.5,
)
PUSKESMAS = _Uptd(
    "UPTD Puskesmas Contoh Tengah",
    U.PUSKESMAS,
    _Pos("Kepala UPTD Puskesmas", 9, "S2", ("dr.", "M.Kes"), jenis=S, eselon="IV.a"),
    (_fung("Dokter Ahli Pertama", "", depan="dr."),) * 2
    + (_fung("Bidan Terampil", "A.Md.Keb", kelas=6, sex=2),) * 5
    + (_fung("Perawat Terampil", "A.Md.Kep", kelas=6),) * 4
    + (_fung("Perawat Ahli Pertama", "S.Kep", depan="Ns."),) * 2
    + (_fung("Pranata Laboratorium Kesehatan Terampil", "A.Md.AK", kelas=6),)
    + (_fung("Asisten Apoteker Terampil", "A.Md.Farm", kelas=6), PENGADMINISTRASI, OPERATOR),
    pppk=0.4,
)
KELURAHAN = tuple(
    _Uptd(
        nama,
        U.KELURAHAN,
        _Pos("Lurah", 9, "S1", jenis=S, eselon="IV.a"),
        (PENATA, PENGADMINISTRASI, OPERATOR),
        pppk=0.2,
    )
    for nama in ("Kelurahan Sukamaju", "Kelurahan Mekar Jaya")
)

OPD = (
    _Opd(
        "1.01",
        "Dinas Pendidikan dan Kebudayaan",
        (("S.Pd", "S.E.", "S.Sos"), ("M.Pd", "M.Si")),
        (
            ("Bidang Pembinaan Sekolah Dasar", "Kurikulum SD", "Peserta Didik SD"),
            ("Bidang Pembinaan SMP", "Kurikulum SMP", "Peserta Didik SMP"),
            ("Bidang Kebudayaan", "Cagar Budaya", "Kesenian dan Tradisi"),
        ),
        (_fung("Pamong Belajar Ahli Pertama", "S.Pd"), _fung("Pamong Budaya Ahli Pertama", "S.S.")),
        uptd=(SEKOLAH,),
    ),
    _Opd(
        "1.02",
        "Dinas Kesehatan",
        (("S.K.M.", "S.Farm", "S.E."), ("M.Kes", "M.K.M.")),
        (
            ("Bidang Kesehatan Masyarakat", "Kesehatan Keluarga dan Gizi", "Promosi Kesehatan"),
            ("Bidang Pengendalian Penyakit", "Surveilans dan Imunisasi", "Penyakit Menular"),
            ("Bidang Pelayanan Kesehatan", "Pelayanan Kesehatan Primer", "Kefarmasian"),
        ),
        (
            _fung("Epidemiolog Kesehatan Ahli Pertama", "S.K.M."),
            _fung("Nutrisionis Ahli Pertama", "S.Gz"),
        ),
        uptd=(PUSKESMAS,),
    ),
    _Opd(
        "1.03",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        (("S.T.", "S.E."), ("M.T", "M.Si")),
        (
            ("Bidang Bina Marga", "Pembangunan Jalan dan Jembatan", "Pemeliharaan Jalan"),
            ("Bidang Sumber Daya Air", "Irigasi dan Rawa", "Drainase Perkotaan"),
            ("Bidang Penataan Ruang", "Perencanaan Tata Ruang", "Pengendalian Ruang"),
        ),
        (
            _fung("Teknik Jalan Ahli Pertama", "S.T."),
            _fung("Teknik Pengairan Ahli Pertama", "S.T."),
        ),
    ),
    _Opd(
        "1.04",
        "Dinas Sosial",
        (("S.Sos", "S.E.", "S.H."), ("M.Si", "M.AP")),
        (
            ("Bidang Rehabilitasi Sosial", "Anak dan Lanjut Usia", "Penyandang Disabilitas"),
            ("Bidang Perlindungan dan Jaminan Sosial", "Korban Bencana", "Jaminan Sosial"),
        ),
        (_fung("Pekerja Sosial Ahli Pertama", "S.Sos"),),
    ),
    _Opd(
        "1.05",
        "Dinas Kependudukan dan Pencatatan Sipil",
        (("S.Sos", "S.H.", "S.Kom"), ("M.Si", "M.H.")),
        (
            ("Bidang Pendaftaran Penduduk", "Identitas Penduduk", "Pindah Datang"),
            ("Bidang Pencatatan Sipil", "Kelahiran dan Kematian", "Perkawinan dan Perceraian"),
        ),
        (_fung("Administrator Database Kependudukan Ahli Pertama", "S.Kom"),),
    ),
    _Opd(
        "1.06",
        "Dinas Komunikasi, Informatika dan Statistik",
        (("S.Kom", "S.T.", "S.I.Kom"), ("M.Kom", "M.T", "M.Si")),
        (
            ("Bidang Informasi dan Komunikasi Publik", "Informasi Publik", "Kemitraan Media"),
            ("Bidang Aplikasi Informatika", "Pengembangan Aplikasi", "Infrastruktur TIK"),
            ("Bidang Statistik dan Persandian", "Statistik Sektoral", "Persandian"),
        ),
        (
            PRANATA_KOMPUTER,
            _fung("Statistisi Ahli Pertama", "S.Stat"),
            _fung("Sandiman Ahli Pertama", "S.Kom"),
        ),
    ),
    _Opd(
        "2.01",
        "Badan Perencanaan Pembangunan Daerah",
        (("S.E.", "S.T.", "S.P."), ("M.Si", "M.T", "M.E.")),
        (
            ("Bidang Perencanaan dan Evaluasi", "Perencanaan", "Evaluasi"),
            ("Bidang Perekonomian dan Infrastruktur", "Perekonomian", "Infrastruktur"),
        ),
        (_fung("Perencana Ahli Pertama", "S.E."),),
        kepala=KEPALA_BADAN,
        sub="Subbidang",
    ),
    _Opd(
        "2.02",
        "Badan Pengelolaan Keuangan Daerah",
        (("S.E.", "S.Ak"), ("M.Si", "M.Ak")),
        (
            ("Bidang Anggaran", "Penyusunan Anggaran", "Pelaksanaan Anggaran"),
            ("Bidang Perbendaharaan", "Kas Daerah", "Gaji dan Tunjangan"),
        ),
        (_fung("Analis Keuangan Pusat dan Daerah Ahli Pertama", "S.E."),),
        kepala=KEPALA_BADAN,
        sub="Subbidang",
    ),
    _Opd(
        "2.03",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        (("S.Sos", "S.H.", "S.Psi"), ("M.AP", "M.Si")),
        (
            ("Bidang Informasi Kepegawaian", "Data dan Informasi Kepegawaian", "Mutasi"),
            ("Bidang Pengembangan SDM", "Pengembangan Kompetensi", "Penilaian Kinerja"),
        ),
        (ANALIS_SDM, _fung("Asesor SDM Aparatur Ahli Pertama", "S.Psi")),
        kepala=KEPALA_BADAN,
        sub="Subbidang",
    ),
    _Opd(
        "2.04",
        "Inspektorat",
        (("S.E.", "S.Ak", "S.H."), ("M.Ak", "M.Si")),
        tuple((irban,) for irban in IRBAN),
        kepala=("Inspektur", "II.b", 14),
    ),
    _Opd(
        "2.05",
        "Satuan Polisi Pamong Praja dan Wilayatul Hisbah",
        (("S.H.", "S.Sos"), ("M.H.", "M.Si")),
        (
            ("Bidang Penegakan Peraturan Daerah", "Penindakan", "Pembinaan dan Penyuluhan"),
            ("Bidang Penegakan Syariat Islam", "Pengawasan Syariat", "Operasi Wilayatul Hisbah"),
        ),
        (
            _fung("Polisi Pamong Praja Terampil", "A.Md", kelas=6),
            _fung("Polisi Wilayatul Hisbah Terampil", "A.Md", kelas=6),
        ),
        kepala=("Kepala Satuan", "II.b", 14),
    ),
    _Opd(
        "3.01",
        "Kecamatan Contoh Tengah",
        (("S.STP", "S.Sos", "S.IP"), ("M.Si", "M.AP")),
        (),
        uptd=KELURAHAN,
        seksi=("Pemerintahan", "Ketenteraman dan Ketertiban", "Pemberdayaan Masyarakat"),
        kepala=("Camat", "III.a", 12),
        sekretaris=("Sekretaris Kecamatan", "III.b", 11),
        jenis=U.KECAMATAN,
    ),
)

# Who logs in as what: the first holder of (OPD kode, unit nama, jabatan nama).
ROLES = (
    ("admin", _("Admin kepegawaian"), "2.03", "Subbidang Data dan Informasi Kepegawaian",
     ANALIS_SDM.nama),
    ("kepala", _("Kepala OPD"), "1.06", "Dinas Komunikasi, Informatika dan Statistik",
     "Kepala Dinas"),
    ("atasan", _("Atasan (kepala bidang)"), "1.06", "Bidang Aplikasi Informatika",
     "Kepala Bidang Aplikasi Informatika"),
    ("plt", _("Plt kepala bidang"), "1.06", "Seksi Statistik Sektoral",
     "Kepala Seksi Statistik Sektoral"),
    ("staf", _("Staf"), "1.06", "Seksi Pengembangan Aplikasi", PENGOLAH.nama),
    ("penilai", _("Tim penilai"), "2.04", "Inspektorat Pembantu Wilayah I", AUDITOR.nama),
    ("keuangan", _("Keuangan (bendahara)"), "2.02", "Subbagian Program dan Keuangan",
     BENDAHARA.nama),
    # Made the puskesmas's roster admin by the calendar step (kalender_demo).
    ("admin_roster", _("Admin roster puskesmas"), "1.02", PUSKESMAS.nama, PUSKESMAS.kepala.nama),
)  # fmt: skip
ROLE_GROUPS = {
    "admin": roles.ADMIN_KEPEGAWAIAN,
    "penilai": roles.TIM_PENILAI,
    "keuangan": roles.KEUANGAN,
}

MALE = (
    "Muhammad", "Ahmad", "Teuku Fadhil", "Teuku Reza", "Rizki", "Zulfikar", "Iskandar", "Mahdi",
    "Faisal", "Hendra", "Syahrul", "Irwan", "Mukhlis", "Azhari", "Fauzan", "Khairul", "Munawar",
    "Ridwan", "Safrizal", "Taufik", "Yusri", "Darmawan", "Nasrullah", "Ikhsan", "Rahmat",
    "Bukhari", "Hasbi", "Jamaluddin", "Murdani", "Saiful", "Zainal", "Husni", "Akmal", "Andika",
    "Firdaus", "Haris", "Maimun", "Arief",
)  # fmt: skip
MALE_FAMILY = (
    "Abdullah", "Ibrahim", "Hasan", "Yusuf", "Ismail", "Usman", "Daud", "Saputra", "Syahputra",
    "Maulana", "Ramadhan", "Hidayat", "Husaini", "Sulaiman", "Zakaria", "Amri", "Harun", "Ridha",
    "Akbar", "Firmansyah", "Mahmud", "Hamzah", "Anwar", "Kamal", "Nurdin", "Rasyid",
)  # fmt: skip
FEMALE = (
    "Nurul", "Siti", "Rahmah", "Fitri", "Yusnidar", "Nurhayati", "Rosmawati", "Ainul", "Dewi",
    "Intan", "Maulida", "Rina", "Safrida", "Zuraida", "Cut Rahmi", "Cut Intan", "Mutia",
    "Raudhatul", "Hayatun", "Khairunnisa", "Nadia", "Fauziah", "Syarifah", "Ulfa", "Yulia",
    "Rizka", "Hasnah", "Marliana", "Desi", "Wirda", "Juliana", "Mira",
)  # fmt: skip
FEMALE_FAMILY = (
    "Hidayati", "Rahmawati", "Fitriani", "Handayani", "Maulidar", "Safitri", "Agustina",
    "Novita", "Zahara", "Marlina", "Yanti", "Wardani", "Sari", "Putri", "Amalia", "Azizah",
    "Rahmi", "Husna", "Mardhiah", "Nabila", "Fadhilah", "Jannah",
)  # fmt: skip
