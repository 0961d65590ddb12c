"""Property tests: the Hypothesis profile (see profil.py for the choice of a fixed seed). Loading
a profile sets the session's default, so Hypothesis tests elsewhere get it too: harmless, it only
fixes the seed and drops the deadline."""

from . import profil

profil.load()
