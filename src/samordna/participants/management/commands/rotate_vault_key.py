"""`samordna rotate_vault_key`: re-encrypt the identity vault with the first SAMORDNA_VAULT_KEY."""

from django.core.management.base import BaseCommand

from samordna.participants import services


class Command(BaseCommand):
    help = (
        "Re-encrypt every identity with the first key of SAMORDNA_VAULT_KEY. Put the new key first, "
        "keep the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args, **options):
        count = services.rotate_vault_key()
        self.stdout.write(f"{count}")
