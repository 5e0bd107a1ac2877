"""Upload and content validation for lessons and submissions."""

from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = frozenset(
    {
        "pdf",
        "zip",
        "txt",
        "md",
        "csv",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "mp3",
    }
)
# bounds on authored text: far above real lessons, low enough that a request cannot fill the database
LESSON_BODY_MAX_LENGTH = 200_000
NOTE_MAX_LENGTH = 10_000
OPTION_MAX_LENGTH = 300  # OrgLessonQuizQuestionOption.text
_SCRIPT = re.compile(r"<\s*/?\s*script\b|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)


def validate_lesson_file(file: File) -> None:
    """Refuse files over the size limit or with a type we do not serve."""
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(extension)s” are not allowed. Allowed: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(sorted(ALLOWED_EXTENSIONS))},
            code="file_type",
        )
    limit = settings.MAX_UPLOAD_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("The file is %(size)d MB; the limit is %(limit)d MB.")
            % {"size": file.size // (1024 * 1024), "limit": limit // (1024 * 1024)},
            code="file_size",
        )


def validate_markdown_has_no_script(text: str) -> None:
    """Refuse Markdown carrying scripts outright, so the author knows (the renderer strips them anyway)."""
    if _SCRIPT.search(text or ""):
        raise ValidationError(
            _(
                "Scripts are not allowed in lesson text: remove <script> tags, "
                "javascript: links and on…= attributes."
            ),
            code="script",
        )


VIDEO_FILE_EXTENSIONS = (".mp4", ".webm")


def is_video_file(url: str) -> bool:
    """A link to a video file (played in a <video> element) rather than a player to embed."""
    return urlsplit(url).path.lower().endswith(VIDEO_FILE_EXTENSIONS)


def validate_video_url(url: str) -> None:
    """A video file over https, or a player from one of ``settings.VIDEO_EMBED_HOSTS`` (the only
    frames the Content-Security-Policy lets the player show)."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValidationError(_("Use an https:// address for the video."), code="video_scheme")
    if is_video_file(url) or (parts.hostname or "") in settings.VIDEO_EMBED_HOSTS:
        return
    raise ValidationError(
        _("Embed the video from one of %(hosts)s, or link an .mp4 or .webm file.")
        % {"hosts": ", ".join(settings.VIDEO_EMBED_HOSTS)},
        code="video_host",
    )
