"""`samordna doctor`: check the configuration, the database, the vault key, mail, files and time."""

from django.core.management.base import BaseCommand

from samordna.operations.doctor import Level, examine

MARKS = {Level.OK: "ok      ", Level.WARNING: "warning ", Level.PROBLEM: "PROBLEM "}


class Command(BaseCommand):
    help = (
        "Check that Samordna can run here: configuration, database and migrations, the vault "
        "key, mail, file permissions, the time zone and the job queue. Exits 1 on a problem."
    )
    requires_system_checks: list = []  # the doctor runs Django's checks itself and explains them

    def handle(self, *args, **options):
        findings = examine()
        for finding in findings:
            self.stdout.write(f"{MARKS[finding.level]}{finding.topic}: {finding.text}")
            if finding.fix:
                self.stdout.write(f"{'':8}→ {finding.fix}")
        problems = sum(finding.level == Level.PROBLEM for finding in findings)
        if problems:
            self.stdout.write(f"\n{problems} problem(s): Samordna is not ready to run.")
            raise SystemExit(1)
        self.stdout.write("\nNo problems: Samordna is ready to run.")
