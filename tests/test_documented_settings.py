"""Every environment variable the settings read is in the README's settings table."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
READ_FROM_ENVIRONMENT = re.compile(r"""\benv(?:_\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_every_environment_variable_in_settings_is_documented_in_the_readme():
    settings_source = (BASE_DIR / "shafaq" / "settings.py").read_text()
    readme = (BASE_DIR / "README.md").read_text()
    table_rows = [line for line in readme.splitlines() if line.startswith("| `")]

    variables = set(READ_FROM_ENVIRONMENT.findall(settings_source))
    undocumented = sorted(
        name for name in variables if not any(f"`{name}`" in row for row in table_rows)
    )

    assert "DATABASE_URL" in variables
    assert undocumented == []
