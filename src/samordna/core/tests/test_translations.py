"""The interface is Swedish: every app's catalogue translates every string it extracts."""

import subprocess
from pathlib import Path

import pytest

CATALOGUES = sorted(Path(__file__).resolve().parents[2].glob("*/locale/sv/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[-5])
def test_every_string_has_a_swedish_translation(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
