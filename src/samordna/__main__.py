"""The `samordna` command: Django's manage.py under the project's own name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A missing setting deserves a sentence, not a traceback (`samordna doctor` says more).
        sys.exit(f"Samordna is not configured: {error}")


if __name__ == "__main__":
    main()
