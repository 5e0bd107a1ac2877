"""The product page's gallery and preview video, catalog cards' first picture, the page cache and
the page's fixed query count."""

import json
import re

import pytest
from django.conf import settings

from apps.locale_region.selectors import storefront_content_changed
from apps.product.images import product_image_delete, product_images_add
from apps.product.video import preview_video_embed_url, product_preview_video_set
from tests.actors import TEST_ACTOR
from tests.product.test_images import picture

PAGE = "/eu/p/django-for-teams/"


def _add(product, count, **kwargs):
    uploads = [picture(1600 + number, 800, name=f"p{number}.jpg") for number in range(count)]
    return product_images_add(actor=TEST_ACTOR, product=product, uploads=uploads, **kwargs)


def _json_ld(html: str) -> dict:
    return json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[0])


def test_the_gallery_shows_the_first_picture_as_main_with_sizes_and_thumbnails(shop, host_client, org_a):
    _add(shop["product"], 3, language_code="en-US", alt_text="The course cover")
    html = host_client(org_a).get(PAGE).content.decode()
    main = re.search(r'<li class="gallery__slide" id="picture-1">\s*<img ([^>]*)>', html).group(1)
    assert 'width="1280" height="640"' in main and 'alt="The course cover"' in main
    assert re.search(r'srcset="[^"]*320w, [^"]*640w, [^"]*1280w"', main)
    assert 'sizes="' in main and 'fetchpriority="high"' in main
    assert html.count('class="gallery__slide"') == 3
    assert html.count('href="#picture-') == 3
    images = _json_ld(html)["image"]
    assert len(images) == 3 and all(url.startswith("http://") and url.endswith(".webp") for url in images)
    assert '<meta property="og:image" content="http://' in html


def test_catalog_cards_show_the_first_picture_else_the_old_image_address(shop, host_client, org_a):
    product = shop["product"]
    product.image_url = "https://cdn.example.com/old.png"
    product.save()
    storefront_content_changed()
    client = host_client(org_a)
    assert 'src="https://cdn.example.com/old.png"' in client.get("/eu/catalog/").content.decode()
    _add(product, 1)
    html = client.get("/eu/catalog/").content.decode()
    assert "old.png" not in html
    card = re.search(r'<article class="card product-card">\s*<img ([^>]*)>', html).group(1)
    assert 'width="1280" height="640"' in card and "srcset=" in card


def test_image_changes_reach_the_cached_page(shop, host_client, org_a, django_assert_num_queries):
    client = host_client(org_a)
    client.get(PAGE)
    with django_assert_num_queries(0):
        assert "gallery__slide" not in client.get(PAGE).content.decode()  # from the page cache
    (image,) = _add(shop["product"], 1)
    assert client.get(PAGE).content.decode().count('class="gallery__slide"') == 1
    product_image_delete(actor=TEST_ACTOR, image=image)
    assert "gallery__slide" not in client.get(PAGE).content.decode()


@pytest.mark.parametrize("pictures", [0, 1, 8])
def test_product_page_query_count_does_not_grow_with_pictures(
    shop, host_client, org_a, pictures, django_assert_num_queries
):
    if pictures:
        _add(shop["product"], pictures)
    client = host_client(org_a)
    client.get(PAGE)
    storefront_content_changed()
    client.get("/robots.txt")
    with django_assert_num_queries(
        11
    ):  # 12 in test_product_page with reviews; pictures come with the product row
        html = client.get(PAGE).content.decode()
    assert html.count('class="gallery__slide"') == pictures


@pytest.mark.parametrize(
    ("given", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("", ""),
    ],
)
def test_video_addresses_become_privacy_enhanced_players(given, embed):
    assert preview_video_embed_url(given) == embed


@pytest.mark.parametrize(
    "bad",
    [
        "https://evil.example.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=short",
        "https://vimeo.com/channels/staffpicks",
        "https://youtube.com.evil.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_other_video_addresses_are_refused_with_a_message_and_change_nothing(shop, host_client, org_a, bad):
    from tests.member.factories import OrgMemberFactory

    admin = OrgMemberFactory(role="admin").user
    product = shop["product"]
    response = host_client(org_a, admin).post(
        f"/manage/catalog/products/{product.pk}/video/", {"preview_video_url": bad}
    )
    assert response.status_code == 400
    assert "Enter the address of a YouTube or Vimeo video" in response.content.decode()
    product.refresh_from_db()
    assert product.preview_video_url == ""


def test_the_preview_video_is_shown_and_the_policy_frames_only_the_video_players(shop, host_client, org_a):
    product_preview_video_set(actor=TEST_ACTOR, product=shop["product"], url="https://youtu.be/dQw4w9WgXcQ")
    response = host_client(org_a).get(PAGE)
    html = response.content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    frame_src = next(
        part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.split()[:1] == ["frame-src"]
    )
    assert "https://www.youtube-nocookie.com" in frame_src and "https://player.vimeo.com" in frame_src
    assert frame_src == [
        f"https://{host}" for host in settings.VIDEO_EMBED_HOSTS
    ]  # no wildcard, no scheme-only
