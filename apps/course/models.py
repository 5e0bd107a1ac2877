"""Course structure, the reusable lesson library, and learner progress (tenant schema).

Access tiers: 1 = basic, 2 = premium, 3 = VIP (payment plans carry one). A
module, section or placement may require a tier; the effective tier of
anything is the highest along its path (see ``apps.course.tiers``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from apps.course.validators import validate_lesson_file
from apps.general.tiers import TIER_VALIDATORS, tier_range_q
from volmify.files import org_upload_path, private_storage


def lesson_file_path(instance: models.Model, filename: str) -> str:
    """Private, per org and unguessable: lesson files are served only through the gated view."""
    return org_upload_path("lessons", filename)


def submission_file_path(instance: models.Model, filename: str) -> str:
    return org_upload_path("submissions", filename)


def _tier_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        _("required access tier"),
        null=True,
        blank=True,
        validators=TIER_VALIDATORS,
        help_text=_("Leave empty for tier 1 (everyone enrolled)."),
    )


def _tier_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(required_access_tier__isnull=True) | tier_range_q("required_access_tier"),
        name=name,
    )


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


class OrgProductCourse(TranslatableModel):
    """The course extension of a course-type product; title and slug are the product's."""

    product = models.OneToOneField(
        "product.OrgProduct", primary_key=True, on_delete=models.CASCADE, related_name="course"
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.BEGINNER)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    instructors = models.ManyToManyField(
        "member.OrgMember",
        blank=True,
        related_name="taught_courses",
        db_table="org_product_course_instructor",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    translations = TranslatedFields(
        learning_outcomes=models.TextField(_("learning outcomes"), blank=True, help_text=_("One per line.")),
        prerequisites=models.TextField(_("prerequisites"), blank=True),
        meta={"db_table": "org_product_course_translation"},
    )

    class Meta:
        db_table = "org_product_course"
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difficulty__gte=1, difficulty__lte=10),
                name="org_product_course_difficulty",
            )
        ]

    def __str__(self) -> str:
        return str(self.product)

    @property
    def outcome_lines(self) -> list[str]:
        text = self.safe_translation_getter("learning_outcomes", default="", any_language=True) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class OrgProductCourseSkill(models.Model):
    """A skill the course teaches, weighted 1-100 (how much of the course is about it)."""

    course = models.ForeignKey(OrgProductCourse, on_delete=models.CASCADE, related_name="skill_weights")
    # DO_NOTHING: the collector of a public-schema delete cannot see tenant schemas; the database
    # constraint still refuses deleting a skill a course uses (staff deactivate skills instead).
    skill = models.ForeignKey("skill.Skill", on_delete=models.DO_NOTHING, related_name="+")
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=50, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        db_table = "org_product_course_skill"
        verbose_name = _("course skill")
        verbose_name_plural = _("course skills")
        constraints = [
            models.UniqueConstraint(fields=["course", "skill"], name="org_product_course_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="org_product_course_skill_weight"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} ({self.weight})"


class OrgProductCourseModule(TranslatableModel):
    course = models.ForeignKey(OrgProductCourse, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveIntegerField(_("position"), default=0)
    required_access_tier = _tier_field()

    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=200),
        description=models.TextField(_("description"), blank=True),
        meta={"db_table": "org_product_course_module_translation"},
    )

    class Meta:
        db_table = "org_product_course_module"
        ordering = ["position", "id"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [_tier_check("org_product_course_module_tier")]
        indexes = [models.Index(fields=["course", "position"], name="course_module_course_pos")]

    def __str__(self) -> str:
        return self.safe_translation_getter("title", any_language=True) or f"#{self.pk}"


class OrgProductCourseModuleSection(TranslatableModel):
    module = models.ForeignKey(OrgProductCourseModule, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    required_access_tier = _tier_field()

    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=200),
        meta={"db_table": "org_product_course_module_section_translation"},
    )

    class Meta:
        db_table = "org_product_course_module_section"
        ordering = ["position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [_tier_check("org_product_course_module_section_tier")]
        indexes = [models.Index(fields=["module", "position"], name="course_section_module_pos")]

    def __str__(self) -> str:
        return self.safe_translation_getter("title", any_language=True) or f"#{self.pk}"


class OrgLesson(TranslatableModel):
    """A reusable lesson in the org's library; placing it in sections shares one copy."""

    class LessonType(models.TextChoices):
        VIDEO = "video", _("Video")
        TEXT = "text", _("Text")
        QUIZ = "quiz", _("Quiz")
        ASSIGNMENT = "assignment", _("Assignment")
        FILE = "file", _("File download")

    lesson_type = models.CharField(_("type"), max_length=16, choices=LessonType.choices)
    # video
    video_url = models.URLField(_("video URL"), blank=True, help_text=_("Hosted video file or embed URL."))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    captions_url = models.URLField(_("captions URL"), blank=True)
    # file download
    file = models.FileField(
        _("file"),
        upload_to=lesson_file_path,
        storage=private_storage,
        blank=True,
        validators=[validate_lesson_file],
    )
    # quiz
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    attempts_limit = models.PositiveSmallIntegerField(
        _("attempts limit"), null=True, blank=True, help_text=_("Empty for unlimited attempts.")
    )
    hides_answers_until_last_attempt = models.BooleanField(
        _("hide answers until the last attempt"),
        default=False,
        help_text=_(
            "Learners see which answers were right, and why, only once they pass or have no attempt left."
        ),
    )
    created_by = models.ForeignKey(
        "member.OrgMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=200),
        summary=models.CharField(_("summary"), max_length=300, blank=True),
        # Text body, assignment instructions, or notes under a video/quiz/file; Markdown as authored.
        body_markdown=models.TextField(_("body (Markdown)"), blank=True),
        # The sanitized HTML rendered to learners; written by the service from body_markdown.
        body_html=models.TextField(editable=False, blank=True),
        meta={"db_table": "org_lesson_translation"},
    )

    class Meta:
        db_table = "org_lesson"
        ordering = ["-updated_at", "-id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark_percent__lte=100), name="org_lesson_pass_mark_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(attempts_limit__isnull=True) | models.Q(attempts_limit__gte=1),
                name="org_lesson_attempts_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.safe_translation_getter("title", any_language=True) or f"#{self.pk}"


class OrgProductCourseModuleSectionLesson(models.Model):
    """A placement of a library lesson in a section."""

    section = models.ForeignKey(
        OrgProductCourseModuleSection, on_delete=models.CASCADE, related_name="placements"
    )
    lesson = models.ForeignKey(OrgLesson, on_delete=models.PROTECT, related_name="placements")
    position = models.PositiveIntegerField(_("position"), default=0)
    required_access_tier = _tier_field()
    is_preview = models.BooleanField(
        _("free preview"), default=False, help_text=_("Visitors may open it when it is at tier 1.")
    )
    is_required = models.BooleanField(_("required for completion"), default=True)

    class Meta:
        db_table = "org_product_course_module_section_lesson"
        ordering = ["position", "id"]
        verbose_name = _("lesson placement")
        verbose_name_plural = _("lesson placements")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "lesson"], name="org_course_placement_once_per_section"
            ),
            _tier_check("org_course_placement_tier"),
        ]
        indexes = [models.Index(fields=["section", "position"], name="course_placement_section_pos")]

    def __str__(self) -> str:
        return f"{self.lesson_id} in {self.section_id}"


class OrgLessonQuizQuestion(TranslatableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SHORT = "short", _("Short answer")

    lesson = models.ForeignKey(OrgLesson, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    position = models.PositiveIntegerField(_("position"), default=0)
    # on a lesson imported from an instructor's library: the question's stable key there, so pulling
    # an update changes this row in place and learners' attempts keep pointing at it
    library_key = models.CharField(max_length=40, blank=True, editable=False)

    translations = TranslatedFields(
        prompt=models.TextField(_("question")),
        # Short answer: accepted answers, one per line, compared case- and space-insensitively.
        accepted_answers=models.TextField(_("accepted answers"), blank=True, help_text=_("One per line.")),
        # Shown to the learner after an attempt, beside whether they were right.
        explanation=models.TextField(_("explanation"), blank=True),
        meta={"db_table": "org_lesson_quiz_question_translation"},
    )

    class Meta:
        db_table = "org_lesson_quiz_question"
        ordering = ["position", "id"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.safe_translation_getter("prompt", any_language=True) or f"#{self.pk}"


class OrgLessonQuizQuestionOption(TranslatableModel):
    question = models.ForeignKey(OrgLessonQuizQuestion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(_("position"), default=0)
    library_key = models.CharField(max_length=40, blank=True, editable=False)  # as on the question
    is_correct = models.BooleanField(_("correct"), default=False)

    translations = TranslatedFields(
        text=models.CharField(_("answer"), max_length=300),
        meta={"db_table": "org_lesson_quiz_question_option_translation"},
    )

    class Meta:
        db_table = "org_lesson_quiz_question_option"
        ordering = ["position", "id"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self) -> str:
        return self.safe_translation_getter("text", any_language=True) or f"#{self.pk}"


class OrgLessonLibraryCopy(models.Model):
    """Provenance of a lesson imported from an instructor's library: which snapshot, from which org
    and lesson, at which version, imported when and by whom."""

    lesson = models.OneToOneField(OrgLesson, on_delete=models.CASCADE, related_name="library_copy")
    # DO_NOTHING: a public row; the collector of a public delete cannot see tenant schemas
    library_lesson = models.ForeignKey(
        "instructor.InstructorLibraryLesson",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    source_org_id = models.PositiveIntegerField(_("source organization"))
    source_lesson_id = models.PositiveIntegerField(_("source lesson"))
    version = models.PositiveIntegerField(_("version copied"))
    imported_by = models.ForeignKey(
        "member.OrgMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        db_table = "org_lesson_library_copy"
        verbose_name = _("library copy")
        verbose_name_plural = _("library copies")
        constraints = [
            models.UniqueConstraint(fields=["library_lesson"], name="org_lesson_library_copy_once")
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} ← {self.source_org_id}:{self.source_lesson_id} v{self.version}"


class OrgMemberLessonQuizAttempt(models.Model):
    member = models.ForeignKey("member.OrgMember", on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey(OrgLesson, on_delete=models.CASCADE, related_name="quiz_attempts")
    attempt_number = models.PositiveSmallIntegerField(_("attempt"))
    score_percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    is_passed = models.BooleanField(_("passed"))
    # {question_id: {"answer": [...option ids] or "text", "is_correct": bool}}
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        db_table = "org_member_lesson_quiz_attempt"
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "lesson", "attempt_number"], name="org_member_quiz_attempt_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.lesson_id} #{self.attempt_number}"


class OrgMemberLessonAssignmentSubmission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        REVIEWED = "reviewed", _("Reviewed")

    member = models.ForeignKey("member.OrgMember", on_delete=models.CASCADE, related_name="submissions")
    lesson = models.ForeignKey(OrgLesson, on_delete=models.CASCADE, related_name="submissions")
    course = models.ForeignKey(OrgProductCourse, on_delete=models.CASCADE, related_name="submissions")
    text = models.TextField(_("answer"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=submission_file_path,
        storage=private_storage,
        blank=True,
        validators=[validate_lesson_file],
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    grade = models.PositiveSmallIntegerField(
        _("grade (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    feedback = models.TextField(_("feedback"), blank=True)
    reviewed_by = models.ForeignKey(
        "member.OrgMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        db_table = "org_member_lesson_assignment_submission"
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("assignment submission")
        verbose_name_plural = _("assignment submissions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__lte=100),
                name="org_member_submission_grade_at_most_100",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="submission_status_submitted")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.lesson_id} ({self.status})"


class OrgMemberLessonProgress(models.Model):
    """One member's progress on one library lesson (shared by every course that places it)."""

    member = models.ForeignKey("member.OrgMember", on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(OrgLesson, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    quiz_best_score = models.DecimalField(
        _("best quiz score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        db_table = "org_member_lesson_progress"
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["member", "lesson"], name="org_member_lesson_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.lesson_id}"


class _RollupBase(models.Model):
    """Counts of required lessons within the member's tier, written only by the rollup task."""

    member = models.ForeignKey("member.OrgMember", on_delete=models.CASCADE, related_name="+")
    required_total = models.PositiveIntegerField(default=0)
    required_completed = models.PositiveIntegerField(default=0)
    percent = models.PositiveSmallIntegerField(default=0)
    is_completed = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    class Meta:
        abstract = True


class OrgMemberProductCourseProgress(_RollupBase):
    course = models.ForeignKey(OrgProductCourse, on_delete=models.CASCADE, related_name="member_progress")
    last_placement = models.ForeignKey(
        OrgProductCourseModuleSectionLesson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "org_member_product_course_progress"
        constraints = [
            models.UniqueConstraint(fields=["member", "course"], name="org_member_course_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: course {self.course_id} {self.percent}%"


class OrgMemberProductCourseModuleProgress(_RollupBase):
    module = models.ForeignKey(
        OrgProductCourseModule, on_delete=models.CASCADE, related_name="member_progress"
    )

    class Meta:
        db_table = "org_member_product_course_module_progress"
        constraints = [
            models.UniqueConstraint(fields=["member", "module"], name="org_member_module_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: module {self.module_id} {self.percent}%"


class OrgMemberProductCourseModuleSectionProgress(_RollupBase):
    section = models.ForeignKey(
        OrgProductCourseModuleSection, on_delete=models.CASCADE, related_name="member_progress"
    )

    class Meta:
        db_table = "org_member_product_course_module_section_progress"
        constraints = [
            models.UniqueConstraint(fields=["member", "section"], name="org_member_section_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: section {self.section_id} {self.percent}%"


class OrgMemberProductCourseChallengeRating(models.Model):
    """How accurate a learner found the stated level and difficulty, after finishing a module."""

    member = models.ForeignKey("member.OrgMember", on_delete=models.CASCADE, related_name="challenge_ratings")
    course = models.ForeignKey(OrgProductCourse, on_delete=models.CASCADE, related_name="challenge_ratings")
    perceived_level = models.CharField(_("level it felt like"), max_length=16, choices=Level.choices)
    perceived_difficulty = models.PositiveSmallIntegerField(
        _("difficulty it felt like (1-10)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "org_member_product_course_challenge_rating"
        ordering = ["-updated_at"]
        verbose_name = _("challenge rating")
        verbose_name_plural = _("challenge ratings")
        constraints = [
            models.UniqueConstraint(fields=["member", "course"], name="org_member_course_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(perceived_difficulty__gte=1, perceived_difficulty__lte=10),
                name="org_member_course_rating_difficulty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.course_id} {self.perceived_difficulty}/10"


class OrgMemberProductCourseEnrollment(models.Model):
    """A member's entitlement to a course at an access tier for a validity window.

    A member may hold several (a purchase and a later upgrade); the effective tier
    is the highest among the active ones. Revoking keeps the row for history.
    """

    class Source(models.TextChoices):
        MANUAL = "manual", _("Granted by an admin")
        PURCHASE = "purchase", _("Purchase")

    member = models.ForeignKey("member.OrgMember", on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(OrgProductCourse, on_delete=models.CASCADE, related_name="enrollments")
    access_tier = models.PositiveSmallIntegerField(_("access tier"), validators=TIER_VALIDATORS)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Empty for no end."))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    suspended_at = models.DateTimeField(
        _("suspended"), null=True, blank=True, help_text=_("Access paused while the payment is disputed.")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    order_line = models.ForeignKey(
        "payment.OrgOrderLine", null=True, blank=True, on_delete=models.PROTECT, related_name="enrollments"
    )
    granted_by = models.ForeignKey(
        "member.OrgMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "org_member_product_course_enrollment"
        ordering = ["-created_at", "-id"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.CheckConstraint(
                condition=tier_range_q("access_tier"),
                name="org_member_enrollment_tier_range",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="org_member_enrollment_window",
            ),
        ]
        indexes = [models.Index(fields=["member", "course"], name="enrollment_member_course")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.course_id} (tier {self.access_tier})"
