"""`samordna backup`: an encrypted copy of the database, and old copies pruned."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samordna.operations.backups import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the database (SQLite: online backup; PostgreSQL: pg_dump) "
        "to SAMORDNA_BACKUP_DIR and keep the newest SAMORDNA_BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", type=Path, help="overrides SAMORDNA_BACKUP_DIR"
        )
        parser.add_argument("--keep", type=int, help="overrides SAMORDNA_BACKUP_KEEP")

    def handle(self, *args, directory=None, keep=None, **options):
        directory = directory or Path(settings.SAMORDNA_BACKUP_DIR)
        try:
            path = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        pruned = prune_backups(directory, keep or settings.SAMORDNA_BACKUP_KEEP)
        self.stdout.write(f"{path} ({path.stat().st_size} bytes)")
        for old in pruned:
            self.stdout.write(f"removed {old.name}")
