"""No log line of a full browser run holds a name, a personnummer or a survey code.

conftest keeps every line the live server logs, test_serve everything `samordna serve` writes;
conftest runs this test after all the others, so it reads the whole run.
"""

import json

import pytest

from samordna.demo.builders import FINNVEDEN, INSJORIKET
from samordna.demo.participants import FIRST_NAMES, LAST_NAMES
from samordna.operations.logging import PERSONAL_NUMBER, REDACTED, SURVEY_KEY, TRUSTED_KEYS
from tests.e2e.test_participants import IDENTITY_FORMS


def _names() -> list[str]:
    """The demo's people (participants and users) and the person the participant test registers."""
    users = FINNVEDEN.users + INSJORIKET.users
    participants = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    return participants + [u.last_name for u in users] + IDENTITY_FORMS


def _scanned(line: str) -> str:
    """The line's text, less the values the app makes itself (a hex request id has digit runs)."""
    if not line.startswith("{"):
        return line  # gunicorn's own messages
    fields = {k: v for k, v in json.loads(line).items() if k not in TRUSTED_KEYS}
    return json.dumps(fields, ensure_ascii=False)


def _leaks(line: str) -> bool:
    text = _scanned(line)
    # REDACTED: nothing should even need masking; what is logged is chosen where it is written.
    return (
        any(name in text for name in _names())
        or any(shape.search(text) for shape in (PERSONAL_NUMBER, SURVEY_KEY))
        or REDACTED in text
    )


def test_no_log_line_holds_personal_data_or_a_survey_code(log_dir):
    lines = [line for path in sorted(log_dir.glob("*.log")) for line in path.open()]
    if not any('"event": "request"' in line for line in lines):
        pytest.skip("no request was logged: this test scans the logs of the other browser tests")
    leaks = [line for line in lines if _leaks(line)]
    assert not leaks, "".join(leaks[:20])
