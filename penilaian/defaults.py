"""The behaviour aspects every pemda starts with; loaded by a data migration and by tests.

The legacy six (PP 46/2011's perilaku kerja, kepemimpinan for leaders only) are in force; the
seven BerAKHLAK core values (SE Menpan-RB 20/2021) are there to switch to. Both weigh every
aspect the same, so the score is the plain average of the aspects that apply.
"""

from decimal import Decimal

LAMA = "perilaku-kerja"
BERAKHLAK = "berakhlak"

SETS = [
    {
        "kode": LAMA,
        "nama": "Perilaku kerja (enam aspek)",
        "keterangan": "Aspek perilaku kerja seperti dalam PP 46/2011; kepemimpinan hanya "
        "dinilai bagi pejabat struktural.",
        "aktif": True,
        "aspek": [
            ("orientasi-pelayanan", "Orientasi pelayanan", False),
            ("integritas", "Integritas", False),
            ("komitmen", "Komitmen", False),
            ("disiplin", "Disiplin", False),
            ("kerja-sama", "Kerja sama", False),
            ("kepemimpinan", "Kepemimpinan", True),
        ],
    },
    {
        "kode": BERAKHLAK,
        "nama": "BerAKHLAK",
        "keterangan": "Nilai dasar ASN: Berorientasi pelayanan, Akuntabel, Kompeten, Harmonis, "
        "Loyal, Adaptif, Kolaboratif.",
        "aktif": False,
        "aspek": [
            ("berorientasi-pelayanan", "Berorientasi pelayanan", False),
            ("akuntabel", "Akuntabel", False),
            ("kompeten", "Kompeten", False),
            ("harmonis", "Harmonis", False),
            ("loyal", "Loyal", False),
            ("adaptif", "Adaptif", False),
            ("kolaboratif", "Kolaboratif", False),
        ],
    },
]


def create_default_aspects(apps=None) -> None:
    """Create the default aspect sets that are missing; what the admin changed is left alone.

    `apps` is a migration's historical app registry (`RunPython(lambda apps, schema_editor:
    create_default_aspects(apps))`), or None for the current models.
    """
    if apps is None:
        from django.apps import apps
    SetAspek = apps.get_model("penilaian", "SetAspek")
    Aspek = apps.get_model("penilaian", "Aspek")
    # A pemda that already switched to another set keeps it in force.
    someone_active = SetAspek.objects.filter(aktif=True).exists()
    for spec in SETS:
        set_aspek, created = SetAspek.objects.get_or_create(
            kode=spec["kode"],
            defaults={
                "nama": spec["nama"],
                "keterangan": spec["keterangan"],
                "aktif": spec["aktif"] and not someone_active,
            },
        )
        if not created:
            continue
        Aspek.objects.bulk_create(
            Aspek(
                set_aspek=set_aspek,
                kode=kode,
                nama=nama,
                urutan=urutan,
                bobot=Decimal("1"),
                hanya_pemimpin=hanya_pemimpin,
            )
            for urutan, (kode, nama, hanya_pemimpin) in enumerate(spec["aspek"], start=1)
        )
