"""What operations keeps: the scheduler's and the reminders' memory, and report files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel


class ScheduledRun(models.Model):
    """The latest due time the scheduler queued a job for, so each due run is queued once."""

    job = models.CharField(max_length=64, unique=True)
    last_due = models.DateTimeField()

    def __str__(self):
        return f"{self.job} {self.last_due:%Y-%m-%d %H:%M}"


class ReminderSent(TenantModel):
    """A reminder mailed to a user, so the daily job never sends the same one twice."""

    kind = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="reminder_sent_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"


class ReportFileStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for its turn")
    RUNNING = "running", _("being prepared")
    READY = "ready", _("ready to download")
    FAILED = "failed", _("could not be prepared")


class ReportFileJob(TenantModel):
    """A report file prepared in the background, kept for its requester until it is pruned.

    It holds only what the report's download link would give: protected aggregates.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    report = models.CharField(max_length=64)
    file_format = models.CharField(max_length=8)
    query = models.TextField(blank=True)  # the report page's filters, as its query string
    language = models.CharField(max_length=8, blank=True)  # the file speaks the page's language
    status = models.CharField(
        max_length=8, choices=ReportFileStatus.choices, default=ReportFileStatus.QUEUED
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True)

    def __str__(self):
        return f"{self.report}.{self.file_format} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (ReportFileStatus.READY, ReportFileStatus.FAILED)

    @property
    def format_label(self) -> str:
        return "Excel" if self.file_format == "excel" else self.file_format.upper()

    @property
    def step(self) -> int:
        """How far it has come: queued 1, being prepared 2, finished 3 (of `STEPS`)."""
        return 3 if self.finished else 1 + (self.status == ReportFileStatus.RUNNING)

    STEPS = 3
