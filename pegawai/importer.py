"""Staff import from SIMPEG exports (CSV or XLSX): all-or-nothing, with row/column errors.

The whole file is read and checked before anything is written. One bad row and nothing is
saved; every problem comes back as (row, column, message) in Indonesian. A clean file is written
in one transaction with set-based queries: a fixed number per file plus one per batch of
BATCH_SIZE rows, never one per row.

What a file decides, and what it leaves alone:

- Staff are matched by NIP. A new NIP creates the Pegawai, a login (username = NIP, without a
  usable password: the admin sets passwords) and a definitive Penugasan from TMT (default: the
  import date). A known NIP is updated where the file differs; a different JABATAN ends the
  current definitive Penugasan the day before TMT (default: the import date) and opens a new
  one, under the rules of services.assign_jabatan. TMT does not change aktif_mulai of someone
  already known. Identical rows write nothing, so a re-import changes nothing.
- An optional column that is absent leaves its field alone; a present but empty cell clears it.
  Staff missing from the file are not touched: ending someone's service is not an import.
- Units are matched by KODE UNIT, else by name under UNIT INDUK (or KODE UNIT INDUK), else by a
  name that is unique; an unknown unit is created (kode IMP-0001, ...). Existing units are never
  renamed or moved.
- Positions are matched by name within their unit, or created: kelas DEFAULT_KELAS when KELAS is
  empty (the lowest class, so a forgotten class never overpays; the admin corrects it on the
  position) and jenis pelaksana when JENIS JABATAN is empty. KELAS, JENIS JABATAN, ESELON and
  ATASAN JABATAN, where given, are applied to existing positions too.

The file is read and its cells parsed by simpeg.py, which knows no database; this module checks
them against the database and plans the changes, and importer_writes.py writes the plan.
"""

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import KepegawaianError
from .importer_writes import PEGAWAI_FIELDS, chunks, write_plan
from .models import Golongan, Jabatan, Pegawai, Penugasan, UnitKerja, User
from .nip import PPPK, NipError, clean_nip, parse_nip
from .services import log_action
from .simpeg import (
    COLUMNS,
    REQUIRED,
    FileError,
    cell_text,
    column_key,
    find_header,
    golongan_key,
    identifier,
    name_key,
    nip_text,
    parse_date,
    parse_jenis_asn,
    read_table,
)

logger = logging.getLogger(__name__)
DEFAULT_KELAS = 1


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line number in the file as a person sees it in a spreadsheet; 0: the file
    column: str  # the column header as written in the file
    message: str  # Indonesian, for the person who fixes the file


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    units_created: int = 0
    jabatan_created: int = 0


class ImportErrors(KepegawaianError):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} kesalahan dalam berkas impor")


def import_pegawai(
    fileobj, *, filename: str, by, encoding: str | None = None, today: date | None = None
) -> ImportResult:
    """Check a SIMPEG export completely, then write all of it or nothing."""
    today = today or timezone.localdate()
    try:
        table = read_table(fileobj.read(), filename=filename, encoding=encoding)
    except FileError as exc:
        raise ImportErrors([RowError(0, "", str(exc))]) from None
    impor = _Impor(table, today=today)
    impor.check()
    if impor.errors:
        raise ImportErrors(impor.sorted_errors())
    try:
        with transaction.atomic():
            result = impor.write(by=by)
            log_action(
                "pegawai.import",
                by=by,
                data={
                    "filename": filename,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "units_created": result.units_created,
                    "jabatan_created": result.jabatan_created,
                },
            )
    except IntegrityError:
        # Someone changed the same staff or positions between our check and our write.
        logger.warning("Impor %s bentrok dengan perubahan lain", filename, exc_info=True)
        raise ImportErrors(
            [
                RowError(
                    0,
                    "",
                    _(
                        "Data berubah selama impor berlangsung; tidak ada yang disimpan. Ulangi impor."
                    ),
                )
            ]
        ) from None
    return result


# Checking ---------------------------------------------------------------------------------------

# Cell spellings to the model's choices; they stay here rather than in simpeg.py because the
# choices are the model's.
_GOLONGAN = {g.upper(): g for g in Golongan.values}
_GOLONGAN_PNS = frozenset(Golongan.for_pns())
_GOLONGAN_PPPK = frozenset(Golongan.for_pppk())
_JENIS_JABATAN = {
    "STRUKTURAL": Jabatan.Jenis.STRUKTURAL,
    "FUNGSIONAL": Jabatan.Jenis.FUNGSIONAL,
    "FUNGSIONAL TERTENTU": Jabatan.Jenis.FUNGSIONAL,
    "JFT": Jabatan.Jenis.FUNGSIONAL,
    "PELAKSANA": Jabatan.Jenis.PELAKSANA,
    "FUNGSIONAL UMUM": Jabatan.Jenis.PELAKSANA,
    "JFU": Jabatan.Jenis.PELAKSANA,
}
_ESELON = {e.replace(".", "").upper(): e for e in Jabatan.Eselon.values}


def _golongan(text: str) -> str | None:
    return _GOLONGAN.get(golongan_key(text))


@dataclass(eq=False)
class _Unit:
    nama: str
    kode: str
    induk: "_Unit | None"
    jenis: str = ""
    pk: int | None = None

    def lineage(self):
        """This unit and the ones above it; a loop in bad master data ends the walk."""
        seen = set()
        unit = self
        while unit is not None and unit not in seen:
            seen.add(unit)
            yield unit
            unit = unit.induk


@dataclass(eq=False)
class _Jabatan:
    nama: str
    unit: _Unit
    jenis: str = Jabatan.Jenis.PELAKSANA
    eselon: str = ""
    kelas: int = DEFAULT_KELAS
    atasan: "_Jabatan | None" = None
    pk: int | None = None
    stored: tuple | None = None  # (jenis, eselon, kelas, atasan) as in the database
    touched: bool = False  # named by some row of the file
    # What the file says about the position: attribute -> (value, the row that first said it).
    said: dict = field(default_factory=dict)

    def state(self) -> tuple:
        return (self.jenis, self.eselon, self.kelas, self.atasan)

    @property
    def new_ancestors(self) -> int:
        """How many positions above this one the import creates (cycles were refused)."""
        count, step = 0, self.atasan
        while step is not None and step.stored is None:
            count, step = count + 1, step.atasan
        return count


@dataclass(frozen=True)
class _UnitRef:
    nama: str
    kode: str
    induk_nama: str
    induk_kode: str


@dataclass(eq=False)
class _Baris:
    row: int
    cells: dict
    valid: bool = True
    nip: str = ""
    jenis_asn: str = ""
    tmt: date | None = None
    values: dict = field(default_factory=dict)  # Pegawai fields the file gives
    email: str | None = None
    pin: str | None = None
    unit_ref: _UnitRef | None = None
    unit: _Unit | None = None
    jabatan: _Jabatan | None = None


class _UnitError(Exception):
    def __init__(self, message: str, column: str, cycle: bool = False):
        super().__init__(message)
        self.column = column
        self.cycle = cycle


_JENIS_UNIT_BY_PREFIX = (  # how a created unit is classified from its name; the admin can change it
    (("bidang", "bagian", "sekretariat", "inspektur pembantu"), UnitKerja.Jenis.BIDANG),
    (("seksi", "subbagian", "sub bagian", "subbidang", "sub bidang"), UnitKerja.Jenis.SEKSI),
    (("uptd", "upt "), UnitKerja.Jenis.UPTD),
    (("puskesmas",), UnitKerja.Jenis.PUSKESMAS),
    (("sd ", "smp ", "tk ", "paud ", "sekolah"), UnitKerja.Jenis.SEKOLAH),
    (("kecamatan",), UnitKerja.Jenis.KECAMATAN),
    (("kelurahan", "gampong", "desa "), UnitKerja.Jenis.KELURAHAN),
)


def _jenis_unit(nama: str, induk: _Unit | None) -> str:
    lowered = name_key(nama) + " "
    for prefixes, jenis in _JENIS_UNIT_BY_PREFIX:
        if lowered.startswith(prefixes):
            return jenis
    if induk is None:
        return UnitKerja.Jenis.OPD
    return (
        UnitKerja.Jenis.SEKSI if induk.jenis == UnitKerja.Jenis.BIDANG else UnitKerja.Jenis.BIDANG
    )


_MAX_LENGTH = {  # jenis ASN and golongan are checked against their choices instead
    **{f: Pegawai._meta.get_field(f).max_length for f in PEGAWAI_FIELDS if f != "jenis_asn"},
    "jabatan": Jabatan._meta.get_field("nama").max_length,
    "atasan_jabatan": Jabatan._meta.get_field("nama").max_length,
    "unit": UnitKerja._meta.get_field("nama").max_length,
    "unit_induk": UnitKerja._meta.get_field("nama").max_length,
    "kode_unit": UnitKerja._meta.get_field("kode").max_length,
    "kode_unit_induk": UnitKerja._meta.get_field("kode").max_length,
    "email": User._meta.get_field("email").max_length,
}
del _MAX_LENGTH["golongan"]


class _Impor:
    """One file on its way in: checked against the database first, then written at once."""

    def __init__(self, table: list[list], *, today: date):
        self.table = table
        self.today = today
        self.errors: list[tuple[int, int, RowError]] = []
        self.label: dict[str, str] = {}  # column key -> header text as written
        self.position: dict[str, int] = {}  # column key -> index in the row
        self.rows: list[_Baris] = []
        # the organisation, as stored and as it will be
        self.unit_by_kode: dict[str, _Unit] = {}
        self.unit_by_name: dict[str, list[_Unit]] = defaultdict(list)
        self.unit_children: dict[tuple, list[_Unit]] = defaultdict(list)
        self.new_units: list[_Unit] = []
        self.jabatan_index: dict[tuple, list[_Jabatan]] = defaultdict(list)
        self.touched_jabatan: list[_Jabatan] = []
        self.new_jabatan: list[_Jabatan] = []
        # staff
        self.new_pegawai: list[_Baris] = []
        self.changed_pegawai: list[tuple[_Baris, dict, dict]] = []  # row, stored, desired
        self.moves: list[tuple[_Baris, dict]] = []
        self.unchanged = 0
        self.email_updates: dict[int, str] = {}
        self.reused_users: dict[str, int] = {}
        self.open_penugasan: dict[int, list[int]] = defaultdict(list)

    # errors

    def fail(self, baris: _Baris | None, key: str, message: str, *, row: int = 0) -> None:
        if baris is not None:
            baris.valid = False
            row = baris.row
        order = self.position.get(key, len(self.position))
        column = self.label.get(key, COLUMNS[key][0] if key in COLUMNS else "")
        self.errors.append((row, order, RowError(row, column, message)))

    def sorted_errors(self) -> list[RowError]:
        return [e for _row, _order, e in sorted(self.errors, key=lambda t: (t[0], t[1]))]

    # the whole check

    def check(self) -> None:
        header = find_header(self.table)
        if header is None:
            self.fail(
                None,
                "",
                _(
                    "Baris header tidak ditemukan: tidak ada baris yang memuat kolom NIP dan "
                    "NAMA. Kolom wajib: %(kolom)s."
                )
                % {"kolom": ", ".join(COLUMNS[k][0] for k in REQUIRED)},
            )
            return
        if not self._read_header(header):
            return
        for index in range(header + 1, len(self.table)):
            cells = self.table[index]
            values = {k: cells[i] if i < len(cells) else None for k, i in self.position.items()}
            if not any(cell_text(v) for v in values.values()):
                continue  # blank lines, and footers such as "Jumlah: 6" under NO
            self.rows.append(self._parse_row(_Baris(row=index + 1, cells=values)))
        if not self.rows:
            self.fail(None, "", _("Berkas tidak berisi data pegawai di bawah baris header."))
            return
        self._check_duplicates()
        self._plan_units()
        self._plan_jabatan()
        self._plan_pegawai()

    def _read_header(self, index: int) -> bool:
        row = index + 1
        for position, cell in enumerate(self.table[index]):
            key = column_key(cell)
            if key is None:
                continue  # NO, TEMPAT LAHIR and the like: not ours
            if key in self.position:
                self.fail(
                    None,
                    "",
                    _("Kolom %(a)s dan %(b)s berarti sama; hapus salah satu.")
                    % {"a": self.label[key], "b": cell_text(cell)},
                    row=row,
                )
                return False
            self.position[key] = position
            self.label[key] = cell_text(cell)
        missing = [COLUMNS[k][0] for k in REQUIRED if k not in self.position]
        if missing:
            self.fail(
                None,
                "",
                _("Kolom wajib tidak ada di baris header: %(kolom)s.")
                % {"kolom": ", ".join(missing)},
                row=row,
            )
            return False
        return True

    def _parse_row(self, baris: _Baris) -> _Baris:
        cells = baris.cells
        text = {k: cell_text(v) for k, v in cells.items()}
        for key in REQUIRED[1:]:
            if not text[key]:
                self.fail(baris, key, _("%(kolom)s wajib diisi") % {"kolom": self.label[key]})
        for key, limit in _MAX_LENGTH.items():
            if len(text.get(key, "")) > limit:
                self.fail(
                    baris,
                    key,
                    _("%(kolom)s terlalu panjang (paling banyak %(n)d huruf)")
                    % {"kolom": self.label[key], "n": limit},
                )

        jenis_asn = parse_jenis_asn(text["jenis_asn"])
        if text["jenis_asn"] and jenis_asn is None:
            self.fail(
                baris,
                "jenis_asn",
                _("Jenis ASN %(v)s tidak dikenal; isi PNS, CPNS, atau PPPK")
                % {"v": text["jenis_asn"]},
            )
        baris.jenis_asn = jenis_asn or ""
        try:
            baris.nip = parse_nip(nip_text(cells["nip"]), jenis_asn=jenis_asn).value
        except NipError as exc:
            self.fail(baris, "nip", str(exc))
            try:
                baris.nip = clean_nip(nip_text(cells["nip"]))
            except NipError:
                baris.nip = ""

        golongan = _golongan(text["golongan"])
        if text["golongan"] and golongan is None:
            self.fail(
                baris,
                "golongan",
                _("Golongan %(v)s tidak dikenal; tulis seperti III/b (PNS, CPNS) atau IX (PPPK)")
                % {"v": text["golongan"]},
            )
        elif golongan and jenis_asn == PPPK and golongan not in _GOLONGAN_PPPK:
            self.fail(
                baris,
                "golongan",
                _("Golongan %(v)s tidak berlaku untuk PPPK; golongan PPPK I sampai XVII")
                % {"v": golongan},
            )
        elif golongan and jenis_asn and jenis_asn != PPPK and golongan not in _GOLONGAN_PNS:
            self.fail(
                baris,
                "golongan",
                _(
                    "Golongan %(v)s tidak berlaku untuk %(jenis)s; golongan PNS dan CPNS I/a sampai IV/e"
                )
                % {"v": golongan, "jenis": jenis_asn},
            )

        values = {"nama": text["nama"], "jenis_asn": baris.jenis_asn, "golongan": golongan or ""}
        for key in ("gelar_depan", "gelar_belakang", "bank"):
            if key in text:
                values[key] = text[key]
        for key in ("pin_absen", "npwp", "nomor_rekening"):
            if key in cells:
                try:
                    values[key] = identifier(cells[key])
                except ValueError as exc:
                    self.fail(baris, key, str(exc))
        if "pin_absen" in values:
            baris.pin = values["pin_absen"] or None
            values["pin_absen"] = baris.pin
        baris.values = values

        if "email" in text:
            baris.email = text["email"]
            if baris.email:
                try:
                    validate_email(baris.email)
                except ValidationError:
                    self.fail(baris, "email", _("%(v)s bukan alamat email") % {"v": baris.email})
        if "tmt" in cells:
            try:
                baris.tmt = parse_date(cells["tmt"])
            except ValueError:
                self.fail(
                    baris,
                    "tmt",
                    _("%(v)s bukan tanggal; tulis dd-mm-yyyy atau yyyy-mm-dd") % {"v": text["tmt"]},
                )
        if text["unit"]:
            baris.unit_ref = _UnitRef(
                nama=text["unit"],
                kode=text.get("kode_unit", ""),
                induk_nama=text.get("unit_induk", ""),
                induk_kode=text.get("kode_unit_induk", ""),
            )
        return baris

    def _check_duplicates(self) -> None:
        first_nip: dict[str, int] = {}
        first_pin: dict[str, int] = {}
        for baris in self.rows:
            if baris.nip and baris.nip in first_nip:
                self.fail(
                    baris,
                    "nip",
                    _("NIP %(nip)s sudah ada di baris %(baris)d")
                    % {"nip": baris.nip, "baris": first_nip[baris.nip]},
                )
            first_nip.setdefault(baris.nip, baris.row)
            if baris.pin and baris.pin in first_pin:
                self.fail(
                    baris,
                    "pin_absen",
                    _("PIN absen %(pin)s sudah dipakai di baris %(baris)d")
                    % {"pin": baris.pin, "baris": first_pin[baris.pin]},
                )
            if baris.pin:
                first_pin.setdefault(baris.pin, baris.row)

    # units

    def _plan_units(self) -> None:
        by_pk: dict[int, _Unit] = {}
        parents: dict[int, int | None] = {}
        for pk, kode, nama, induk_id, jenis in UnitKerja.objects.values_list(
            "id", "kode", "nama", "induk_id", "jenis"
        ):
            by_pk[pk] = _Unit(nama=nama, kode=kode, induk=None, jenis=jenis, pk=pk)
            parents[pk] = induk_id
        for pk, unit in by_pk.items():
            unit.induk = by_pk.get(parents[pk])
            self._register_unit(unit)
        self.existing_units = by_pk
        taken = [int(k[4:]) for k in self.unit_by_kode if re.fullmatch(r"IMP-\d+", k)]
        self.next_kode = max(taken, default=0) + 1

        # Every unit the file declares (by kode, or by name under a parent), so that a unit named
        # as UNIT INDUK is found whichever row declares it first.
        self.declared: dict[str, list[_UnitRef]] = defaultdict(list)
        self.declared_kode: dict[str, tuple[_UnitRef, int]] = {}

        def signature(ref: _UnitRef) -> tuple:
            return (name_key(ref.nama), name_key(ref.induk_nama), ref.induk_kode)

        for baris in self.rows:
            ref = baris.unit_ref
            if ref is None:
                continue
            if ref.kode:
                first = self.declared_kode.get(ref.kode)
                if first and signature(first[0]) != signature(ref):
                    self.fail(
                        baris,
                        "kode_unit",
                        _(
                            "Kode unit %(kode)s sudah dipakai di baris %(baris)d untuk unit lain (%(nama)s)"
                        )
                        % {"kode": ref.kode, "baris": first[1], "nama": first[0].nama},
                    )
                    baris.unit_ref = None
                    continue
                self.declared_kode.setdefault(ref.kode, (ref, baris.row))
            if ref.kode or ref.induk_nama or ref.induk_kode:
                self.declared[name_key(ref.nama)].append(ref)
        self.resolved: dict[_UnitRef, _Unit] = {}
        self.resolving: set[_UnitRef] = set()
        for baris in self.rows:
            if baris.unit_ref is None:
                continue
            try:
                baris.unit = self._unit_for(baris.unit_ref)
            except _UnitError as exc:
                self.fail(baris, exc.column, str(exc))

    def _register_unit(self, unit: _Unit) -> None:
        self.unit_by_kode[unit.kode] = unit
        self.unit_by_name[name_key(unit.nama)].append(unit)
        self.unit_children[(unit.induk, name_key(unit.nama))].append(unit)

    def _add_unit(self, nama: str, *, kode: str = "", induk: _Unit | None) -> _Unit:
        while not kode or kode in self.unit_by_kode:
            kode = f"IMP-{self.next_kode:04d}"
            self.next_kode += 1
        unit = _Unit(nama=nama, kode=kode, induk=induk, jenis=_jenis_unit(nama, induk))
        self._register_unit(unit)
        self.new_units.append(unit)
        return unit

    def _unit_for(self, ref: _UnitRef) -> _Unit:
        if ref in self.resolved:
            return self.resolved[ref]
        if ref in self.resolving:
            raise _UnitError(
                _("Unit %(nama)s menjadi induk bagi dirinya sendiri (melingkar)")
                % {"nama": ref.nama},
                "unit_induk",
                cycle=True,
            )
        self.resolving.add(ref)
        try:
            unit = self._resolve_unit(ref)
        finally:
            self.resolving.discard(ref)
        self.resolved[ref] = unit
        return unit

    def _resolve_unit(self, ref: _UnitRef) -> _Unit:
        if ref.kode:
            unit = self.unit_by_kode.get(ref.kode)
            if unit is None:
                return self._add_unit(ref.nama, kode=ref.kode, induk=self._parent(ref))
            if name_key(unit.nama) != name_key(ref.nama):
                raise _UnitError(
                    _("Kode unit %(kode)s adalah milik %(nama)s, bukan %(lain)s")
                    % {"kode": ref.kode, "nama": unit.nama, "lain": ref.nama},
                    "kode_unit",
                )
            return unit
        if ref.induk_nama or ref.induk_kode:
            parent = self._parent(ref)
            found = self.unit_children.get((parent, name_key(ref.nama)), [])
            if len(found) > 1:
                raise _UnitError(
                    _("Ada %(n)d unit bernama %(nama)s di bawah %(induk)s; isi kolom KODE UNIT")
                    % {"n": len(found), "nama": ref.nama, "induk": parent.nama},
                    "unit",
                )
            return found[0] if found else self._add_unit(ref.nama, induk=parent)
        return self._unit_named(ref.nama, "unit")

    def _parent(self, ref: _UnitRef) -> _Unit | None:
        if ref.induk_kode:
            unit = self.unit_by_kode.get(ref.induk_kode)
            if unit is not None:
                return unit
            if ref.induk_kode in self.declared_kode:
                return self._unit_for(self.declared_kode[ref.induk_kode][0])
            raise _UnitError(
                _("Kode unit induk %(kode)s tidak ada di basis data maupun di berkas")
                % {"kode": ref.induk_kode},
                "kode_unit_induk",
            )
        if ref.induk_nama:
            return self._unit_named(ref.induk_nama, "unit_induk")
        return None

    def _unit_named(self, nama: str, column: str) -> _Unit:
        key = name_key(nama)
        for declared in self.declared.get(key, ()):
            try:
                self._unit_for(declared)
            except _UnitError as exc:
                if exc.cycle:
                    raise
                # Reported on the rows that declare it.
        found = self.unit_by_name.get(key, [])
        if len(found) > 1:
            raise _UnitError(
                _(
                    "Ada %(n)d unit bernama %(nama)s (%(kode)s); isi kolom KODE UNIT atau UNIT "
                    "INDUK untuk memilih"
                )
                % {"n": len(found), "nama": nama, "kode": ", ".join(sorted(u.kode for u in found))},
                column,
            )
        return found[0] if found else self._add_unit(nama, induk=None)

    # positions

    def _plan_jabatan(self) -> None:
        all_jabatan: dict[int, _Jabatan] = {}
        atasan_ids: dict[int, int | None] = {}
        for pk, unit_id, nama, jenis, eselon, kelas, atasan_id in Jabatan.objects.values_list(
            "id", "unit_id", "nama", "jenis", "eselon", "kelas", "atasan_id"
        ):
            unit = self.existing_units[unit_id]
            jab = _Jabatan(nama=nama, unit=unit, jenis=jenis, eselon=eselon, kelas=kelas, pk=pk)
            all_jabatan[pk] = jab
            atasan_ids[pk] = atasan_id
            self.jabatan_index[(unit, name_key(nama))].append(jab)
        for pk, jab in all_jabatan.items():
            jab.atasan = all_jabatan.get(atasan_ids[pk])
            jab.stored = jab.state()

        for baris in self.rows:
            unit = baris.unit
            nama = cell_text(baris.cells["jabatan"])
            if unit is None or not nama:
                continue
            found = self.jabatan_index.get((unit, name_key(nama)), [])
            if len(found) > 1:
                self.fail(
                    baris,
                    "jabatan",
                    _(
                        "Ada %(n)d jabatan bernama %(nama)s di %(unit)s; samakan dulu di layar jabatan"
                    )
                    % {"n": len(found), "nama": nama, "unit": unit.nama},
                )
                continue
            if found:
                jab = found[0]
            else:
                jab = _Jabatan(nama=nama, unit=unit)
                self.jabatan_index[(unit, name_key(nama))].append(jab)
                self.new_jabatan.append(jab)
            if not jab.touched:
                jab.touched = True
                self.touched_jabatan.append(jab)
            baris.jabatan = jab
            self._say_jabatan(baris, jab)

        for jab in self.touched_jabatan:
            self._settle_jabatan(jab)
        self._check_jabatan_cycles()

    def _say_jabatan(self, baris: _Baris, jab: _Jabatan) -> None:
        """Note what this row says about its position; rows that disagree are errors."""
        said = {}
        cells = baris.cells
        if cell_text(cells.get("kelas")):
            try:
                kelas = int(cell_text(cells["kelas"]))
                if not 1 <= kelas <= 17:
                    raise ValueError
                said["kelas"] = kelas
            except ValueError:
                self.fail(
                    baris,
                    "kelas",
                    _("Kelas jabatan harus angka 1 sampai 17, bukan %(v)s")
                    % {"v": cell_text(cells["kelas"])},
                )
        if cell_text(cells.get("jenis_jabatan")):
            jenis = _JENIS_JABATAN.get(cell_text(cells["jenis_jabatan"]).upper())
            if jenis is None:
                self.fail(
                    baris,
                    "jenis_jabatan",
                    _(
                        "Jenis jabatan %(v)s tidak dikenal; isi struktural, fungsional, atau pelaksana"
                    )
                    % {"v": cell_text(cells["jenis_jabatan"])},
                )
            else:
                said["jenis"] = jenis
        if cell_text(cells.get("eselon")):
            raw = cell_text(cells["eselon"])
            eselon = _ESELON.get(re.sub(r"[\s./-]", "", raw).upper())
            if eselon is None:
                self.fail(
                    baris,
                    "eselon",
                    _("Eselon %(v)s tidak dikenal; tulis I.a sampai IV.b") % {"v": raw},
                )
            else:
                said["eselon"] = eselon
        if cell_text(cells.get("atasan_jabatan")):
            said["atasan"] = cell_text(cells["atasan_jabatan"])
        columns = {
            "kelas": "kelas",
            "jenis": "jenis_jabatan",
            "eselon": "eselon",
            "atasan": "atasan_jabatan",
        }
        for attr, value in said.items():
            if attr not in jab.said:
                jab.said[attr] = (value, baris)
                continue
            first, first_baris = jab.said[attr]
            same = name_key(first) == name_key(value) if attr == "atasan" else first == value
            if not same:
                self.fail(
                    baris,
                    columns[attr],
                    _("Jabatan %(jab)s di %(unit)s sudah diberi %(v)s di baris %(baris)d")
                    % {
                        "jab": jab.nama,
                        "unit": jab.unit.nama,
                        "v": first,
                        "baris": first_baris.row,
                    },
                )

    def _settle_jabatan(self, jab: _Jabatan) -> None:
        """Apply what the file says to the position, checking the model's rules."""
        said = {attr: value for attr, (value, _b) in jab.said.items()}
        rows = {attr: baris for attr, (_v, baris) in jab.said.items()}
        if "kelas" in said:
            jab.kelas = said["kelas"]
        if "jenis" in said:
            jab.jenis = said["jenis"]
        if "eselon" in said:
            if jab.jenis != Jabatan.Jenis.STRUKTURAL:
                self.fail(
                    rows["eselon"],
                    "eselon",
                    _("Eselon hanya untuk jabatan struktural; %(jab)s adalah jabatan %(jenis)s")
                    % {"jab": jab.nama, "jenis": Jabatan.Jenis(jab.jenis).label.lower()},
                )
            jab.eselon = said["eselon"]
        elif jab.jenis != Jabatan.Jenis.STRUKTURAL:
            jab.eselon = ""
        if jab.jenis == Jabatan.Jenis.STRUKTURAL and not jab.eselon:
            self.fail(
                rows.get("jenis") or rows.get("kelas") or rows.get("atasan"),
                "eselon" if "eselon" in self.position else "jenis_jabatan",
                _("Jabatan struktural %(jab)s wajib punya eselon; isi kolom ESELON")
                % {"jab": jab.nama},
            )
        if "atasan" in said:
            target = name_key(said["atasan"])
            for unit in jab.unit.lineage():
                found = self.jabatan_index.get((unit, target), [])
                if found:
                    jab.atasan = found[0]
                    break
            else:
                self.fail(
                    rows["atasan"],
                    "atasan_jabatan",
                    _("Jabatan atasan %(atasan)s tidak ada di %(unit)s atau unit induknya")
                    % {"atasan": said["atasan"], "unit": jab.unit.nama},
                )
            if jab.atasan is jab:
                self.fail(
                    rows["atasan"],
                    "atasan_jabatan",
                    _("Jabatan %(jab)s tidak boleh menjadi atasan dirinya sendiri")
                    % {"jab": jab.nama},
                )
                jab.atasan = None

    def _check_jabatan_cycles(self) -> None:
        for jab in self.touched_jabatan:
            if "atasan" not in jab.said:
                continue
            seen = {jab}
            step = jab.atasan
            while step is not None and step not in seen:
                seen.add(step)
                step = step.atasan
            if step is jab:
                self.fail(
                    jab.said["atasan"][1],
                    "atasan_jabatan",
                    _("Atasan jabatan %(jab)s melingkar kembali ke dirinya sendiri")
                    % {"jab": jab.nama},
                )

    # staff

    def _plan_pegawai(self) -> None:
        rows = [b for b in self.rows if b.nip and b.valid]
        nips = [b.nip for b in rows]
        stored = {}
        for chunk in chunks(nips):
            for p in Pegawai.objects.filter(nip__in=chunk).values(
                "id", "nip", "user_id", "user__email", "jabatan_id", "unit_id", "aktif_mulai",
                *PEGAWAI_FIELDS,
            ):  # fmt: skip
                stored[p["nip"]] = p
        self._check_pins(rows)
        # A login named after a new NIP is reused when nobody holds it (an account made by hand
        # before the import); one that belongs to someone else is a mistake to show.
        new_rows = {b.nip: b for b in rows if b.nip not in stored}
        for chunk in chunks(list(new_rows)):
            for user_id, username, pegawai_id in User.objects.filter(
                username__in=chunk
            ).values_list("id", "username", "pegawai__id"):
                if pegawai_id is None:
                    self.reused_users[username] = user_id
                else:
                    self.fail(
                        new_rows[username],
                        "nip",
                        _("Akun dengan nama pengguna %(nip)s sudah dipakai pegawai lain")
                        % {"nip": username},
                    )

        movers = []
        for baris in rows:
            if not baris.valid or baris.jabatan is None:
                continue
            current = stored.get(baris.nip)
            if current is None:
                self.new_pegawai.append(baris)
                continue
            desired = {f: current[f] for f in PEGAWAI_FIELDS} | baris.values
            changed = any(desired[f] != current[f] for f in PEGAWAI_FIELDS)
            jab = baris.jabatan
            moved = jab.pk is None or jab.pk != current["jabatan_id"]
            changed |= moved or jab.unit.pk != current["unit_id"]
            if (
                current["user_id"]
                and baris.email is not None
                and baris.email != current["user__email"]
            ):
                self.email_updates[current["user_id"]] = baris.email
                changed = True
            if not changed:
                self.unchanged += 1
                continue
            self.changed_pegawai.append((baris, current, desired))
            if moved:
                movers.append((baris, current))
        self._plan_moves(movers)

    def _check_pins(self, rows: list[_Baris]) -> None:
        pins = {b.pin: b for b in rows if b.pin}
        in_file = {b.nip for b in rows}
        for chunk in chunks(list(pins)):
            for nip, nama, pin in Pegawai.objects.filter(pin_absen__in=chunk).values_list(
                "nip", "nama", "pin_absen"
            ):
                # A holder who is in the file gets the file's PIN, so swaps are fine.
                if nip not in in_file:
                    self.fail(
                        pins[pin],
                        "pin_absen",
                        _("PIN absen %(pin)s sudah dipakai %(nama)s (NIP %(nip)s)")
                        % {"pin": pin, "nama": nama, "nip": nip},
                    )

    def _plan_moves(self, movers: list[tuple[_Baris, dict]]) -> None:
        """A new definitive position, under the rules of services.assign_jabatan, for all at once."""
        ids = [current["id"] for _b, current in movers]
        latest: dict[int, date] = {}
        definitif = Penugasan.objects.filter(jenis=Penugasan.Jenis.DEFINITIF)
        for chunk in chunks(ids):
            rows = definitif.filter(pegawai_id__in=chunk).order_by()
            per_pegawai = rows.values("pegawai_id").annotate(last=Max("mulai"))
            latest.update(per_pegawai.values_list("pegawai_id", "last"))
            for pk, pegawai_id in rows.filter(selesai__isnull=True).values_list("id", "pegawai_id"):
                self.open_penugasan[pegawai_id].append(pk)
        column = "tmt" if "tmt" in self.position else "jabatan"
        for baris, current in movers:
            mulai = baris.tmt or self.today
            if mulai < current["aktif_mulai"]:
                self.fail(
                    baris,
                    column,
                    _("Jabatan baru mulai %(mulai)s, sebelum pegawai aktif (%(aktif)s)")
                    % {"mulai": f"{mulai:%d-%m-%Y}", "aktif": f"{current['aktif_mulai']:%d-%m-%Y}"},
                )
            last = latest.get(current["id"])
            if last is not None and last >= mulai:
                self.fail(
                    baris,
                    column,
                    _(
                        "Jabatan berubah, tetapi penugasan definitif terakhir dimulai %(last)s, "
                        "tidak sebelum %(mulai)s; isi kolom TMT dengan tanggal mulai jabatan baru"
                    )
                    % {"last": f"{last:%d-%m-%Y}", "mulai": f"{mulai:%d-%m-%Y}"},
                )
            self.moves.append((baris, current))

    # Writing ------------------------------------------------------------------------------------

    def write(self, *, by) -> ImportResult:
        """Write the checked plan (importer_writes.write_plan) and count what it did."""
        write_plan(self, by=by)
        return ImportResult(
            created=len(self.new_pegawai),
            updated=len(self.changed_pegawai),
            unchanged=self.unchanged,
            units_created=len(self.new_units),
            jabatan_created=len(self.new_jabatan),
        )
