"""The coverage/ folder holds our apps without shadowing coverage.py (STYLE.md §9)."""

import ast
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


# The floor plan (README "Layout", STYLE.md §1): each app may import only the apps
# below it. Domain: articles <- sources <- events; the surfaces above them: readers
# (the site) <- partners (the API); demo beside the surfaces. shafaq sits on top and
# nothing in coverage/ imports it.
MAY_IMPORT = {
    "articles": set(),
    "sources": {"articles"},
    "events": {"articles", "sources"},
    "readers": {"articles", "sources", "events"},
    "partners": {"articles", "sources", "events", "readers"},
    "demo": {"articles", "sources", "events"},
    # Beside everything: the staff second factor asks articles.permissions who is an
    # editor; operations logs the client articles.clients names, and backs up every
    # app's tables without importing one.
    "accounts": {"articles"},
    "operations": {"articles"},
}
# The one arrow against the grain, written where it happens: a quote is part of the
# story, so the story's admin edits quotes inline and its revisions follow them.
AGAINST_THE_GRAIN = {
    ("articles/admin.py", "sources"),
    ("articles/revisions.py", "sources"),
}
PROJECT_NAMES = set(MAY_IMPORT) | {"shafaq"}


def imported_project_names(path: Path) -> set[str]:
    """Top-level project packages `path` imports, at any depth (functions included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & PROJECT_NAMES


def arrows_against_the_grain(app_name: str) -> list[str]:
    wrong = []
    for path in sorted((APPS_DIR / app_name).rglob("*.py")):
        relative = path.relative_to(APPS_DIR).as_posix()
        for name in imported_project_names(path) - {app_name}:
            if name not in MAY_IMPORT[app_name] and (relative, name) not in (
                AGAINST_THE_GRAIN
            ):
                wrong.append(f"{relative} imports {name}")
    return wrong


def test_every_app_in_the_coverage_folder_has_a_place_in_the_floor_plan():
    assert set(APP_NAMES) == set(MAY_IMPORT)


@pytest.mark.parametrize("app_name", sorted(MAY_IMPORT))
def test_each_app_imports_only_the_apps_below_it_and_never_shafaq(app_name):
    assert arrows_against_the_grain(app_name) == []


def test_the_import_check_notices_an_arrow_against_the_grain(tmp_path):
    module = tmp_path / "models.py"
    module.write_text("def f():\n    from readers.views import site\nimport shafaq\n")

    assert imported_project_names(module) == {"readers", "shafaq"}
