"""Run every benchmark under bench/ one after another and print their figures.

python bench/run_all.py            # all
python bench/run_all.py pages      # those whose file name contains "pages"
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"__init__.py", "common.py", "run_all.py"}


def main() -> int:
    wanted = sys.argv[1:]
    scripts = sorted(p for p in HERE.glob("*.py") if p.name not in SKIP)
    if wanted:
        scripts = [p for p in scripts if any(w in p.stem for w in wanted)]
    failed = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"--- {script.stem}: {time.perf_counter() - start:.0f} s, exit {code}", flush=True)
        if code:
            failed.append(script.stem)
    if failed:
        print(f"\nGagal: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
