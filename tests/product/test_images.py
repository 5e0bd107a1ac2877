"""Product gallery pictures: checks on upload, renditions, alt text, order, removal, the console's
Media section and another org's ids."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.audit.models import OrgAuditEntry
from apps.member.models import OrgMember
from apps.product.images import (
    gallery_images,
    product_image_alt_set,
    product_image_delete,
    product_image_move,
    product_images_add,
)
from apps.product.models import OrgProduct, OrgProductImage
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.product.factories import OrgProductFactory


def picture(
    width=2000, height=1000, *, image_format="JPEG", name="photo.jpg", orientation=None, color="teal"
):
    image = Image.new("RGB", (width, height), color)
    output = io.BytesIO()
    options = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation  # Orientation
        exif[0x010F] = "CameraMaker"  # Make: must not survive re-encoding
        options["exif"] = exif.tobytes()
    image.save(output, format=image_format, **options)
    return SimpleUploadedFile(name, output.getvalue(), content_type=f"image/{image_format.lower()}")


@pytest.fixture
def product(org_a, in_org):
    in_org(org_a)
    market(2)
    return OrgProductFactory()


def _add(product, *uploads, **kwargs):
    return product_images_add(actor=TEST_ACTOR, product=product, uploads=list(uploads), **kwargs)


def test_an_upload_gets_webp_renditions_that_are_never_upscaled(product):
    big, small = _add(product, picture(2000, 1000), picture(500, 250, image_format="PNG", name="s.png"))
    assert [(size["width"], size["height"]) for size in big.renditions] == [
        (320, 160),
        (640, 320),
        (1280, 640),
    ]
    assert [(size["width"], size["height"]) for size in small.renditions] == [(320, 160), (500, 250)]
    for size in big.renditions:
        with default_storage.open(size["name"]) as handle, Image.open(handle) as stored:
            assert (stored.format, stored.size) == ("WEBP", (size["width"], size["height"]))
    assert (big.width, big.height, big.position, small.position) == (2000, 1000, 0, 1)
    product.refresh_from_db()
    shown = gallery_images(product=product, chain=("en-US",))
    assert shown[0].width == 1280 and shown[0].height == 640
    assert shown[0].srcset.count("w, ") == 2 and shown[0].srcset.endswith(" 1280w")
    assert OrgAuditEntry.objects.filter(object_type="product.orgproductimage", verb="create").count() == 2


def test_exif_orientation_is_applied_and_metadata_dropped(product):
    (image,) = _add(product, picture(400, 200, orientation=6))
    assert (image.width, image.height) == (200, 400)  # turned upright
    with default_storage.open(image.file.name) as handle, Image.open(handle) as stored:
        assert stored.size == (200, 400)
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("upload", "settings_override", "message"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"not a picture at all", content_type="image/jpeg"),
            {},
            "Upload a JPEG",
        ),
        (picture(100, 100, image_format="BMP", name="a.bmp"), {}, "Upload a JPEG"),
        (picture(300, 300), {"PRODUCT_IMAGE_MAX_PIXELS": 10_000}, "has too many pixels"),
        (picture(300, 300), {"PRODUCT_IMAGE_MAX_BYTES": 100}, "is larger than 1 MB"),
    ],
)
def test_refused_uploads_change_nothing(product, settings, upload, settings_override, message):
    _add(product, picture(80, 40))
    for name, value in settings_override.items():
        setattr(settings, name, value)
    with pytest.raises(ValidationError, match=message):
        _add(product, picture(60, 30, image_format="PNG"), upload)  # one bad file refuses the whole upload
    product.refresh_from_db()
    assert OrgProductImage.objects.count() == 1
    assert len(product.gallery) == 1


def test_alt_text_per_language_reaches_the_gallery(product):
    (image,) = _add(product, picture(800, 400), language_code="en-US", alt_text="A teal square")
    product_image_alt_set(actor=TEST_ACTOR, image=image, language_code="es-MX", alt_text="Un cuadrado")
    product.refresh_from_db()
    assert gallery_images(product=product, chain=("es-MX", "en-US"))[0].alt == "Un cuadrado"
    assert gallery_images(product=product, chain=("en-US",))[0].alt == "A teal square"
    entry = OrgAuditEntry.objects.get(verb="translate", object_type="product.orgproductimage")
    assert entry.changes == {"alt_text:es-MX": ["", "Un cuadrado"]}
    with pytest.raises(ValidationError):
        product_image_alt_set(actor=TEST_ACTOR, image=image, language_code="fr-FR", alt_text="Carré")


def test_reorder_moves_one_place_and_the_first_is_the_main_picture(product):
    first, second, third = _add(product, picture(800, 400), picture(801, 400), picture(802, 400))
    product_image_move(actor=TEST_ACTOR, image=third, direction="up")
    product_image_move(actor=TEST_ACTOR, image=first, direction="up")  # already first: nothing
    ordered = list(OrgProductImage.objects.order_by("position").values_list("pk", flat=True))
    assert ordered == [first.pk, third.pk, second.pk]
    product.refresh_from_db()
    assert [entry["id"] for entry in product.gallery] == ordered
    with pytest.raises(ValidationError):
        product_image_move(actor=TEST_ACTOR, image=first, direction="sideways")


def test_delete_removes_the_picture_and_its_files(product, django_capture_on_commit_callbacks):
    (image,) = _add(product, picture(800, 400))
    names = [image.file.name, *(size["name"] for size in image.renditions)]
    with django_capture_on_commit_callbacks(execute=True):
        product_image_delete(actor=TEST_ACTOR, image=image)
    assert not OrgProductImage.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    product.refresh_from_db()
    assert product.gallery == []


# The console's Media section ------------------------------------------------------------------------


@pytest.fixture
def admin(product):
    return OrgMemberFactory(role=OrgMember.Role.ADMIN).user


def test_console_uploads_several_pictures_describes_moves_and_removes(product, admin, host_client, org_a):
    client = host_client(org_a, admin)
    base = f"/manage/catalog/products/{product.pk}/"
    response = client.post(
        base + "images/",
        {
            "upload-images": [picture(900, 450), picture(700, 350, name="b.jpg")],
            "upload-language": "en-US",
            "upload-alt_text": "Cover",
        },
    )
    assert response.status_code == 302
    first, second = OrgProductImage.objects.order_by("position")
    html = client.get(base).content.decode()
    assert 'id="media"' in html and "Main picture" in html and 'enctype="multipart/form-data"' in html
    assert client.post(base + f"images/{second.pk}/move/", {"direction": "up"}).status_code == 302
    assert list(OrgProductImage.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    response = client.post(
        base + f"images/{first.pk}/alt/",
        {f"image-{first.pk}-language": "es-MX", f"image-{first.pk}-alt_text": "Portada"},
    )
    assert response.status_code == 302
    assert first.translations.get(language_code__iexact="es-MX").alt_text == "Portada"
    assert "Remove picture" in client.get(base + f"images/{first.pk}/delete/").content.decode()
    assert OrgProductImage.objects.count() == 2  # the GET only asks
    assert client.post(base + f"images/{first.pk}/delete/").status_code == 302
    assert list(OrgProductImage.objects.values_list("pk", flat=True)) == [second.pk]


def test_console_refuses_a_non_image_with_a_message_and_keeps_the_gallery(product, admin, host_client, org_a):
    bad = SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = host_client(org_a, admin).post(
        f"/manage/catalog/products/{product.pk}/images/", {"upload-images": [bad], "upload-language": "en-US"}
    )
    assert response.status_code == 400
    assert "Upload a JPEG, PNG, WebP or GIF picture." in response.content.decode()
    assert not OrgProductImage.objects.exists()


def test_another_orgs_picture_is_404_and_unchanged(product, org_a, org_b, in_org, host_client):
    (image,) = _add(product, picture(800, 400))
    in_org(org_b)
    other_product = OrgProductFactory()
    client = host_client(org_b, OrgMemberFactory(role=OrgMember.Role.ADMIN).user)
    for url, data in [
        (f"/manage/catalog/products/{other_product.pk}/images/{image.pk}/move/", {"direction": "down"}),
        (f"/manage/catalog/products/{other_product.pk}/images/{image.pk}/alt/", {}),
        (f"/manage/catalog/products/{other_product.pk}/images/{image.pk}/delete/", {}),
        (
            f"/manage/catalog/products/{product.pk + 1000}/video/",
            {"preview_video_url": "https://youtu.be/dQw4w9WgXcQ"},
        ),
    ]:
        assert client.post(url, data).status_code == 404
    assert (
        client.get(f"/manage/catalog/products/{other_product.pk}/images/{image.pk}/delete/").status_code
        == 404
    )
    in_org(org_a)
    assert OrgProductImage.objects.filter(pk=image.pk, position=0).exists()
    assert OrgProduct.objects.get(pk=product.pk).preview_video_url == ""
