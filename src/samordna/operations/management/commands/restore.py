"""`samordna restore <file>`: load an encrypted backup into the configured database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samordna.operations.backups import BackupError, Database, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `samordna backup` into the configured database, which must be "
        "empty unless --replace is given. Stop the server and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that is not empty"
        )

    def handle(self, *args, file, replace, **options):
        database = Database(settings.DATABASES["default"])
        try:
            metadata = restore_backup(file, database, replace=replace)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the backup of {metadata['created']}. Run `samordna doctor`.")
