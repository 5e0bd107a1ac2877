"""Products of one org (tenant schema): the base product, its type extensions (CTI), variants,
collections and tax categories.

The course extension (``OrgProductCourse``) lives in ``apps.course``; digital,
physical and service extensions live here. Each extension's primary key is the
product's, so a product has at most one of each and the base row is shared.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from volmify.files import org_upload_path, private_storage
from volmify.names import name_in_language, name_translations_clean


class OrgTaxCategory(models.Model):  # type: ignore[django-manager-missing]
    """How a product is taxed (e.g. e-learning services, printed books); rates come with the tax issue."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    name_translations = models.JSONField(
        _("name in other languages"), default=dict, blank=True, help_text=_("By interface language.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "org_tax_category"
        ordering = ["name"]
        verbose_name = _("tax category")
        verbose_name_plural = _("tax categories")
        constraints = [models.UniqueConstraint(fields=["code"], name="org_tax_category_unique_code")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language."""
        return name_in_language(self.name, self.name_translations)

    def clean(self) -> None:
        self.name_translations = name_translations_clean(self.name_translations, max_length=120)


class OrgProduct(TranslatableModel):
    """Anything the org sells. Title, slug, texts and SEO metadata are translated per org locale."""

    class ProductType(models.TextChoices):
        COURSE = "course", _("Course")
        DIGITAL = "digital", _("Digital product")
        PHYSICAL = "physical", _("Physical product")
        SERVICE = "service", _("Service")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    product_type = models.CharField(_("type"), max_length=16, choices=ProductType.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    brand = models.ForeignKey(
        "locale_region.OrgBrand",
        verbose_name=_("brand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    tax_category = models.ForeignKey(
        OrgTaxCategory,
        verbose_name=_("tax category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    image_url = models.URLField(_("image URL"), blank=True)
    # the gallery as pages show it, rewritten by apps.product.images on every image change, so a
    # product page or catalog card reads its pictures from this row (no query per image)
    gallery = models.JSONField(_("gallery"), default=list, blank=True, editable=False)
    # a YouTube or Vimeo player address on a privacy-enhanced domain (apps.product.video)
    preview_video_url = models.URLField(_("preview video"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=200),
        slug=models.SlugField(_("slug"), max_length=200, allow_unicode=True),
        summary=models.CharField(_("summary"), max_length=300, blank=True),
        description=models.TextField(_("description"), blank=True, help_text=_("Sanitized HTML.")),
        seo_title=models.CharField(_("SEO title"), max_length=70, blank=True),
        seo_description=models.CharField(_("SEO description"), max_length=160, blank=True),
        meta={
            "db_table": "org_product_translation",
            "constraints": [
                models.UniqueConstraint(
                    fields=["language_code", "slug"], name="org_product_translation_unique_slug"
                )
            ],
        },
    )

    class Meta:
        db_table = "org_product"
        ordering = ["-created_at", "-id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [models.Index(fields=["status", "product_type"], name="org_product_status_type")]

    def __str__(self) -> str:
        return self.safe_translation_getter("title", any_language=True) or f"#{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def cover_image(self) -> Any:
        """The gallery's first picture (an ``apps.product.images.GalleryImage``), read from the row."""
        from apps.product.images import gallery_images  # the module imports these models

        shown = gallery_images(product=self, chain=()) if self.gallery else []
        return shown[0] if shown else None


def digital_file_path(instance: models.Model, filename: str) -> str:
    """Private, per org and unguessable: served only to those entitled to the product."""
    return org_upload_path("digital", filename)


class OrgProductDigital(models.Model):
    """A downloadable file."""

    product = models.OneToOneField(
        OrgProduct, primary_key=True, on_delete=models.CASCADE, related_name="digital"
    )
    file = models.FileField(_("file"), upload_to=digital_file_path, storage=private_storage, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    download_limit = models.PositiveIntegerField(
        _("download limit"), null=True, blank=True, help_text=_("Empty for unlimited downloads.")
    )

    class Meta:
        db_table = "org_product_digital"
        verbose_name = _("digital product")
        verbose_name_plural = _("digital products")

    def __str__(self) -> str:
        return self.file_name or str(self.product_id)


class OrgProductPhysical(models.Model):
    """A shipped good with a SKU, a weight and a stock count."""

    product = models.OneToOneField(
        OrgProduct, primary_key=True, on_delete=models.CASCADE, related_name="physical"
    )
    sku = models.CharField(_("SKU"), max_length=64)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), default=0)
    stock_count = models.IntegerField(_("stock count"), default=0)

    class Meta:
        db_table = "org_product_physical"
        verbose_name = _("physical product")
        verbose_name_plural = _("physical products")
        constraints = [
            models.UniqueConstraint(fields=["sku"], name="org_product_physical_unique_sku"),
            models.CheckConstraint(
                condition=models.Q(stock_count__gte=0), name="org_product_physical_stock_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.sku


class OrgProductService(models.Model):
    """A professional service: how long it takes and how it is delivered."""

    class DeliveryMode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    product = models.OneToOneField(
        OrgProduct, primary_key=True, on_delete=models.CASCADE, related_name="service"
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1)], default=60
    )
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=16, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )

    class Meta:
        db_table = "org_product_service"
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1), name="org_product_service_duration_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_id} ({self.duration_minutes} min)"


class OrgProductVariant(TranslatableModel):
    """A purchasable variation of a product (e.g. "Self-paced", "With mentoring"); plans hang off it."""

    product = models.ForeignKey(OrgProduct, on_delete=models.CASCADE, related_name="variants")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=120),
        description=models.TextField(_("description"), blank=True),
        meta={"db_table": "org_product_variant_translation"},
    )

    class Meta:
        db_table = "org_product_variant"
        ordering = ["position", "id"]
        verbose_name = _("variant")
        verbose_name_plural = _("variants")

    def __str__(self) -> str:
        return self.safe_translation_getter("name", any_language=True) or f"#{self.pk}"


class OrgProductCollection(TranslatableModel):
    """An ordered, translated group of products for the storefront (featured, by topic)."""

    class Kind(models.TextChoices):
        FEATURED = "featured", _("Featured")
        TOPIC = "topic", _("Topic")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TOPIC)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    products = models.ManyToManyField(
        OrgProduct, through="OrgProductCollectionProduct", related_name="collections"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=150),
        slug=models.SlugField(_("slug"), max_length=150, allow_unicode=True),
        description=models.TextField(_("description"), blank=True),
        meta={
            "db_table": "org_product_collection_translation",
            "constraints": [
                models.UniqueConstraint(
                    fields=["language_code", "slug"], name="org_product_collection_translation_unique_slug"
                )
            ],
        },
    )

    class Meta:
        db_table = "org_product_collection"
        ordering = ["position", "id"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.safe_translation_getter("title", any_language=True) or f"#{self.pk}"


class OrgProductCollectionProduct(models.Model):
    collection = models.ForeignKey(OrgProductCollection, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(OrgProduct, on_delete=models.CASCADE, related_name="collection_entries")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "org_product_collection_product"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "product"], name="org_product_collection_product_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}:{self.product_id}"


WEIGHT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(100)]


class OrgProductSkill(models.Model):
    """A skill from the public taxonomy that a product teaches, with its weight (1-100)."""

    product = models.ForeignKey(OrgProduct, on_delete=models.CASCADE, related_name="skill_weights")
    skill = models.ForeignKey(
        "skill.Skill", verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=50, validators=WEIGHT_VALIDATORS)

    class Meta:
        db_table = "org_product_skill"
        ordering = ["-weight", "id"]
        verbose_name = _("product skill")
        verbose_name_plural = _("product skills")
        constraints = [
            models.UniqueConstraint(fields=["product", "skill"], name="org_product_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="org_product_skill_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}:{self.skill_id} ({self.weight})"


class OrgProductInstructorAttribution(models.Model):
    """An instructor profile credited on a product (any type), with its share of the creators' pool.

    Being paid for a product is this row; being allowed to edit a course in the studio is the
    course's instructors, a separate permission. A product's shares sum to at most 100% (of the
    creators' pool; what is left stays with the org), checked by the services under a row lock.
    """

    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        CO_AUTHOR = "co_author", _("Co-author")
        REVIEWER = "reviewer", _("Reviewer")
        CONTRIBUTOR = "contributor", _("Contributor")

    product = models.ForeignKey(OrgProduct, on_delete=models.CASCADE, related_name="instructor_attributions")
    profile = models.ForeignKey(
        "instructor.UserInstructorProfile",
        verbose_name=_("instructor profile"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AUTHOR)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "org_product_instructor_attribution"
        ordering = ["position", "id"]
        verbose_name = _("instructor attribution")
        verbose_name_plural = _("instructor attributions")
        constraints = [
            models.UniqueConstraint(fields=["product", "profile"], name="org_product_attribution_unique"),
            models.CheckConstraint(
                condition=models.Q(share_percent__gte=0, share_percent__lte=100),
                name="org_product_attribution_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}:{self.profile_id} ({self.share_percent}%)"


class OrgProductReview(models.Model):
    """A learner's rating and review of a product they bought or are enrolled in, one per member.

    New reviews wait for the org's moderation; only approved ones are shown and counted.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")

    product = models.ForeignKey(OrgProduct, on_delete=models.CASCADE, related_name="reviews")
    member = models.ForeignKey("member.OrgMember", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), blank=True, help_text=_("Plain text."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "org_product_review"
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["product", "member"], name="org_product_review_one_per_member"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="org_product_review_rating_range"
            ),
        ]
        indexes = [models.Index(fields=["product", "status"], name="org_product_review_status")]

    def __str__(self) -> str:
        return f"{self.product_id}:{self.member_id} ({self.rating})"


class OrgProductFaq(TranslatableModel):
    """A question and its answer on a product's page, in the org's locales, ordered by position."""

    product = models.ForeignKey(OrgProduct, on_delete=models.CASCADE, related_name="faqs")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    translations = TranslatedFields(
        question=models.CharField(_("question"), max_length=300),
        answer=models.TextField(_("answer"), help_text=_("Plain text.")),
        meta={"db_table": "org_product_faq_translation"},
    )

    class Meta:
        db_table = "org_product_faq"
        ordering = ["position", "id"]
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self) -> str:
        return self.safe_translation_getter("question", any_language=True) or f"#{self.pk}"


def product_image_path(instance: models.Model, filename: str) -> str:
    """Public product media, per org and not guessable: ``orgs/<schema>/products/<random>/<name>``."""
    return org_upload_path("products", filename)


class OrgProductImage(TranslatableModel):
    """A picture in a product's gallery: the upload re-encoded upright without its metadata, and
    WebP renditions at a few widths (``renditions``: ``[{"name", "width", "height"}]``, never wider
    than the upload). Alt text is translated like the product's other texts."""

    product = models.ForeignKey(OrgProduct, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(
        _("file"), upload_to=product_image_path, width_field="width", height_field="height", max_length=300
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    translations = TranslatedFields(
        alt_text=models.CharField(
            _("alt text"),
            max_length=250,
            blank=True,
            help_text=_("What the picture shows, for screen readers."),
        ),
        meta={"db_table": "org_product_image_translation"},
    )

    class Meta:
        db_table = "org_product_image"
        ordering = ["position", "id"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")

    def __str__(self) -> str:
        return f"{self.product_id}:{self.position}"

    @property
    def thumbnail(self) -> dict[str, Any] | None:
        """The smallest rendition as ``{"url", "width", "height"}`` (the console's list)."""
        from django.core.files.storage import default_storage

        if not self.renditions:
            return None
        smallest = self.renditions[0]
        return {**smallest, "url": default_storage.url(smallest["name"])}
