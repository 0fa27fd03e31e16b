"""The coverage/ folder holds our apps without shadowing coverage.py (STYLE.md §9)."""

import subprocess
import sys
from importlib import import_module
from pathlib import Path

import coverage
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
APPS_DIR = BASE_DIR / "coverage"
APP_NAMES = sorted(
    path.name
    for path in APPS_DIR.iterdir()
    if path.is_dir() and not path.name.startswith(("_", "."))
)


def test_coverage_folder_is_not_a_package():
    assert not (APPS_DIR / "__init__.py").exists()


def test_import_coverage_gives_the_coverage_tool():
    assert callable(getattr(coverage, "Coverage", None))
    assert APPS_DIR not in Path(coverage.__file__).resolve().parents


def test_python_dash_m_coverage_works_from_the_repository_root():
    result = subprocess.run(
        [sys.executable, "-m", "coverage", "--version"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "Coverage.py" in result.stdout


def test_the_core_apps_live_in_the_coverage_folder():
    assert {"articles", "sources", "events"} <= set(APP_NAMES)


@pytest.mark.parametrize("app_name", APP_NAMES)
def test_each_app_is_imported_from_the_coverage_folder(app_name):
    module = import_module(app_name)

    assert Path(module.__file__).resolve() == APPS_DIR / app_name / "__init__.py"
