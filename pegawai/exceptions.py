class KepegawaianError(Exception):
    """A broken business rule of the staff and organisation data; the message is shown as is."""
