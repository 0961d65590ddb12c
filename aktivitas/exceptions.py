class AktivitasError(Exception):
    """A broken rule of the catalog or the daily entries; the message is shown as is."""
