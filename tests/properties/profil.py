"""Hypothesis profiles for the property tests, loaded by conftest.py.

`ekinerja` (the default) is derandomized: the examples are drawn from a seed derived from each
test, so every run, on a laptop or in CI, tries the same inputs. A property test that fails in CI
fails the same way locally, and a green run stays green until the code (or the test) changes;
nothing flakes on a run that happened to draw a rare input. Derandomized runs keep no example
database (Hypothesis still caches what it learns of the code under .hypothesis/, git-ignored).

`explore` is for hunting bugs on purpose (`HYPOTHESIS_PROFILE=explore pytest tests/properties`):
random seeds, ten times the examples (`contoh`), failures saved in .hypothesis/ (git-ignored)
and replayed first on the next run. A bug it finds gets a plain regression test with its input.

No deadline in either: the database examples take tens of milliseconds, more on a busy machine.
"""

import os

from hypothesis import settings

PROFIL = os.environ.get("HYPOTHESIS_PROFILE", "ekinerja")
_KALI = 10 if PROFIL == "explore" else 1

settings.register_profile("ekinerja", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)


def load() -> None:
    settings.load_profile(PROFIL)


def contoh(n: int) -> int:
    """Examples per test: n in the default profile, ten times n when exploring."""
    return n * _KALI
