"""Staff import from SIMPEG exports (CSV or XLSX): all-or-nothing, with row/column errors."""

from dataclasses import dataclass

from .exceptions import KepegawaianError


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line number in the file as a person sees it in a spreadsheet
    column: str  # the column header as written in the file
    message: str  # Indonesian, for the person who fixes the file


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


class ImportErrors(KepegawaianError):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} kesalahan dalam berkas impor")


def import_pegawai(fileobj, *, filename: str, by) -> ImportResult:
    raise ImportErrors([RowError(0, "", "impor belum tersedia")])
