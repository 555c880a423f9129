"""Structured logs: one JSON object a line, each with the request id, never personal data.

Django's and the libraries' loggers go through the same structlog processors as our own, so
every line has the same shape. What a line may hold is decided where it is written (the request
middleware logs the route pattern, never the path, because survey links carry their one-time
key in the path); `redact` is the second line of defence and masks anything shaped like a
personnummer or a survey key in whatever a library logs.
"""

import logging
import re
from typing import Any

import structlog

# A personnummer or samordningsnummer, with or without century and separator.
PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")
# A survey key as issued (12 characters of surveys.services.KEY_ALPHABET) or as printed (4-4-4).
SURVEY_KEY = re.compile(
    r"(?<![A-Z0-9])[A-HJ-NP-Z2-9]{4}-?[A-HJ-NP-Z2-9]{4}-?[A-HJ-NP-Z2-9]{4}(?![A-Z0-9])"
)
REDACTED = "[redacted]"
# Values the app itself makes: hex ids may hold ten digits in a row without being anyone's.
TRUSTED_KEYS = {"request_id", "timestamp"}


def redact_text(text: str) -> str:
    return SURVEY_KEY.sub(REDACTED, PERSONAL_NUMBER.sub(REDACTED, text))


def redact(_logger: Any, _method: str, event: dict[str, Any]) -> dict[str, Any]:
    """A structlog processor: mask personnummer- and survey-key-shaped text in every value."""
    return {
        key: redact_text(value) if isinstance(value, str) and key not in TRUSTED_KEYS else value
        for key, value in event.items()
    }


SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.format_exc_info,
    redact,
]


def structured_formatter(json_lines: bool = True) -> logging.Formatter:
    """The formatter of every handler: JSON lines in production, readable text in development."""
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json_lines
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        foreign_pre_chain=SHARED_PROCESSORS,
    )


def logging_config(level: str, json_lines: bool, file: str = "") -> dict[str, Any]:
    """Django's LOGGING dict, and structlog set up to hand its events to the same handlers."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *SHARED_PROCESSORS,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handlers: dict[str, dict[str, Any]] = {
        "stderr": {"class": "logging.StreamHandler", "formatter": "structured"}
    }
    if file:
        handlers["file"] = {
            "class": "logging.FileHandler",
            "filename": file,
            "formatter": "structured",
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": {"()": structured_formatter, "json_lines": json_lines}},
        "handlers": handlers,
        "root": {"handlers": list(handlers), "level": "WARNING"},
        "loggers": {
            "samordna": {"level": level},
            "django_tasks_db": {"level": level},
            # The request middleware logs every request by its route; Django's own request
            # lines carry the raw path (a survey link's key), so they are not wanted.
            "django.request": {"level": "CRITICAL", "propagate": True},
            "django.server": {"level": "CRITICAL", "propagate": True},
        },
    }
