"""Running a script in fresh processes with different hash seeds: Python
orders sets of strings differently in each, so what is printed alike
under every seed does not hang on a set's order."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def printed_under(script: str, seeds=("0", "1", "2", "3")) -> set[str]:
    """What `script` prints in a new process for each hash seed, from the
    top of the checkout: one text when nothing depends on the seed."""
    return {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in seeds
    }
