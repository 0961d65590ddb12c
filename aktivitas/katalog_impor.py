"""The activity catalog from the job analysis (Anjab/ABK), imported from CSV or XLSX.

All or nothing, like the staff import: the whole file is checked first, every problem comes back
as (row, column, message) in Indonesian, and a clean file is written in one transaction with a
fixed number of queries plus one per batch.

- Activities are matched by KODE: a new code creates one, a known code is updated where the
  file differs. Identical rows write nothing, so a re-import of the same file changes nothing
  (and logs nothing: no decision was made). Codes missing from the file are left alone: ending
  an activity is BERLAKU SAMPAI, not an absent row.
- KODE, NAMA, SATUAN and MENIT (standard minutes per unit) are required. An optional column that
  is absent leaves its field alone; a present but empty cell clears it (KELOMPOK: utama).
- JENIS JABATAN lists the position types that may use the activity (struktural, fungsional,
  pelaksana; JFT and JFU are understood, SEMUA means all three), separated by commas.
- JABATAN names positions that may use it besides those types, separated by semicolons or line
  breaks (a comma inside a name such as "Kepala Dinas Komunikasi, Informatika dan Statistik"
  stays part of it). A name held by positions in several units is ambiguous: write the unit's
  code in brackets, "Perawat Terampil [1.02.04]".
- An activity nobody may use (no type, no position) is refused.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.importer import ImportErrors, RowError
from pegawai.importer_writes import chunks
from pegawai.models import Jabatan
from pegawai.services import log_action
from pegawai.simpeg import name_key

from .models import Aktivitas
from .tabel_impor import FileError, Kolom, cell_text, parse_date, parse_int, rows_below, split_list

KOLOM = Kolom(
    {
        "kode": ("KODE", "KODE AKTIVITAS", "KODE KEGIATAN"),
        "nama": ("NAMA", "NAMA AKTIVITAS", "AKTIVITAS", "NAMA KEGIATAN", "URAIAN KEGIATAN"),
        "satuan": ("SATUAN", "SATUAN HASIL", "SATUAN OUTPUT", "OUTPUT"),
        "menit": (
            "MENIT",
            "MENIT STANDAR",
            "WAKTU STANDAR",
            "WAKTU EFEKTIF",
            "NORMA WAKTU",
            "WAKTU (MENIT)",
        ),
        "kelompok": ("KELOMPOK", "KELOMPOK TUGAS", "JENIS TUGAS"),
        "jenis_jabatan": ("JENIS JABATAN", "UNTUK JENIS JABATAN"),
        "jabatan": ("JABATAN", "KHUSUS JABATAN", "NAMA JABATAN"),
        "aktif_mulai": ("BERLAKU MULAI", "MULAI BERLAKU", "AKTIF MULAI"),
        "aktif_selesai": ("BERLAKU SAMPAI", "BERLAKU HINGGA", "AKTIF SAMPAI", "AKTIF SELESAI"),
    },
    required=("kode", "nama", "satuan", "menit"),
    header=("kode", "nama"),
)
# The model's fields each column sets; jenis_jabatan sets the three untuk_* flags.
FIELDS = ("nama", "satuan", "menit_standar", "kelompok", "aktif_mulai", "aktif_selesai")
UNTUK = {jenis: f"untuk_{jenis}" for jenis in Jabatan.Jenis.values}
_MAX_LENGTH = {key: Aktivitas._meta.get_field(key).max_length for key in ("kode", "nama", "satuan")}
_KELOMPOK = {
    "UTAMA": Aktivitas.Kelompok.UTAMA,
    "TUGAS UTAMA": Aktivitas.Kelompok.UTAMA,
    "TAMBAHAN": Aktivitas.Kelompok.TAMBAHAN,
    "TUGAS TAMBAHAN": Aktivitas.Kelompok.TAMBAHAN,
}
_JENIS = {
    "STRUKTURAL": ("struktural",),
    "FUNGSIONAL": ("fungsional",),
    "FUNGSIONAL TERTENTU": ("fungsional",),
    "JFT": ("fungsional",),
    "PELAKSANA": ("pelaksana",),
    "FUNGSIONAL UMUM": ("pelaksana",),
    "JFU": ("pelaksana",),
    "SEMUA": tuple(Jabatan.Jenis.values),
}
BATCH_SIZE = 500


@dataclass(frozen=True)
class HasilImporKatalog:
    dibuat: int
    diubah: int
    tetap: int


@dataclass(eq=False)
class _Baris:
    row: int
    kode: str = ""
    valid: bool = True
    values: dict = field(default_factory=dict)  # model fields the file gives
    jabatan: set[int] | None = None  # None: the column is absent


def import_katalog(
    source, *, by, filename: str = "", encoding: str | None = None, now=None
) -> HasilImporKatalog:
    """Check a catalog file (or rows handed over as dicts) completely, then write all or nothing."""
    now = now or timezone.now()
    try:
        table = KOLOM.table(source, filename=filename, encoding=encoding)
    except FileError as exc:
        raise ImportErrors([RowError(0, "", str(exc))]) from None
    impor = _Impor(table)
    impor.check()
    if impor.errors:
        raise ImportErrors(impor.sorted_errors())
    if not impor.created and not impor.changed:
        return HasilImporKatalog(dibuat=0, diubah=0, tetap=impor.unchanged)
    try:
        with transaction.atomic():
            impor.write()
            result = HasilImporKatalog(
                dibuat=len(impor.created), diubah=len(impor.changed), tetap=impor.unchanged
            )
            log_action(
                "aktivitas.katalog_impor",
                by=by,
                now=now,
                data={
                    "filename": filename,
                    "dibuat": result.dibuat,
                    "diubah": result.diubah,
                    "tetap": result.tetap,
                    "kode_dibuat": [b.kode for b in impor.created],
                    # What changed, from and to, per code: the admin's log says which fields.
                    "perubahan": {b.kode: _diff(b, stored) for b, stored in impor.changed},
                },
            )
    except IntegrityError:
        # Someone added the same code in the admin between our check and our write.
        raise ImportErrors(
            [
                RowError(
                    0,
                    "",
                    _("Katalog berubah selama impor berlangsung; tidak ada yang disimpan. Ulangi."),
                )
            ]
        ) from None
    return result


class _Impor:
    """One file on its way in: parsed, checked against the database, then written at once."""

    def __init__(self, table: list[list]):
        self.table = table
        self.errors: list[tuple[int, int, RowError]] = []
        self.position: dict[str, int] = {}
        self.label: dict[str, str] = {}
        self.rows: list[_Baris] = []
        self.stored: dict[str, dict] = {}
        self.created: list[_Baris] = []
        self.changed: list[tuple[_Baris, dict]] = []
        self.unchanged = 0
        self.through_pk: dict[tuple[int, int], int] = {}  # (aktivitas, jabatan) -> link row
        self._jabatan_by_name: dict[str, list[tuple[int, str]]] | None = None

    def fail(self, baris: _Baris | None, key: str, message: str, *, row: int = 0) -> None:
        if baris is not None:
            baris.valid = False
            row = baris.row
        column = self.label.get(key, KOLOM.name(key) if key else "")
        order = self.position.get(key, len(KOLOM.aliases))
        self.errors.append((row, order, RowError(row, column, message)))

    def sorted_errors(self) -> list[RowError]:
        return [e for _r, _o, e in sorted(self.errors, key=lambda t: (t[0], t[1]))]

    def check(self) -> None:
        header = KOLOM.find_header(self.table)
        if header is None:
            self.fail(
                None,
                "",
                _(
                    "Baris header tidak ditemukan: tidak ada baris yang memuat kolom KODE dan "
                    "NAMA. Kolom wajib: %(kolom)s."
                )
                % {"kolom": ", ".join(KOLOM.name(k) for k in KOLOM.required)},
            )
            return
        self.position, self.label, problems = KOLOM.map_header(self.table[header])
        for message in problems:
            self.fail(None, "", message, row=header + 1)
        if problems:
            return
        for row, cells in rows_below(self.table, header, self.position):
            self.rows.append(self._parse(_Baris(row=row), cells))
        if not self.rows:
            self.fail(None, "", _("Berkas tidak berisi aktivitas di bawah baris header."))
            return
        seen: dict[str, _Baris] = {}
        for baris in self.rows:
            if not baris.kode:
                continue
            first = seen.setdefault(baris.kode, baris)
            if first is not baris:
                self.fail(
                    baris,
                    "kode",
                    _("Kode %(kode)s sudah dipakai di baris %(baris)d")
                    % {"kode": baris.kode, "baris": first.row},
                )
        self._plan()

    # One row

    def _parse(self, baris: _Baris, cells: dict) -> _Baris:
        text = {k: cell_text(v) for k, v in cells.items()}
        for key in KOLOM.required:
            if not text[key]:
                self.fail(baris, key, _("%(kolom)s wajib diisi") % {"kolom": self.label[key]})
        for key, limit in _MAX_LENGTH.items():
            if len(text[key]) > limit:
                self.fail(
                    baris,
                    key,
                    _("%(kolom)s paling panjang %(n)d karakter")
                    % {"kolom": self.label[key], "n": limit},
                )
        baris.kode = text["kode"]
        values = baris.values
        values["nama"], values["satuan"] = text["nama"], text["satuan"]
        try:
            menit = parse_int(cells["menit"])
        except ValueError:
            menit = -1
        if text["menit"] and (menit is None or not 1 <= menit < 2**31):
            self.fail(
                baris,
                "menit",
                _("%(kolom)s harus bilangan bulat menit per satuan, paling sedikit 1; bukan %(v)s")
                % {"kolom": self.label["menit"], "v": text["menit"]},
            )
        values["menit_standar"] = menit
        if "kelompok" in cells:
            kelompok = _KELOMPOK.get(text["kelompok"].upper(), None)
            if not text["kelompok"]:
                kelompok = Aktivitas.Kelompok.UTAMA
            if kelompok is None:
                self.fail(
                    baris,
                    "kelompok",
                    _("Kelompok %(v)s tidak dikenal; tulis utama atau tambahan")
                    % {"v": text["kelompok"]},
                )
            values["kelompok"] = kelompok
        if "jenis_jabatan" in cells:
            jenis: set[str] = set()
            for part in split_list(text["jenis_jabatan"], ",;/"):
                found = _JENIS.get(part.upper())
                if found is None:
                    self.fail(
                        baris,
                        "jenis_jabatan",
                        _(
                            "Jenis jabatan %(v)s tidak dikenal; tulis struktural, fungsional, "
                            "pelaksana (dipisah koma) atau semua"
                        )
                        % {"v": part},
                    )
                else:
                    jenis.update(found)
            values.update({f: j in jenis for j, f in UNTUK.items()})
        if "jabatan" in cells:
            # The raw cell: line breaks separate names, and cell_text would fold them.
            raw = cells["jabatan"]
            baris.jabatan = self._jabatan(baris, "" if raw is None else str(raw))
        for key in ("aktif_mulai", "aktif_selesai"):
            if key in cells:
                try:
                    values[key] = parse_date(cells[key])
                except ValueError:
                    self.fail(
                        baris,
                        key,
                        _("Tanggal %(v)s tidak dikenali; tulis dd-mm-yyyy atau yyyy-mm-dd")
                        % {"v": text[key]},
                    )
        return baris

    def _jabatan(self, baris: _Baris, text: str) -> set[int]:
        """Position ids named in a JABATAN cell."""
        ids: set[int] = set()
        for part in split_list(text, ";\n|"):
            found = self._find_jabatan(part)
            if found is None and "," in part:
                # "Guru Kelas, Guru Agama": commas between names, not inside one
                pieces = [self._find_jabatan(p) for p in split_list(part, ",")]
                if all(p is not None for p in pieces):
                    found = [i for p in pieces for i in p]
            if found is None:
                found = self._fail_jabatan(baris, part)
            ids.update(found)
        return ids

    def _index(self) -> dict[str, list[tuple[int, str]]]:
        if self._jabatan_by_name is None:  # one query, only for files that name positions
            self._jabatan_by_name = {}
            for pk, nama, kode in Jabatan.objects.values_list("pk", "nama", "unit__kode"):
                self._jabatan_by_name.setdefault(name_key(nama), []).append((pk, kode))
        return self._jabatan_by_name

    def _find_jabatan(self, part: str) -> list[int] | None:
        """The position a name (or "name [unit code]") means, if exactly one."""
        nama, kode = part, None
        if part.endswith("]") and "[" in part:
            nama, _sep, kode = part[:-1].rpartition("[")
            nama, kode = nama.strip(), kode.strip()
        found = self._index().get(name_key(nama), [])
        if kode is not None:
            found = [f for f in found if f[1] == kode]
        return [found[0][0]] if len(found) == 1 else None

    def _fail_jabatan(self, baris: _Baris, part: str) -> list[int]:
        nama = part[:-1].rpartition("[")[0].strip() if part.endswith("]") else part
        found = self._index().get(name_key(nama), [])
        if len(found) > 1 and nama == part:
            units = ", ".join(sorted(kode for _pk, kode in found))
            message = _(
                "Jabatan %(jab)s ada di beberapa unit kerja (kode %(units)s); tulis kode unitnya "
                "dalam kurung siku, mis. %(jab)s [%(contoh)s]"
            ) % {"jab": nama, "units": units, "contoh": min(kode for _pk, kode in found)}
        elif found:
            message = _("Jabatan %(jab)s tidak ada di unit kerja berkode itu") % {"jab": part}
        else:
            message = _("Jabatan %(jab)s tidak ditemukan") % {"jab": part}
        self.fail(baris, "jabatan", message)
        return []

    # Against the database

    def _plan(self) -> None:
        rows = [b for b in self.rows if b.valid]
        kodes = [b.kode for b in rows]
        through = Aktivitas.jabatan.through
        for chunk in chunks(kodes):
            for values in Aktivitas.objects.filter(kode__in=chunk).values(
                "id", "kode", *FIELDS, *UNTUK.values()
            ):
                values["jabatan"] = set()
                self.stored[values["kode"]] = values
        by_id = {s["id"]: s for s in self.stored.values()}
        for chunk in chunks(list(by_id)):
            for pk, aktivitas_id, jabatan_id in through.objects.filter(
                aktivitas_id__in=chunk
            ).values_list("pk", "aktivitas_id", "jabatan_id"):
                by_id[aktivitas_id]["jabatan"].add(jabatan_id)
                self.through_pk[aktivitas_id, jabatan_id] = pk
        for baris in rows:
            stored = self.stored.get(baris.kode)
            if stored is None:
                desired = _new_defaults() | baris.values
                jabatan = baris.jabatan or set()
            else:
                desired = {f: stored[f] for f in (*FIELDS, *UNTUK.values())} | baris.values
                jabatan = stored["jabatan"] if baris.jabatan is None else baris.jabatan
            mulai, selesai = desired["aktif_mulai"], desired["aktif_selesai"]
            if mulai and selesai and selesai < mulai:
                self.fail(
                    baris,
                    "aktif_selesai" if "aktif_selesai" in self.position else "aktif_mulai",
                    _("Berlaku sampai %(s)s sebelum berlaku mulai %(m)s")
                    % {"s": f"{selesai:%d-%m-%Y}", "m": f"{mulai:%d-%m-%Y}"},
                )
                continue
            if not jabatan and not any(desired[f] for f in UNTUK.values()):
                self.fail(
                    baris,
                    "jenis_jabatan" if "jenis_jabatan" in self.position else "jabatan",
                    _(
                        "Aktivitas %(kode)s tidak dapat dipakai siapa pun: isi JENIS JABATAN "
                        "atau JABATAN"
                    )
                    % {"kode": baris.kode},
                )
                continue
            baris.values, baris.jabatan = desired, jabatan
            if stored is None:
                self.created.append(baris)
            elif any(desired[f] != stored[f] for f in desired) or jabatan != stored["jabatan"]:
                self.changed.append((baris, stored))
            else:
                self.unchanged += 1

    # Writing

    def write(self) -> None:
        """A fixed number of queries plus one per batch. QuerySet.bulk_update rather than
        pegawai's UPDATE … FROM VALUES helper: that one is PostgreSQL's alone, and the upload
        screen runs on SQLite too (`make run`); a catalog is a few thousand rows at most."""
        new = Aktivitas.objects.bulk_create(
            [Aktivitas(kode=b.kode, **b.values) for b in self.created], batch_size=BATCH_SIZE
        )
        changed = [Aktivitas(pk=stored["id"], **b.values) for b, stored in self.changed]
        Aktivitas.objects.bulk_update(changed, [*FIELDS, *UNTUK.values()], batch_size=BATCH_SIZE)
        through = Aktivitas.jabatan.through
        removed, added = [], []
        for b, obj in zip(self.created, new, strict=True):
            added += [(obj.pk, j) for j in b.jabatan]
        for b, stored in self.changed:
            gone = stored["jabatan"] - b.jabatan
            removed += [self.through_pk[stored["id"], j] for j in gone]
            added += [(stored["id"], j) for j in b.jabatan - stored["jabatan"]]
        for chunk in chunks(removed, BATCH_SIZE):
            through.objects.filter(pk__in=chunk).delete()
        through.objects.bulk_create(
            [through(aktivitas_id=a, jabatan_id=j) for a, j in added], batch_size=BATCH_SIZE
        )


def _diff(baris: _Baris, stored: dict) -> dict:
    def plain(value):
        if isinstance(value, set):
            return sorted(value)
        return value.isoformat() if hasattr(value, "isoformat") else value

    changes = {f: [plain(stored[f]), plain(v)] for f, v in baris.values.items() if v != stored[f]}
    if baris.jabatan != stored["jabatan"]:
        changes["jabatan"] = [plain(stored["jabatan"]), plain(baris.jabatan)]
    return changes


def _new_defaults() -> dict:
    return {
        "kelompok": Aktivitas.Kelompok.UTAMA,
        "aktif_mulai": None,
        "aktif_selesai": None,
        **dict.fromkeys(UNTUK.values(), False),
    }
