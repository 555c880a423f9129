"""What the scheduler and the reminder job remember between runs."""

from django.conf import settings
from django.db import models

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
