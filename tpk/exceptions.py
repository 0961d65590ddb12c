class TPKError(Exception):
    """A broken rule of the TPK rules, the close or the exports; the message is shown as is."""
