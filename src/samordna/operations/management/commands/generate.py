"""`samordna generate`: a generated world of many förbund for the benchmark (docs/benchmarks.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from samordna.operations.generator import generate
from samordna.operations.scales import SCALES
from samordna.organisations.models import Forbund


class Command(BaseCommand):
    help = (
        "Fill an empty database with generated förbund, staff, money, referrals, enrolments, "
        "assessments, survey answers and goals (fictitious, deterministic by --seed). "
        "--scale national: 80 förbund and 1 000 000 enrolments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="small")
        parser.add_argument("--forbund", type=int, help="number of förbund (overrides --scale)")
        parser.add_argument("--enrolments", type=int, help="enrolments in all (overrides --scale)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--today", type=date.fromisoformat, help="the last day of the data")

    def handle(self, *args, scale, forbund, enrolments, seed, today, **options):
        if Forbund.objects.filter(name__startswith="Benchförbund").exists():
            raise CommandError("This database already holds a generated dataset: use an empty one.")
        default_forbund, default_enrolments = SCALES[scale]
        generate(
            forbund or default_forbund,
            enrolments or default_enrolments,
            seed=seed,
            today=today,
            progress=lambda line: self.stdout.write(line),
        )
