"""Instructor identity and its relationships with orgs (public schema).

A user holds several ``UserInstructorProfile`` rows (one per specialization). A profile works with
an org through an ``InstructorOrgAffiliation``; what the org pays it is the affiliation's
compensation history (``InstructorOrgAffiliationCompensation``), each row in force from its
``effective_from`` until the next one, never changed once written, so a sale is always paid by the
terms that stood when it happened.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from apps.instructor.terms import CompensationKind
from volmify.sanitize import sanitize_html


class UserInstructorProfile(TranslatableModel):
    """One professional identity of a user ("Ana Ruiz, data engineer"), with a public page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instructor_profiles"
    )
    slug = models.SlugField(_("public address"), max_length=80, unique=True)
    display_name = models.CharField(_("display name"), max_length=120)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    photo_url = models.URLField(_("photo URL"), blank=True)
    # the uploaded photo's square rendition (apps.instructor.photos), preferred over photo_url
    photo = models.ImageField(
        _("photo"),
        upload_to="instructor/photos/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    skills = models.ManyToManyField(
        "skill.Skill",
        verbose_name=_("skills"),
        blank=True,
        related_name="+",
        db_table="user_instructor_profile_skill",
    )
    # [{"label": "Website", "url": "https://…"}], validated by the services (https/http URLs only)
    links = models.JSONField(_("links"), default=list, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    translations = TranslatedFields(
        bio=models.TextField(_("bio"), blank=True),
        meta={"db_table": "user_instructor_profile_translation"},
    )

    class Meta:
        db_table = "user_instructor_profile"
        ordering = ["display_name", "id"]
        verbose_name = _("instructor profile")
        verbose_name_plural = _("instructor profiles")

    def __str__(self) -> str:
        return self.display_name

    @property
    def photo_src(self) -> str:
        """Where the profile's photo is served from: the upload, else the older external URL."""
        return self.photo.url if self.photo else self.photo_url

    @property
    def bio_html(self) -> str:
        """The bio in the active language, cleaned again on the way out (rows written before the
        services sanitized it are plain text, which the cleaner keeps escaped)."""
        return mark_safe(sanitize_html(self.safe_translation_getter("bio", any_language=True) or ""))


class InstructorOrgAffiliation(models.Model):
    """A profile's working relationship with one org."""

    class Role(models.TextChoices):
        INSTRUCTOR = "instructor", _("Instructor")
        LEAD_INSTRUCTOR = "lead_instructor", _("Lead instructor")
        GUEST_EXPERT = "guest_expert", _("Guest expert")
        REVIEWER = "reviewer", _("Reviewer")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    class Source(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        APPLICATION = "application", _("Application")
        MIGRATION = "migration", _("Course instructor before attribution")
        DIRECT = "direct", _("Added by the organization")

    profile = models.ForeignKey(UserInstructorProfile, on_delete=models.CASCADE, related_name="affiliations")
    org = models.ForeignKey("org.Org", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.INSTRUCTOR)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.DIRECT)
    message = models.TextField(_("message"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "instructor_org_affiliation"
        ordering = ["org_id", "profile__display_name", "id"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            # one live relationship per profile and org; ended ones stay as history
            models.UniqueConstraint(
                fields=["profile", "org"],
                condition=~models.Q(status="ended"),
                name="instructor_org_affiliation_one_live",
            )
        ]
        indexes = [models.Index(fields=["org", "status"], name="instructor_affiliation_org")]

    def __str__(self) -> str:
        return f"{self.profile} @ {self.org_id} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class InstructorOrgAffiliationStatusChange(models.Model):
    """When an affiliation took each status (rows are only added): what a month's fixed amount is
    paid by (the status at the month's first moment), so a suspension is never undone by a later
    resumption and a month paid stays paid."""

    affiliation = models.ForeignKey(
        InstructorOrgAffiliation, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=20, choices=InstructorOrgAffiliation.Status.choices)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        db_table = "instructor_org_affiliation_status_change"
        ordering = ["affiliation_id", "changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        indexes = [
            models.Index(fields=["affiliation", "changed_at"], name="instructor_status_change_at"),
        ]

    def __str__(self) -> str:
        return f"{self.status} at {self.changed_at:%Y-%m-%d %H:%M}"


class InstructorOrgAffiliationCompensation(models.Model):
    """The affiliation's terms from ``effective_from`` until the next row's: rows are only added."""

    class Kind(models.TextChoices):
        REVENUE_SHARE = CompensationKind.REVENUE_SHARE, _("Revenue share")
        FIXED = CompensationKind.FIXED, _("Fixed")
        HYBRID = CompensationKind.HYBRID, _("Hybrid (fixed plus share)")

    affiliation = models.ForeignKey(
        InstructorOrgAffiliation, on_delete=models.CASCADE, related_name="compensations"
    )
    kind = models.CharField(_("compensation"), max_length=16, choices=Kind.choices)
    percent = models.DecimalField(_("revenue share (%)"), max_digits=5, decimal_places=2, default=Decimal(0))
    effective_from = models.DateTimeField(_("in force from"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "instructor_org_affiliation_compensation"
        ordering = ["affiliation_id", "-effective_from", "-id"]
        verbose_name = _("compensation")
        verbose_name_plural = _("compensation history")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="instructor_compensation_percent_range",
            ),
            models.UniqueConstraint(
                fields=["affiliation", "effective_from"], name="instructor_compensation_one_per_moment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.percent}% from {self.effective_from:%Y-%m-%d}"


class InstructorOrgAffiliationCompensationAmount(models.Model):
    """A fixed amount of a compensation in one of the org's selling currencies."""

    compensation = models.ForeignKey(
        InstructorOrgAffiliationCompensation, on_delete=models.CASCADE, related_name="amounts"
    )
    currency = models.CharField(_("currency"), max_length=3)
    per_sale = models.DecimalField(_("per sale"), max_digits=14, decimal_places=3, default=Decimal(0))
    per_month = models.DecimalField(_("per month"), max_digits=14, decimal_places=3, default=Decimal(0))

    class Meta:
        db_table = "instructor_org_affiliation_compensation_amount"
        ordering = ["currency"]
        verbose_name = _("fixed amount")
        verbose_name_plural = _("fixed amounts")
        constraints = [
            models.UniqueConstraint(
                fields=["compensation", "currency"], name="instructor_compensation_amount_one_per_currency"
            ),
            models.CheckConstraint(
                condition=models.Q(per_sale__gte=0, per_month__gte=0),
                name="instructor_compensation_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.per_sale}/{self.per_month}"


class InstructorOrgInvitation(models.Model):
    """An invitation to work with an org, by email, with proposed terms.

    An admin's invitation is sent at once; an instructor's waits for an admin's approval first.
    The invitee accepts it signed in with the invited email, choosing one of their profiles.
    """

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting an admin's approval")
        PENDING = "pending", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")
        REJECTED = "rejected", _("Not approved")
        COUNTER_OFFERED = "counter_offered", _("Counter-offered")

    org = models.ForeignKey("org.Org", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=InstructorOrgAffiliation.Role.choices,
        default=InstructorOrgAffiliation.Role.INSTRUCTOR,
    )
    message = models.TextField(_("message"), blank=True)
    # the proposed terms, validated when the invitation is made:
    # {"kind": "hybrid", "percent": "30.00", "amounts": {"USD": {"per_sale": "2.00", "per_month": "0.00"}}}
    terms = models.JSONField(_("proposed terms"), default=dict)
    language = models.CharField(_("language"), max_length=16, default="en")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    affiliation = models.ForeignKey(
        InstructorOrgAffiliation, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    # a collaborator invitation made for one product (in the org's schema: no foreign key), with
    # the share of its creators' pool the invitee is credited with on accepting
    product_id = models.PositiveBigIntegerField(_("product"), null=True, blank=True)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    # the invitee's counter-offer: the terms they propose instead (as ``terms``) and the profile
    # they would work as, until an admin accepts or declines it
    counter_terms = models.JSONField(_("counter-offered terms"), default=dict, blank=True)
    counter_message = models.TextField(_("counter-offer message"), blank=True)
    counter_profile = models.ForeignKey(
        UserInstructorProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "instructor_org_invitation"
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["org", "status"], name="instructor_invitation_org")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_percent__isnull=True)
                | models.Q(share_percent__gte=0, share_percent__lte=100),
                name="instructor_invitation_share_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} @ {self.org_id} ({self.get_status_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Whether the invitee may still answer it."""
        return self.status == self.Status.PENDING and not self.is_expired


class InstructorProductRollup(models.Model):
    """A published product a profile is attributed on, as one org's task last wrote it.

    The public profile page reads these rows (one query across orgs); each org's task replaces its
    own rows, so the table converges on the orgs' current catalogs.
    """

    profile = models.ForeignKey(UserInstructorProfile, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("org.Org", on_delete=models.CASCADE, related_name="+")
    product_id = models.PositiveBigIntegerField()  # in the org's schema: no foreign key
    product_type = models.CharField(max_length=16)
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    role = models.CharField(max_length=20)
    # Performance, as the org's tasks last counted it: units sold on orders still paid, course
    # enrollments not revoked and those completed, the approved reviews' average, and the
    # profile's earnings on the product per currency ({"EUR": "12.340"}; never summed across).
    sales = models.PositiveIntegerField(default=0)
    enrollments = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    rating_count = models.PositiveIntegerField(default=0)
    earned = models.JSONField(default=dict, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "instructor_product_rollup"
        ordering = ["org_id", "title", "product_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "org", "product_id"], name="instructor_product_rollup_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}:{self.org_id}:{self.product_id}"


class InstructorReputationRollup(models.Model):
    """A profile's teaching figures in one org (absolute totals, rewritten by the org's task)."""

    profile = models.ForeignKey(UserInstructorProfile, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("org.Org", on_delete=models.CASCADE, related_name="+")
    learners = models.PositiveIntegerField(default=0)  # distinct enrolled members
    enrollments = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)
    # Learners' approved reviews of the profile's products here: their count and the sum of their
    # ratings (1-5), so averages across orgs weigh every review alike.
    review_count = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    # Learners' level and difficulty ratings of the profile's courses here: their count and the sum
    # of how closely each matched the stated level and difficulty (0 to 1 each; see
    # ``apps.course.creator_rollup``).
    challenge_count = models.PositiveIntegerField(default=0)
    challenge_match_total = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "instructor_reputation_rollup"
        constraints = [
            models.UniqueConstraint(fields=["profile", "org"], name="instructor_reputation_rollup_unique"),
            models.CheckConstraint(
                condition=models.Q(completions__lte=models.F("enrollments")),
                name="instructor_reputation_completions_within_enrollments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}:{self.org_id}"


class InstructorLibraryLesson(models.Model):
    """A lesson an instructor published from one org to their own library: a snapshot of its content
    (public schema), which they may import as a copy into another org they work with.

    It names its source by plain ids (the org is public; the lesson lives in that org's schema).
    ``version`` counts the publishes that changed the content. Translations are stored as parler
    keeps them for the lesson, one object per language; quiz questions and their options carry
    ``key``s that stay the same across versions, so a copy pulling an update keeps its question
    rows (and learners' attempts that point at them) where the key matches.
    """

    profile = models.ForeignKey(
        UserInstructorProfile, on_delete=models.CASCADE, related_name="library_lessons"
    )
    source_org = models.ForeignKey("org.Org", on_delete=models.CASCADE, related_name="+")
    source_lesson_id = models.PositiveIntegerField(_("source lesson"))
    version = models.PositiveIntegerField(_("version"), default=1)
    lesson_type = models.CharField(_("type"), max_length=16)
    title = models.CharField(_("title"), max_length=200)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    # video URL, captions, pass mark, attempts limit… as the lesson holds them
    lesson_fields = models.JSONField(_("lesson settings"), default=dict, blank=True)
    # {"en": {"title": …, "summary": …, "body_markdown": …, "body_html": (sanitized)}, "es": {…}}
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # [{"key": "q12", "kind": …, "position": …, "translations": {lang: {…}},
    #   "options": [{"key": "o40", "position": …, "is_correct": …, "translations": {lang: {"text": …}}}]}]
    questions = models.JSONField(_("quiz questions"), default=list, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField(_("published"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "instructor_library_lesson"
        ordering = ["title", "id"]
        verbose_name = _("library lesson")
        verbose_name_plural = _("library lessons")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "source_org", "source_lesson_id"], name="instructor_library_lesson_once"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="instructor_library_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class InstructorLibraryLessonImport(models.Model):
    """Where a library lesson was imported (public, so the owner's library lists it and the update
    email finds its copies without visiting any org's schema); the copy itself, with its
    provenance, lives in the importing org (``course.OrgLessonLibraryCopy``)."""

    library_lesson = models.ForeignKey(
        InstructorLibraryLesson, on_delete=models.CASCADE, related_name="imports"
    )
    org = models.ForeignKey("org.Org", on_delete=models.CASCADE, related_name="+")
    lesson_id = models.PositiveIntegerField(_("lesson"))
    version = models.PositiveIntegerField(_("version copied"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"))
    # the version the owner was last emailed about, so a re-run of the task sends nothing twice
    notified_version = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "instructor_library_lesson_import"
        ordering = ["org_id", "id"]
        verbose_name = _("library lesson import")
        verbose_name_plural = _("library lesson imports")
        constraints = [
            models.UniqueConstraint(fields=["library_lesson", "org"], name="instructor_library_import_once")
        ]

    def __str__(self) -> str:
        return f"{self.library_lesson_id} → {self.org_id}:{self.lesson_id} (v{self.version})"

    @property
    def is_behind(self) -> bool:
        return self.version < self.library_lesson.version
