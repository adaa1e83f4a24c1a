"""The command line starts without loading what its commands need: each command imports that.

Start-up time itself is measured in ``benchmarks/cli_startup.py`` (results in
``benchmarks/RESULTS.md``); these tests check the cause, in fresh interpreters, so that a
module-level import added later (SciPy's stats, DuckDB, Django, the HTTP client) fails here.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import prevhub.crime

SRC = Path(__file__).resolve().parents[2] / "src"
HEAVY = (
    "scipy",
    "duckdb",
    "numpy",
    "django",
    "httpx",
    "pyarrow",
    "pyproj",
    "rich.table",
    "pyspark",
)


def _loaded_after(code: str, *args: str) -> set[str]:
    """The HEAVY modules loaded once ``code`` has run in a fresh interpreter."""
    probe = (
        "import sys\n"
        f"{code}\n"
        f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("loaded:"), result.stderr
    return set(filter(None, last.removeprefix("loaded:").split(",")))


def test_importing_the_cli_loads_none_of_the_libraries_its_commands_use() -> None:
    assert _loaded_after("import prevhub.cli") == set()


def test_the_period_grammar_loads_none_of_them_either() -> None:
    assert _loaded_after("import prevhub.crime.periods") == set()


def test_measure_runs_without_scipy_stats(tmp_path: Path) -> None:
    store = tmp_path / "crime.duckdb"
    run = "from prevhub.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass"
    loaded = _loaded_after(run, "crime", "demo", "--store", str(store), "--format", "json")
    assert "duckdb" in loaded  # the command did run
    probe = run + "\nprint('scipy.stats' in sys.modules, file=sys.stderr)"
    args = ["measure", "--period", "2024-01:2024-03", "--baseline", "last-year", "--format", "csv"]
    result = subprocess.run(
        [sys.executable, "-c", "import sys\n" + probe, *args, "--store", str(store)],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[1].startswith("victim-based,")
    assert result.stderr.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize("name", prevhub.crime.__all__)
def test_every_public_name_of_the_library_is_importable_from_it(name: str) -> None:
    value = getattr(prevhub.crime, name)
    module = importlib.import_module(f"prevhub.crime.{prevhub.crime._EXPORTS[name]}")
    assert value is getattr(module, name)


def test_headline_is_the_function_even_after_its_module_is_imported() -> None:
    # The module prevhub.crime.headline and the function share a name: the function wins, as it
    # did when the package imported everything eagerly.
    code = (
        "import prevhub.crime.headline\n"
        "from prevhub.crime import headline\n"
        "assert callable(headline) and headline.__module__ == 'prevhub.crime.headline'\n"
    )
    assert "duckdb" in _loaded_after(code)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        prevhub.crime.nothing_here  # noqa: B018
