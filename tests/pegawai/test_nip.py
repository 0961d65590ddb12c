import pytest

from pegawai.nip import NipError, clean_nip, parse_nip


def test_valid_pns_nip_gives_birth_date_and_sex():
    nip = parse_nip("198609262015051001")
    assert nip.tanggal_lahir.isoformat() == "1986-09-26"
    assert nip.jenis_kelamin == "L"
    assert parse_nip("197203151998032004").jenis_kelamin == "P"


def test_leading_quote_and_spaces_from_spreadsheets_are_accepted():
    assert parse_nip("'19860926 201505 1 001").value == "198609262015051001"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("198702302010011001", "tanggal lahir 30-02-1987 tidak ada"),
        ("198609262015053001", "digit ke-15"),
        ("19860926201505100", "berisi 17 digit"),
        ("1986092620150510011", "berisi 19 digit"),
        ("198609262015131001", "bulan pengangkatan 13"),
        ("19860926201505100A", "hanya boleh berisi angka"),
        ("198609262015051000", "nomor urut"),
        ("199009262000051001", "tahun pengangkatan 2000"),
        ("", "wajib diisi"),
    ],
)
def test_impossible_nips_are_refused_with_the_reason(raw, fragment):
    with pytest.raises(NipError, match=fragment):
        parse_nip(raw)


@pytest.mark.parametrize("raw", ["1.99001E+17", "1,99001E+17", "1.99001e17"])
def test_nip_damaged_by_a_spreadsheet_is_reported_never_rounded(raw):
    with pytest.raises(NipError, match="rusak oleh program spreadsheet"):
        clean_nip(raw)


def test_nip_stored_as_a_float_cell_is_reported():
    with pytest.raises(NipError, match="tersimpan sebagai angka"):
        clean_nip("198609262015051001.0")


def test_pppk_number_has_no_appointment_month_but_is_checked_otherwise():
    # Birth date, appointment year, PPPK code 21, sex, sequence.
    nip = parse_nip("199505172022212003", jenis_asn="PPPK")
    assert nip.jenis_kelamin == "P"
    with pytest.raises(NipError, match="bulan pengangkatan 21"):
        parse_nip("199505172022212003", jenis_asn="PNS")
    with pytest.raises(NipError, match="tanggal lahir"):
        parse_nip("199513172022212003", jenis_asn="PPPK")
