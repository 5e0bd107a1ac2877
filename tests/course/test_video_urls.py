"""Video lessons show only what the Content-Security-Policy lets the player show."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.course.models import OrgLesson
from apps.course.validators import validate_video_url
from apps.member.models import OrgMember
from tests.member.factories import OrgMemberFactory


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        "https://player.vimeo.com/video/76979871",
        "https://cdn.example.com/course/intro.MP4",
        "https://media.example.org/v/clip.webm?token=abc",
    ],
)
def test_embeds_from_known_players_and_video_files_are_accepted(url):
    validate_video_url(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://evil.example/embed/1", "Embed the video from one of"),
        ("http://www.youtube-nocookie.com/embed/1", "https://"),
        ("https://evil.example/clip.mp4.html", "Embed the video from one of"),
    ],
)
def test_other_frames_are_refused_with_a_message(url, message):
    with pytest.raises(ValidationError, match=message):
        validate_video_url(url)


def test_the_studio_refuses_an_embed_the_player_could_not_show(in_org, org_a, host_client):
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    response = host_client(org_a, user=instructor.user).post(
        reverse("studio_lesson_create") + "?type=video",
        {"title": "Elsewhere", "video_url": "https://videos.elsewhere.example/embed/1"},
    )
    assert response.status_code == 400
    assert "Embed the video from one of www.youtube-nocookie.com" in response.content.decode()
    assert not OrgLesson.objects.filter(translations__title="Elsewhere").exists()


def test_the_policy_frames_exactly_the_accepted_players(settings, host_client, org_a):
    header = host_client(org_a).get("/")["Content-Security-Policy"]
    frame_src = next(part for part in header.split(";") if part.strip().startswith("frame-src"))
    assert frame_src.split()[1:] == [f"https://{host}" for host in settings.VIDEO_EMBED_HOSTS]
    assert "media-src 'self' https:" in header
