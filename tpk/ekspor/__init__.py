"""Finance's files of the TPK (issue #7): an OPD's list as PDF and XLSX, the bank transfer CSV
and the staff slip, made from the close's `HasilTPK` rows.

- `daftar`: one OPD's list for a month and revision (rows, totals, words, signers);
- `pdf`, `xlsx`, `bank`: the formats, all from a `DaftarTPK`;
- `organisasi`: who heads an OPD (signer, and who may download);
- `services`: the state changes (request, build, supersede) and the signers' defaults;
- `receivers`: what happens after a close and a reopen (connected in `TpkConfig.ready`).
"""
