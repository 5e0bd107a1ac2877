"""The profile editor on the platform host (``/creator/profiles/``)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.instructor.models import UserInstructorProfile
from tests.instructor.factories import InstructorProfileFactory
from tests.skill.factories import SkillFactory
from tests.user.factories import UserFactory


def _image(size=(800, 500), image_format="PNG", name="me.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _form(**overrides):
    data = {
        "display_name": "Ana Ruiz",
        "headline": "Data engineer",
        "slug": "ana-data",
        "language": "en",
        "bio": "<p>Hello <script>alert(1)</script><strong>world</strong></p>",
        "links": "Site | https://ana.example.com\nhttps://github.com/ana",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_create_with_photo_skills_links_and_sanitized_bio(host_client, db):
    user = UserFactory()
    skill = SkillFactory()
    response = host_client(None, user).post(
        "/creator/profiles/new/", {**_form(skills=[skill.pk]), "photo": _image()}
    )
    assert response.status_code == 302
    profile = UserInstructorProfile.objects.get(user=user)
    assert profile.slug == "ana-data"
    assert profile.links == [
        {"label": "Site", "url": "https://ana.example.com"},
        {"label": "https://github.com/ana", "url": "https://github.com/ana"},
    ]
    assert list(profile.skills.all()) == [skill]
    assert "<script>" not in profile.bio and "<strong>world</strong>" in profile.bio
    assert (profile.photo_width, profile.photo_height) == (400, 400)
    with profile.photo.open("rb") as file, Image.open(file) as stored:
        assert stored.format == "JPEG" and stored.size == (400, 400)
    page = host_client().get("/creators/ana-data/").content.decode()
    assert profile.photo.url in page and 'width="400"' in page
    assert 'href="https://ana.example.com"' in page and "<script>" not in page


def test_several_profiles_per_user_and_the_list_shows_only_mine(host_client, db):
    user = UserFactory()
    mine = InstructorProfileFactory.create_batch(2, user=user)
    other = InstructorProfileFactory()
    html = host_client(None, user).get("/creator/profiles/").content.decode()
    assert all(profile.display_name in html for profile in mine)
    assert other.display_name not in html


def test_another_users_profile_is_a_404_and_unchanged(host_client, db):
    other = InstructorProfileFactory(display_name="Theirs")
    client = host_client(None, UserFactory())
    assert client.get(f"/creator/profiles/{other.pk}/").status_code == 404
    assert client.post(f"/creator/profiles/{other.pk}/", _form(slug="stolen")).status_code == 404
    other.refresh_from_db()
    assert other.display_name == "Theirs" and other.slug != "stolen"


def test_signed_out_is_sent_to_sign_in(host_client, db):
    assert host_client().get("/creator/profiles/").status_code == 302


def test_bio_per_language(host_client, db):
    user = UserFactory()
    profile = InstructorProfileFactory(user=user)
    client = host_client(None, user)
    assert (
        client.post(f"/creator/profiles/{profile.pk}/", _form(language="es", bio="Hola")).status_code == 302
    )
    profile = UserInstructorProfile.objects.get(pk=profile.pk)
    assert profile.safe_translation_getter("bio", language_code="es", any_language=False) == "Hola"
    assert "Hola" in client.get(f"/creator/profiles/{profile.pk}/?lang=es").content.decode()
    assert "Hola" not in client.get(f"/creator/profiles/{profile.pk}/?lang=ar").content.decode()


@pytest.mark.parametrize(
    ("overrides", "files", "message"),
    [
        ({"slug": "taken"}, {}, "is taken; choose another"),
        ({"links": "Site | http://insecure.example.com"}, {}, "starting with https://"),
        ({"links": "Site | javascript:alert(1)"}, {}, "starting with https://"),
        ({}, {"photo": SimpleUploadedFile("x.png", b"not an image")}, "Upload a JPEG, PNG, WebP or GIF"),
        ({"display_name": ""}, {}, "This field is required"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(host_client, db, overrides, files, message):
    InstructorProfileFactory(slug="taken")
    user = UserFactory()
    profile = InstructorProfileFactory(user=user, slug="mine", display_name="Before", links=[])
    response = host_client(None, user).post(
        f"/creator/profiles/{profile.pk}/", {**_form(display_name="After"), **overrides, **files}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    profile.refresh_from_db()
    assert (profile.slug, profile.display_name, profile.links, bool(profile.photo)) == (
        "mine",
        "Before",
        [],
        False,
    )


def test_photo_over_the_size_limit_is_refused(host_client, db, settings):
    settings.INSTRUCTOR_PHOTO_MAX_BYTES = 100
    user = UserFactory()
    response = host_client(None, user).post("/creator/profiles/new/", {**_form(), "photo": _image()})
    assert response.status_code == 400
    assert "The photo is larger than 1 MB." in response.content.decode()
    assert not UserInstructorProfile.objects.filter(user=user).exists()


def test_hidden_profile_has_no_public_page(host_client, db):
    user = UserFactory()
    profile = InstructorProfileFactory(user=user, slug="quiet")
    form = _form(slug="quiet")
    del form["is_public"]
    assert host_client(None, user).post(f"/creator/profiles/{profile.pk}/", form).status_code == 302
    assert host_client().get("/creators/quiet/").status_code == 404
