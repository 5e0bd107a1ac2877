"""Demo catalogs from ``demo/<org>.json``: acme sells software training, globex business and languages.

Six products of all four types per org, translated into every locale it authors in, with variants,
skills and two collections; plans and prices come from ``apps/payment/demo.py``, which publishes the
products once they are priced. The course products keep the en-US slugs "django-for-teams" and
"practical-sql" in both orgs: ``apps/course/demo.py`` fills them with modules and lessons.

Every product also gets two gallery pictures drawn here with Pillow (a cover with its title, then an
illustration; colours and translated alt texts in ``demo/media.json``, made for the demo, CC0) and,
for a few products, questions and answers from the same file.

Idempotent: a product is found by its en-US slug (or one of its ``legacy_slugs``, the slugs an earlier
demo gave it) and brought up to date in place; a second run writes nothing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageDraw, ImageFont

from apps.locale_region.models import OrgBrand, OrgLocale
from apps.product.images import product_image_alt_set, product_images_add
from apps.product.models import OrgProduct, OrgProductCollection, OrgProductVariant, OrgTaxCategory
from apps.product.reviews import product_faq_save
from apps.product.services import (
    collection_create,
    collection_products_set,
    collection_translation_save,
    collection_update,
    product_create,
    product_publish,
    product_skill_set,
    product_translation_save,
    product_update,
    product_variant_create,
    product_variant_translation_save,
    product_variant_update,
    tax_category_create,
)
from apps.skill.models import Skill
from volmify.actors import DEMO_SEED
from volmify.demo import DemoFile, demo_load
from volmify.sanitize import sanitize_html

DATA = Path(__file__).parent / "demo"
TEXT_FIELDS = ("title", "slug", "summary", "description", "seo_title", "seo_description")
EXTENSIONS = {"digital": "digital", "physical": "physical", "service": "service"}  # type -> related name


def demo_catalog(org: Any, catalog: str | None = None) -> DemoFile:
    return demo_load(DATA, catalog or org.slug)


def seed(org: Any, *, catalog: str | None = None) -> None:
    data = demo_catalog(org, catalog)
    locales = org_locale_keys()
    brand = OrgBrand.objects.filter(slug=org.slug).first()
    translations = data["tax_category_translations"]
    taxes = {
        code: OrgTaxCategory.objects.filter(code=code).first()
        or tax_category_create(
            actor=DEMO_SEED, code=code, name=name, name_translations=translations.get(code, {})
        )
        for code, name in data["tax_categories"].items()
    }
    products = {}
    for spec in data["products"]:
        slug = spec["slug"]["en-US"]
        key = f"products[{slug}]"
        tax = data.ref(taxes, spec["tax"], key=f"{key}.tax", kind="tax category")
        products[slug] = _product(data, spec, key=key, brand=brand, tax=tax, locales=locales)
    for position, spec in enumerate(data["collections"]):
        key = f"collections[{spec['slug']['en-US']}]"
        ids = [
            data.ref(products, slug, key=f"{key}.products", kind="product").pk for slug in spec["products"]
        ]
        _collection(data, spec, key=key, position=position, product_ids=ids, locales=locales)
    media = demo_load(DATA, "media")
    for slug, product in products.items():
        _pictures(media, product, slug, locales=locales)
        _faqs(media, product, slug, locales=locales)


def org_locale_keys() -> list[str]:
    """The org's locale keys, default first: the order in which the demo writes translations."""
    rows = OrgLocale.objects.order_by("-is_default", "position")
    return list(rows.values_list("locale__locale_key", flat=True))


def product_find(slug: str, legacy_slugs: tuple[str, ...] = ()) -> OrgProduct | None:
    """The product whose en-US slug is ``slug`` or, from an earlier demo, one of ``legacy_slugs``."""
    translations = OrgProduct._parler_meta.root_model.objects.filter(language_code="en-us")
    for candidate in (slug, *legacy_slugs):
        row = translations.filter(slug=candidate).first()
        if row is not None:
            return OrgProduct.objects.get(pk=row.master_id)
    return None


def _texts(data: DemoFile, spec: dict, locale: str, *, key: str, fields: tuple[str, ...]) -> dict[str, str]:
    return {field: data.text(spec[field], locale, key=f"{key}.{field}") for field in fields}


def _product(
    data: DemoFile, spec: dict, *, key: str, brand: OrgBrand | None, tax: OrgTaxCategory, locales: list[str]
) -> OrgProduct:
    extension = spec.get("extension", {})
    product = product_find(spec["slug"]["en-US"], tuple(spec.get("legacy_slugs", ())))
    if product is None:
        product = product_create(
            actor=DEMO_SEED, product_type=spec["type"], language_code="en-US", brand=brand, tax_category=tax,
            extension=extension, **_texts(data, spec, "en-US", key=key, fields=TEXT_FIELDS),
        )  # fmt: skip
    elif (
        product.brand_id != (brand and brand.pk)
        or product.tax_category_id != tax.pk
        or _extension_differs(product, extension)
    ):
        product = product_update(
            actor=DEMO_SEED,
            product=product,
            brand=brand,
            tax_category=tax,
            image_url=product.image_url,
            extension=extension,
        )
    stored = {row.language_code: row for row in product.translations.all()}
    for locale in locales:
        texts = _texts(data, spec, locale, key=key, fields=TEXT_FIELDS)
        row = stored.get(locale.lower())
        wanted = texts | {"description": sanitize_html(texts["description"])}
        if row is None or any(getattr(row, field) != value for field, value in wanted.items()):
            product_translation_save(actor=DEMO_SEED, product=product, language_code=locale, **texts)
    _variants(data, product, spec["variants"], key=f"{key}.variants", locales=locales)
    _digital_file(product, extension)
    skills = data.rows(Skill.objects, "slug", spec["skills"], key=f"{key}.skills", kind="skill")
    current = dict(product.skill_weights.values_list("skill__slug", "weight"))
    for slug, skill in skills.items():
        if current.get(slug) != spec["skills"][slug]:
            product_skill_set(actor=DEMO_SEED, product=product, skill=skill, weight=spec["skills"][slug])
    return product


def _digital_file(product: OrgProduct, extension: dict[str, Any]) -> None:
    """A digital product's file, made for the demo (a zip holding a short README) when it has none,
    so a demo purchase can be downloaded."""
    digital = getattr(product, "digital", None)
    if product.product_type != OrgProduct.ProductType.DIGITAL or digital is None or digital.file:
        return
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        title = product.safe_translation_getter("title", any_language=True)
        archive.writestr("README.txt", f"{title}\n\nDemo content made for Volmify's demo school (CC0).\n")
    upload = ContentFile(buffer.getvalue(), name=extension.get("file_name") or "download.zip")
    product_update(
        actor=DEMO_SEED,
        product=product,
        brand=product.brand,
        tax_category=product.tax_category,
        image_url=product.image_url,
        extension={**extension, "file": upload},
    )


def _extension_differs(product: OrgProduct, fields: dict[str, Any]) -> bool:
    related = EXTENSIONS.get(product.product_type)
    if related is None:
        return False
    extension = getattr(product, related, None)
    return extension is None or any(getattr(extension, name) != value for name, value in fields.items())


def _variants(
    data: DemoFile, product: OrgProduct, names: list[dict], *, key: str, locales: list[str]
) -> None:
    """Variants by position, each name a mapping language -> text; extra variants are deactivated."""
    existing = {variant.position: variant for variant in OrgProductVariant.objects.filter(product=product)}
    for position, name in enumerate(names):
        variant = existing.pop(position, None) or product_variant_create(
            actor=DEMO_SEED, product=product, language_code="en-US", name=name["en-US"], position=position
        )
        if not variant.is_active:
            product_variant_update(actor=DEMO_SEED, variant=variant, position=position, is_active=True)
        stored = dict(variant.translations.values_list("language_code", "name"))
        for locale in locales:
            text = data.text(name, locale, key=f"{key}[{position}]")
            if stored.get(locale.lower()) != text:
                product_variant_translation_save(
                    actor=DEMO_SEED, variant=variant, language_code=locale, name=text
                )
    for variant in existing.values():  # variants an earlier demo made that this catalog does not sell
        if variant.is_active:
            product_variant_update(
                actor=DEMO_SEED, variant=variant, position=variant.position, is_active=False
            )


def _collection(
    data: DemoFile, spec: dict, *, key: str, position: int, product_ids: list[int], locales: list[str]
) -> None:
    fields = ("title", "slug", "description")
    english = _texts(data, spec, "en-US", key=key, fields=fields)
    translations = OrgProductCollection._parler_meta.root_model.objects
    row = translations.filter(language_code="en-us", slug=english["slug"]).first()
    if row is None:
        collection = collection_create(
            actor=DEMO_SEED,
            language_code="en-US",
            kind=spec["kind"],
            position=position,
            is_published=True,
            **english,
        )
    else:
        collection = OrgProductCollection.objects.get(pk=row.master_id)
        if (collection.kind, collection.position, collection.is_published) != (spec["kind"], position, True):
            collection = collection_update(
                actor=DEMO_SEED,
                collection=collection,
                kind=spec["kind"],
                position=position,
                is_published=True,
            )
    stored = {row.language_code: row for row in collection.translations.all()}
    for locale in locales:
        texts = _texts(data, spec, locale, key=key, fields=fields)
        row = stored.get(locale.lower())
        wanted = (texts["title"], texts["slug"], sanitize_html(texts["description"]))
        if row is None or (row.title, row.slug, row.description) != wanted:
            collection_translation_save(actor=DEMO_SEED, collection=collection, language_code=locale, **texts)
    if list(collection.entries.order_by("position").values_list("product_id", flat=True)) != product_ids:
        collection_products_set(actor=DEMO_SEED, collection=collection, product_ids=product_ids)


def products_publish(org: Any, *, catalog: str | None = None) -> None:
    """Publish the catalog's drafts that have a priced plan (called by the payments demo after pricing)."""
    for spec in demo_catalog(org, catalog)["products"]:
        product = product_find(spec["slug"]["en-US"])
        if product is not None and product.status == OrgProduct.Status.DRAFT:
            product_publish(actor=DEMO_SEED, product=product)


PICTURE_SIZE = (1280, 720)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)  # Pillow's bundled font: no system fonts needed


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _gradient(start: str, end: str) -> Image.Image:
    """A diagonal gradient from ``start`` to ``end``."""
    first = Image.new("RGB", PICTURE_SIZE, start)
    second = Image.new("RGB", PICTURE_SIZE, end)
    vertical = Image.linear_gradient("L")
    mask = ImageChops.add(vertical, vertical.rotate(90), scale=2).resize(PICTURE_SIZE)
    return Image.composite(second, first, mask)


def demo_picture(kind: str, title: str, colours: list[str]) -> bytes:
    """A cover (the title on a gradient) or an illustration (circles and lines), as PNG bytes."""
    image = _gradient(colours[0], colours[1])
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = PICTURE_SIZE
    if kind == "cover":
        draw.ellipse((width - 420, -180, width + 180, 420), fill=(255, 255, 255, 38))
        draw.rectangle((80, height - 120, 280, height - 108), fill=(255, 255, 255, 220))
        font = _font(84)
        lines = _wrapped(draw, title, font, width - 200)[:3]
        top = height // 2 - len(lines) * 52
        for number, line in enumerate(lines):
            draw.text((80, top + number * 104), line, font=font, fill="white")
    else:
        for number in range(7):
            radius = 60 + number * 55
            centre = (width // 3 + number * 70, height // 2 + (number % 2) * 40)
            box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)
            draw.ellipse(box, outline=(255, 255, 255, 70 + number * 20), width=6)
        for number in range(5):
            draw.line((0, 120 + number * 120, width, 40 + number * 120), fill=(255, 255, 255, 40), width=3)
        draw.text((80, height - 140), title, font=_font(48), fill=(255, 255, 255, 230))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=False)
    return output.getvalue()


def _pictures(media: DemoFile, product: OrgProduct, slug: str, *, locales: list[str]) -> None:
    """A cover and an illustration, described in every locale; a product with pictures keeps them."""
    if product.images.exists():
        return
    colours = media.ref(media["palettes"], slug, key="palettes", kind="product")
    title = product.safe_translation_getter("title", language_code="en-us", any_language=True) or slug
    uploads = [
        SimpleUploadedFile(f"{slug}-{kind}.png", demo_picture(kind, title, colours), content_type="image/png")
        for kind in ("cover", "detail")
    ]
    images = product_images_add(actor=DEMO_SEED, product=product, uploads=uploads)
    for kind, image in zip(("cover", "detail"), images, strict=True):
        for locale in locales:
            localized = product.safe_translation_getter(
                "title", language_code=locale.lower(), any_language=True
            )
            text = media.text(media["alt"][kind], locale, key=f"alt.{kind}").format(title=localized or title)
            product_image_alt_set(actor=DEMO_SEED, image=image, language_code=locale, alt_text=text)


def _faqs(media: DemoFile, product: OrgProduct, slug: str, *, locales: list[str]) -> None:
    """The file's questions for this product, added once (a product with questions keeps them)."""
    specs = media["faqs"].get(slug, [])
    if not specs or product.faqs.exists():
        return
    for position, spec in enumerate(specs):
        faq = None
        for locale in locales:
            faq = product_faq_save(
                actor=DEMO_SEED,
                product=product,
                faq=faq,
                language_code=locale,
                question=media.text(spec["question"], locale, key=f"faqs.{slug}[{position}].question"),
                answer=media.text(spec["answer"], locale, key=f"faqs.{slug}[{position}].answer"),
                position=position,
            )
