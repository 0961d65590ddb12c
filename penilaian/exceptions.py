class PenilaianError(Exception):
    """A broken business rule of approvals, reviews and objections; the message is shown as is."""
