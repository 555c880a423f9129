"""Anonymous questionnaires: versioned definitions, one-time tokens, and answers without a person.

An answer is stored with the intervention, the occasion and the period (a tertial) only. It has
no link to a participant, an enrolment, a batch or the token that opened the survey, no time
finer than the period, and a random key that says nothing about the order answers came in:
nothing in the database can lead from an answer back to a person (docs/privacy.md, "Enkäterna:
hotmodell").
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel
from samordna.core.periods import Period, PeriodKind
from samordna.core.record_keys import record_key_field


class RespondentGroup(models.TextChoices):
    PARTICIPANTS_ONGOING = "participants_ongoing", _("Participants, ongoing")
    PARTICIPANTS_END = "participants_end", _("Participants, at end")
    STAFF = "staff", _("Staff")
    BOARD = "board", _("Board members")
    MANAGERS = "managers", _("Managers in the cooperation")
    REFERRERS = "referrers", _("Referrers")


class Occasion(models.TextChoices):
    END = "end", _("At end")
    YEARLY = "yearly", _("Yearly round for ongoing participants (September–October)")
    ROUND = "round", _("Survey round")


# Which occasions fit which respondent group: at end, or while ongoing (the yearly round in
# September–October, or another round such as the anonymous violence form each tertial).
OCCASIONS_BY_GROUP: dict[str, set[str]] = {
    RespondentGroup.PARTICIPANTS_END: {Occasion.END},
    RespondentGroup.PARTICIPANTS_ONGOING: {Occasion.YEARLY, Occasion.ROUND},
}
OTHER_GROUP_OCCASIONS: set[str] = {Occasion.ROUND}


# What a participant reads as the survey's heading when its questionnaire has no title of its own.
PLAIN_TITLES = {
    Occasion.END: _("What do you think of the support you have had?"),
    Occasion.YEARLY: _("What do you think of the support you get?"),
    Occasion.ROUND: _("A few questions for you"),
}


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Answer on the questionnaire's scale")
    YES_NO = "yes_no", _("Yes or no")


class Topic(models.TextChoices):
    GENERAL = "general", _("General")
    VIOLENCE = "violence", _("Violence in close relationships")


YES_NO_OPTIONS = [(1, _("Yes")), (0, _("No"))]


class Channel(models.TextChoices):
    WEB = "web", _("One-time link")
    PAPER = "paper", _("Paper form entered by staff")


class Questionnaire(TenantModel):
    """A questionnaire (enkät) for one respondent group; its wording lives in its versions."""

    name = models.CharField(_("name"), max_length=200)
    respondent_group = models.CharField(
        _("respondent group"), max_length=30, choices=RespondentGroup.choices
    )
    description = models.TextField(_("description"), blank=True)
    respondent_title = models.CharField(
        _("heading for those who answer"),
        max_length=200,
        blank=True,
        help_text=_(
            "In plain words, e.g. “What do you think of the support you have had?”. Left empty, "
            "the survey page uses a plain heading for the occasion."
        ),
    )
    is_national = models.BooleanField(
        _("national indicator questionnaire"),
        default=False,
        help_text=_("Indikatorer för finansiell samordning: the wording may not be reworded."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["forbund", "name"], name="questionnaire_name_once")
        ]

    def __str__(self) -> str:
        return self.name

    def latest_version(self) -> "QuestionnaireVersion | None":
        return self.versions.order_by("-number").first()

    def occasions(self) -> set[str]:
        return OCCASIONS_BY_GROUP.get(self.respondent_group, OTHER_GROUP_OCCASIONS)

    def heading_for_respondents(self, occasion: str) -> str:
        """The survey page's heading: never the questionnaire's internal name."""
        return self.respondent_title or str(PLAIN_TITLES[Occasion(occasion)])


class QuestionnaireVersion(TenantModel):
    """One wording of a questionnaire. Once answered it is locked; an edit makes a new version."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    scale = models.JSONField(
        _("scale"),
        default=list,
        help_text=_("The answer options as [value, label], the most favourable first."),
    )

    class Meta:
        ordering = ["questionnaire", "-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def is_locked(self) -> bool:
        """Answered versions keep their wording for ever."""
        return self.responses.exists()

    def options_for(self, question: "Question") -> list[tuple[int, str]]:
        if question.kind == QuestionKind.YES_NO:
            return [(value, str(label)) for value, label in YES_NO_OPTIONS]
        return [(int(value), label) for value, label in self.scale]


class Question(TenantModel):
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_(
            "A stable short name, e.g. indikator-1; it links the question across versions."
        ),
    )
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(
        _("kind of answer"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE
    )
    topic = models.CharField(
        _("topic"), max_length=20, choices=Topic.choices, default=Topic.GENERAL
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_once"),
        ]

    def __str__(self) -> str:
        return self.text


class InTertial(models.Model):
    """The only time an answer (and the batch of links behind it) carries: a year and a tertial."""

    year = models.PositiveSmallIntegerField(_("year"))
    tertial = models.PositiveSmallIntegerField(
        _("tertial"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period(self.year, PeriodKind.TERTIAL, self.tertial)


class TokenBatch(TenantModel, InTertial):
    """One-time links issued together for an intervention, occasion and period — never per person.

    A used or withdrawn link is deleted; the batch keeps only how many were issued and withdrawn,
    so the links answered are those neither withdrawn nor still waiting.
    """

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="batches"
    )
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued = models.PositiveIntegerField(_("links issued"), default=0)
    withdrawn = models.PositiveIntegerField(_("links withdrawn"), default=0)

    class Meta:
        ordering = ["-year", "-tertial", "-id"]
        verbose_name = _("batch of one-time links")
        verbose_name_plural = _("batches of one-time links")

    def __str__(self) -> str:
        return f"{self.version} – {self.intervention} – {self.period}"

    def answered(self, unused: int) -> int:
        """The links used, given how many of the batch's links are still `unused`."""
        return self.issued - self.withdrawn - unused


class SurveyToken(TenantModel):
    """A one-time link that nobody has used yet. Using or withdrawing it deletes the row."""

    batch = models.ForeignKey(TokenBatch, on_delete=models.CASCADE, related_name="tokens")
    key = models.CharField(max_length=16, unique=True)

    class Meta:
        verbose_name = _("one-time link")
        verbose_name_plural = _("one-time links")

    def __str__(self) -> str:
        return self.display_key

    def address(self, entry_url: str) -> str:
        """The printed link: the code in the fragment, which browsers never send to the server."""
        return f"{entry_url}#kod={self.key}"

    @property
    def display_key(self) -> str:
        key = self.key or ""
        return "-".join(key[i : i + 4] for i in range(0, len(key), 4))


class Response(TenantModel, InTertial):
    """One filled-in questionnaire: intervention, occasion and period only, nothing else.

    No field holds a time (no auto_now, no created date), and the key is random, not a number
    that counts up: neither when nor in which order answers came can be read from the rows.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record_key = record_key_field()
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses"
    )
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        # Survey reports read a förbund's responses of a year's tertials: on PostgreSQL from
        # the index alone (a covering index), not from heap pages shared with every förbund.
        indexes = [
            models.Index(
                fields=["forbund", "year", "tertial"],
                include=["id", "record_key", "intervention", "channel", "occasion", "version"],
                name="response_forbund_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.intervention} – {self.period}"


class Answer(TenantModel):
    # Random too: answers are stored together, so counting keys would order the responses.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(_("value"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
        # The survey reports' answers to a förbund's questions, read from the index alone on
        # PostgreSQL (answers carry no period, so every year's are read and joined to the
        # period's responses: ~85 000 for the largest förbund, 14 000 heap pages without it).
        indexes = [
            models.Index(
                fields=["forbund", "question"],
                include=["response", "value"],
                name="answer_forbund_question",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}={self.value}"
