"""The demo kota's activity catalog, as its Anjab/ABK team would hand it over: about a hundred
activities of office staff, heads of units, functional staff, teachers and health workers, with
plausible standard minutes per unit. aktivitas.demo imports it through the catalog import.

Each row: (kode, nama, satuan, menit per satuan, kelompok, jenis jabatan, jabatan). Jenis is a
comma-separated list of position types (or "semua"); jabatan names positions, separated by
semicolons, with the unit's code in brackets where the name exists in several units.
"""

U, T = "utama", "tambahan"
SEMUA = "semua"
GURU = (
    "Guru Kelas Ahli Pertama; Guru Pendidikan Agama Islam Ahli Pertama; "
    "Guru Pendidikan Jasmani Ahli Pertama"
)
KEPSEK = "Kepala Sekolah"
DOKTER = "Dokter Ahli Pertama"
BIDAN = "Bidan Terampil"
PERAWAT = "Perawat Terampil; Perawat Ahli Pertama"
LAB = "Pranata Laboratorium Kesehatan Terampil"
APOTEKER = "Asisten Apoteker Terampil"
NAKES = f"{DOKTER}; {BIDAN}; {PERAWAT}; {LAB}; {APOTEKER}"
KAPUS = "Kepala UPTD Puskesmas"
AUDITOR = "; ".join(f"Auditor Ahli Pertama [{kode}]" for kode in ("2.04.02", "2.04.03", "2.04.04"))
PRAKOM = "Pranata Komputer Ahli Pertama [1.06.03.01]; Pranata Komputer Ahli Pertama [2.03.02.01]"

KATALOG = [
    # Everyone: the common tasks of a civil servant's day.
    ("UM-001", "Mengikuti apel pagi", "kegiatan", 30, T, SEMUA, ""),
    ("UM-002", "Mengikuti rapat koordinasi", "kegiatan", 60, T, SEMUA, ""),
    ("UM-003", "Mengikuti rapat internal unit kerja", "kegiatan", 45, U, SEMUA, ""),
    ("UM-004", "Menyusun laporan kinerja bulanan", "laporan", 90, U, SEMUA, ""),
    ("UM-005", "Mengikuti bimbingan teknis atau sosialisasi", "kegiatan", 120, T, SEMUA, ""),
    ("UM-006", "Menyusun rencana kerja mingguan", "dokumen", 30, U, SEMUA, ""),
    ("UM-007", "Menyusun notulen rapat", "notulen", 30, U, SEMUA, ""),
    ("UM-008", "Mengikuti upacara hari besar nasional", "kegiatan", 60, T, SEMUA, ""),
    ("UM-009", "Melaksanakan tugas kedinasan lain dari pimpinan", "kegiatan", 60, T, SEMUA, ""),
    ("UM-010", "Mengikuti pengajian rutin pegawai", "kegiatan", 60, T, SEMUA, ""),
    ("UM-011", "Menjadi narasumber kegiatan", "kegiatan", 120, T, "struktural, fungsional", ""),
    ("UM-012", "Mengikuti diklat atau pelatihan", "hari", 300, T, SEMUA, ""),
    # Pelaksana: letters, archives, data, service, finance.
    ("PL-001", "Mengagendakan surat masuk", "surat", 5, U, "pelaksana", ""),
    ("PL-002", "Mengagendakan dan mengirim surat keluar", "surat", 10, U, "pelaksana", ""),
    ("PL-003", "Mengetik konsep surat dinas", "surat", 20, U, "pelaksana", ""),
    ("PL-004", "Mengarsipkan dokumen", "berkas", 10, U, "pelaksana", ""),
    ("PL-005", "Menginput data ke aplikasi", "data", 3, U, "pelaksana", ""),
    ("PL-006", "Memverifikasi kelengkapan berkas", "berkas", 15, U, "pelaksana", ""),
    ("PL-007", "Menyiapkan bahan dan ruang rapat", "kegiatan", 45, U, "pelaksana", ""),
    ("PL-008", "Melayani tamu dan pengaduan masyarakat", "orang", 15, U, "pelaksana", ""),
    ("PL-009", "Menggandakan dan menjilid dokumen", "dokumen", 15, U, "pelaksana", ""),
    ("PL-010", "Mendistribusikan surat dan dokumen", "surat", 5, U, "pelaksana", ""),
    ("PL-011", "Merekap daftar hadir pegawai", "laporan", 30, U, "pelaksana", ""),
    ("PL-012", "Menginventarisasi barang milik daerah", "barang", 10, U, "pelaksana", ""),
    ("PL-013", "Mengelola persediaan alat tulis kantor", "laporan", 45, U, "pelaksana", ""),
    ("PL-014", "Menyiapkan bahan laporan pimpinan", "dokumen", 60, U, "pelaksana", ""),
    ("PL-015", "Memutakhirkan data kepegawaian", "data", 10, U, "pelaksana", ""),
    ("PL-016", "Mengolah data dengan komputer", "dokumen", 30, U, "pelaksana", ""),
    ("PL-017", "Melayani permohonan informasi publik", "permohonan", 20, U, "pelaksana", ""),
    (
        "PL-018",
        "Mengelola laman web dan media sosial instansi",
        "unggahan",
        30,
        U,
        "pelaksana",
        "",
    ),  # fmt: skip
    (
        "PL-019",
        "Menyusun surat pertanggungjawaban (SPJ) kegiatan",
        "SPJ",
        60,
        U,
        "pelaksana",
        "",
    ),  # fmt: skip
    ("PL-020", "Memverifikasi dokumen SPJ", "berkas", 30, U, "pelaksana", ""),
    ("PL-021", "Mencatat transaksi ke buku kas umum", "transaksi", 10, U, "pelaksana", ""),
    ("PL-022", "Menyiapkan dokumen pencairan SPP dan SPM", "dokumen", 45, U, "pelaksana", ""),
    ("PL-023", "Menyusun laporan realisasi anggaran", "laporan", 120, U, "pelaksana", ""),
    ("PL-024", "Menata arsip inaktif", "boks", 30, U, "pelaksana", ""),
    ("PL-025", "Menerima dan memeriksa barang", "berita acara", 30, U, "pelaksana", ""),
    ("PL-026", "Menyiapkan perjalanan dinas", "berkas", 30, U, "pelaksana", ""),
    # Heads of units.
    ("ST-001", "Memimpin rapat staf", "kegiatan", 60, U, "struktural", ""),
    ("ST-002", "Menyusun rencana kegiatan dan anggaran", "dokumen", 240, U, "struktural", ""),
    ("ST-003", "Memberi disposisi surat", "surat", 5, U, "struktural", ""),
    ("ST-004", "Memeriksa dan memaraf konsep surat", "surat", 10, U, "struktural", ""),
    ("ST-005", "Membina dan mengarahkan bawahan", "kegiatan", 30, U, "struktural", ""),
    ("ST-006", "Memeriksa entri aktivitas bawahan", "pegawai", 5, U, "struktural", ""),
    ("ST-007", "Mengevaluasi pelaksanaan program", "laporan", 120, U, "struktural", ""),
    ("ST-008", "Menandatangani dokumen dinas", "dokumen", 5, U, "struktural", ""),
    ("ST-009", "Berkoordinasi dengan instansi lain", "kegiatan", 90, U, "struktural", ""),
    ("ST-010", "Memantau pelaksanaan kegiatan di lapangan", "lokasi", 120, U, "struktural", ""),
    ("ST-011", "Menyusun telaahan staf", "dokumen", 120, U, "struktural", ""),
    ("ST-012", "Menilai kinerja bawahan", "pegawai", 30, U, "struktural", ""),
    ("ST-013", "Mewakili pimpinan dalam acara resmi", "kegiatan", 120, T, "struktural", ""),
    # Functional staff, whatever their profession.
    ("FG-001", "Menyusun rencana kerja jabatan fungsional", "dokumen", 60, U, "fungsional", ""),
    ("FG-002", "Menyusun laporan pelaksanaan tugas jabatan", "laporan", 90, U, "fungsional", ""),
    (
        "FG-003",
        "Menyusun dan mengajukan usulan angka kredit",
        "berkas",
        120,
        U,
        "fungsional",
        "",
    ),  # fmt: skip
    ("FG-004", "Menyusun kajian sesuai bidang keahlian", "kajian", 240, U, "fungsional", ""),
    ("FG-005", "Memberikan konsultasi teknis", "orang", 30, U, "fungsional", ""),
    (
        "FG-006",
        "Mengumpulkan dan mengolah data bidang tugas",
        "set data",
        60,
        U,
        "fungsional",
        "",
    ),  # fmt: skip
    ("FG-007", "Menyusun bahan kebijakan teknis", "dokumen", 180, U, "fungsional", ""),
    # Some professions by name.
    ("AU-001", "Melaksanakan audit kinerja", "kertas kerja", 240, U, "", AUDITOR),
    ("AU-002", "Melaksanakan reviu laporan keuangan", "laporan", 180, U, "", AUDITOR),
    ("TI-001", "Mengembangkan modul aplikasi", "modul", 240, U, "", PRAKOM),
    ("TI-002", "Memelihara jaringan dan server", "perangkat", 60, U, "", PRAKOM),
    ("TI-003", "Melayani gangguan perangkat komputer", "laporan gangguan", 30, U, "", PRAKOM),
    # Teachers: a lesson hour (JP) of primary school is 35 minutes.
    ("GR-001", "Melaksanakan pembelajaran tatap muka", "JP", 35, U, "", GURU),
    ("GR-002", "Menyusun modul ajar", "modul", 60, U, "", GURU),
    ("GR-003", "Menyusun soal ulangan", "paket soal", 120, U, "", GURU),
    ("GR-004", "Mengoreksi lembar jawaban ulangan", "lembar", 3, U, "", GURU),
    ("GR-005", "Mengoreksi tugas siswa", "lembar", 2, U, "", GURU),
    ("GR-006", "Mengolah nilai dan mengisi rapor", "siswa", 10, U, "", GURU),
    ("GR-007", "Melaksanakan piket sekolah", "kegiatan", 60, T, "", f"{GURU}; {KEPSEK}"),
    ("GR-008", "Melaksanakan remedial dan pengayaan", "JP", 35, U, "", GURU),
    ("GR-009", "Membimbing kegiatan ekstrakurikuler", "kegiatan", 90, T, "", GURU),
    ("GR-010", "Membimbing dan menyuluh siswa", "siswa", 20, U, "", GURU),
    ("GR-011", "Menyiapkan media pembelajaran", "media", 45, U, "", GURU),
    ("GR-012", "Mengikuti kelompok kerja guru (KKG)", "kegiatan", 120, T, "", GURU),
    ("GR-013", "Mengisi jurnal kelas dan presensi siswa", "kelas", 10, U, "", GURU),
    ("GR-014", "Berkomunikasi dengan orang tua siswa", "orang", 15, T, "", GURU),
    ("GR-015", "Mengawasi ujian sekolah", "sesi", 60, T, "", GURU),
    ("GR-016", "Melakukan supervisi akademik guru", "guru", 60, U, "", KEPSEK),
    ("GR-017", "Menyusun rencana kegiatan dan anggaran sekolah", "dokumen", 240, U, "", KEPSEK),
    # Health workers in the puskesmas.
    ("KS-001", "Memeriksa pasien rawat jalan", "pasien", 10, U, "", DOKTER),
    ("KS-002", "Melakukan pengkajian keperawatan", "pasien", 15, U, "", PERAWAT),
    ("KS-003", "Melakukan tindakan keperawatan", "tindakan", 20, U, "", PERAWAT),
    ("KS-004", "Memberikan imunisasi", "anak", 10, U, "", f"{BIDAN}; {PERAWAT}"),
    ("KS-005", "Melaksanakan posyandu", "kegiatan", 180, U, "", f"{BIDAN}; {PERAWAT}"),
    ("KS-006", "Melakukan pemeriksaan kehamilan", "ibu hamil", 20, U, "", BIDAN),
    ("KS-007", "Menolong persalinan normal", "persalinan", 240, U, "", BIDAN),
    ("KS-008", "Memberikan pelayanan KB", "akseptor", 15, U, "", BIDAN),
    ("KS-009", "Membuat visum et repertum", "visum", 60, U, "", DOKTER),
    ("KS-010", "Mengisi rekam medis", "berkas", 5, U, "", f"{DOKTER}; {BIDAN}; {PERAWAT}"),
    ("KS-011", "Melakukan pemeriksaan laboratorium sederhana", "sampel", 15, U, "", LAB),
    ("KS-012", "Menyiapkan dan menyerahkan obat", "resep", 5, U, "", APOTEKER),
    (
        "KS-013",
        "Mengelola stok obat dan bahan medis habis pakai",
        "laporan",
        60,
        U,
        "",
        APOTEKER,
    ),  # fmt: skip
    ("KS-014", "Memberikan penyuluhan kesehatan", "kegiatan", 60, U, "", NAKES),
    ("KS-015", "Melakukan kunjungan rumah", "keluarga", 45, U, "", f"{BIDAN}; {PERAWAT}"),
    ("KS-016", "Melaksanakan serah terima jaga", "kegiatan", 15, U, "", f"{BIDAN}; {PERAWAT}"),
    ("KS-017", "Menangani pasien gawat darurat", "pasien", 30, U, "", f"{DOKTER}; {PERAWAT}"),
    ("KS-018", "Membuat surat keterangan sehat", "surat", 10, U, "", DOKTER),
    ("KS-019", "Merujuk pasien ke rumah sakit", "pasien", 30, U, "", f"{DOKTER}; {BIDAN}"),
    ("KS-020", "Mensterilkan alat kesehatan", "paket", 30, U, "", f"{BIDAN}; {PERAWAT}"),
    ("KS-021", "Menyusun laporan harian pelayanan", "laporan", 30, U, "", NAKES),
    ("KS-022", "Memantau tumbuh kembang balita", "balita", 10, U, "", BIDAN),
    ("KS-023", "Melakukan skrining penyakit tidak menular", "orang", 10, U, "", PERAWAT),
    ("KS-024", "Menyusun rencana usulan kegiatan puskesmas", "dokumen", 240, U, "", KAPUS),
    ("KS-025", "Memimpin lokakarya mini puskesmas", "kegiatan", 120, U, "", KAPUS),
]
# Retired: still in the catalog for old entries, no longer offered.
BERAKHIR = {"PL-000": ("Mengetik dengan mesin tik", "halaman", 15, U, "pelaksana", "")}
BERAKHIR_SAMPAI = "31-12-2023"


def rows() -> list[dict]:
    """The catalog as the rows of a file, for aktivitas.katalog_impor."""
    out = [
        {
            "KODE": kode,
            "NAMA": nama,
            "SATUAN": satuan,
            "MENIT": menit,
            "KELOMPOK": kelompok,
            "JENIS JABATAN": jenis,
            "JABATAN": jabatan,
            "BERLAKU SAMPAI": "",
        }
        for kode, nama, satuan, menit, kelompok, jenis, jabatan in KATALOG
    ]
    out += [
        {
            "KODE": kode,
            "NAMA": nama,
            "SATUAN": satuan,
            "MENIT": menit,
            "KELOMPOK": kelompok,
            "JENIS JABATAN": jenis,
            "JABATAN": jabatan,
            "BERLAKU SAMPAI": BERAKHIR_SAMPAI,
        }
        for kode, (nama, satuan, menit, kelompok, jenis, jabatan) in BERAKHIR.items()
    ]
    return out
