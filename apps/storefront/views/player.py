"""The course player: lessons, their files, and what learners send from them (complete, quiz,
assignment). ``PlayerContext`` is shared with the course page and the studio's previews."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View

from apps.course.models import OrgLesson
from apps.course.selectors.assessments import (
    assignment_submissions_for,
    lesson_get_with_questions,
    quiz_attempts_for,
    quiz_feedback,
    submission_get_for_learner,
)
from apps.course.selectors.catalog import course_get
from apps.course.selectors.outline import (
    OUTLINE_CACHE_SECONDS,
    Outline,
    OutlinePlacement,
    course_outline,
    course_outline_key,
    placement_get,
)
from apps.course.selectors.player import (
    PlayerLesson,
    PlayerState,
    lesson_get_for_download,
    player_lesson,
    player_lesson_key,
    player_state,
    player_state_remember_visit,
)
from apps.course.services import learning
from apps.locale_region.fallback import locale_chain_for_market
from apps.member.models import OrgMember
from apps.member.selectors import member_for_user, member_for_user_remember
from apps.storefront.forms import AssignmentSubmitForm
from apps.storefront.market import market_of
from apps.web.request import signed_in_user
from volmify.files import private_file_response
from volmify.pagecache import (
    SLOT,
    code_token,
    shell_get,
    shell_html,
    shell_key,
    shell_render,
    shell_usable,
)

_CURRENT_SLOT = re.compile(r"\[\[current:(\d+)\]\]")
# quizzes and assignments show the learner's own attempts and submissions: never cached whole
PER_LEARNER_TYPES = (OrgLesson.LessonType.QUIZ, OrgLesson.LessonType.ASSIGNMENT)


class PlayerContext:
    """Loads course, member, tier, completions and outline in a fixed number of queries.

    ``preview_tier`` set (by the studio) replaces the member's tier: 0 previews as a visitor.
    """

    preview_tier: int | None = None
    request: HttpRequest

    @functools.cached_property
    def chain(self) -> tuple[str, ...]:
        """The locales course content is shown in: the storefront's (``locale_chain_for_market``)."""
        return locale_chain_for_market(market_of(self.request))

    def load_state(self, course_id: int, placement_id: int | None = None) -> PlayerState:
        """The course and the learner's state, from the org's cache or in one query (the member is
        remembered for the request); 404 for a course that is not published (except in a preview,
        which always reads afresh)."""
        user = self.request.user
        as_learner = self.preview_tier is None and user.is_authenticated
        state = player_state(
            course_id=course_id,
            user_id=user.pk if as_learner else None,
            chain=self.chain,
            placement_id=placement_id,
            cached=self.preview_tier is None,
        )
        if as_learner:
            member_for_user_remember(signed_in_user(self.request), state.member)
        if self.preview_tier is None and not state.is_published:
            raise Http404
        return state

    def tier(self, state: PlayerState) -> int:
        return self.preview_tier if self.preview_tier is not None else state.learner_tier

    def load_player(self, course_id: int) -> tuple[Outline, PlayerState, dict[str, Any]]:
        state = self.load_state(course_id)
        outline, cached = self.load_outline(state)
        return outline, state, cached

    def load_outline(
        self, state: PlayerState, placement_id: int | None = None
    ) -> tuple[Outline, dict[str, Any]]:
        """The outline at the learner's tier, and the cache entries fetched with it (one round trip
        for the outline, its rendered HTML and the placement's lesson)."""
        course, tier, chain = state.course, self.tier(state), self.chain
        keys = [course_outline_key(course, chain), self._outline_html_key(course, tier)]
        if placement_id is not None:
            keys.append(player_lesson_key(course, placement_id, chain))
        cached = cache.get_many(keys)
        outline = course_outline(course=course, chain=chain, learner_tier=tier, cached=cached.get(keys[0]))
        return outline, cached

    def _outline_html_key(self, course: Any, tier: int) -> str:
        return (
            f"course-player-outline-html:{code_token()}:{course.pk}:{course.updated_at.timestamp()}:"
            f"{get_language()}:{'|'.join(self.chain)}:{tier}:{self.preview_tier}"
        )

    @staticmethod
    def upgrade_url(course: Any, product_slug: str) -> str:
        """The product page, where the plans (and their tiers) are sold; the course page without one."""
        if product_slug:
            try:
                return reverse("storefront_product", args=[product_slug])
            except NoReverseMatch:
                pass
        return reverse("course_detail", args=[course.pk]) + "#upgrade"

    def outline_html(
        self,
        outline: Outline,
        state: PlayerState,
        cached: dict[str, Any],
        current_placement_id: int | None = None,
        *,
        with_marks: bool = True,
    ) -> str:
        """The outline rendered once per course version, tier, language, chain and preview mode
        (cached), with the current lesson marked and, ``with_marks``, the learner's completed lessons
        (else their ``<!--slot:done:LESSON_ID-->`` slots are left for ``done_marks_fill``)."""
        course = state.course
        key = self._outline_html_key(course, outline.learner_tier)
        html = cached.get(key)
        if html is None:
            url_head, url_tail = self.lesson_url_parts(course.pk)
            context = {
                "outline": outline,
                "lesson_url_head": url_head,
                "lesson_url_tail": url_tail,
                "upgrade_url": self.upgrade_url(course, state.product_slug),
            }
            html = render_to_string("storefront/_course_outline.html", context)
            cache.set(key, html, OUTLINE_CACHE_SECONDS)

        def current(match: re.Match[str]) -> str:
            is_current = int(match.group(1)) == current_placement_id
            return ' aria-current="step" class="is-active"' if is_current else ""

        html = _CURRENT_SLOT.sub(current, html)
        # Safe: the cached HTML is our own auto-escaped template; only fixed markup is substituted.
        return mark_safe(done_marks_fill(html, state) if with_marks else html)

    def lesson_url(self, course_id: int, placement_id: int) -> str:
        if self.preview_tier is not None:
            url = reverse("studio_preview_lesson", args=[course_id, placement_id])
            return f"{url}?as={self.preview_tier}"
        return reverse("course_lesson", args=[course_id, placement_id])

    def lesson_url_parts(self, course_id: int) -> tuple[str, str]:
        """What comes before and after the placement id in ``lesson_url``: one reverse() for the
        whole outline instead of one per lesson."""
        head, _zero, tail = self.lesson_url(course_id, 0).rpartition("/0/")
        return f"{head}/", f"/{tail}"


def done_badge() -> str:
    return _done_badge(get_language())


@functools.lru_cache(maxsize=64)
def _done_badge(language: str | None) -> str:
    """The "Done" badge in ``language`` (the active one, which the caller passes as the cache key)."""
    return format_html('<span class="badge badge--success">{}</span>', _("Done"))


def done_marks_fill(html: str, state: PlayerState) -> str:
    """Fill the outline's slots for this learner (see ``outline_marks``)."""
    parts = tuple(SLOT.split(html))
    fill = outline_marks(parts, state)
    out = [parts[0]]
    for index in range(1, len(parts), 3):
        name, number, text = parts[index : index + 3]
        out += [fill(name, int(number)), text]
    return "".join(out)


def outline_marks(parts: tuple[str, ...], state: PlayerState) -> Callable[[str, int], str]:
    """``fill`` for the outline's slots, as ``SLOT.split`` leaves them in ``parts``: a "Done" badge in
    ``done:LESSON_ID`` where the learner completed the lesson, and the learner's progress in
    ``progress:MODULE_ID`` and ``courseprogress:0`` over the ``counts:LESSON_ID`` slots that follow
    (the required lessons in their tier, as the progress rollup counts them). One pass over the page
    already in hand: no query and no cache read, whatever the size of the course."""
    done = state.completed_lesson_ids
    totals: dict[int, list[int]] = {}
    module_id = 0
    for index in range(1, len(parts), 3):
        name, number = parts[index], int(parts[index + 1])
        if name == "progress":
            module_id = number
            totals.setdefault(module_id, [0, 0])
        elif name == "counts":
            figures = totals.setdefault(module_id, [0, 0])
            figures[0] += 1
            figures[1] += number in done
    course_total = sum(total for total, _done in totals.values())
    course_done = sum(count for _total, count in totals.values())
    language = get_language()
    badge = _done_badge(language)
    show = state.member is not None

    def fill(name: str, number: int) -> str:
        if name == "done":
            return badge if number in done else ""
        if name == "progress" and show:
            return progress_meter(*totals.get(number, [0, 0]), kind="module", language=language)
        if name == "courseprogress" and show:
            return progress_meter(course_total, course_done, kind="course", language=language)
        return ""

    return fill


def progress_meter(total: int, done: int, *, kind: str, language: str | None = None) -> str:
    """A bar and its text ("40% · 2 of 5 lessons") in ``language`` (default: the active one);
    nothing where no required lesson counts."""
    if total == 0:
        return ""
    return _progress_meter(language or get_language(), total, done, kind)


@functools.lru_cache(maxsize=2048)
def _progress_meter(language: str | None, total: int, done: int, kind: str) -> str:
    """``progress_meter`` in ``language`` (the active one, which the caller passes as the cache key):
    the same few bars recur on every page, so each is built once per process."""
    percent = done * 100 // total
    if kind == "course":
        text = ngettext(
            "Course progress: %(percent)s%% · %(done)s of %(total)s required lesson done",
            "Course progress: %(percent)s%% · %(done)s of %(total)s required lessons done",
            total,
        )
    else:
        text = ngettext(
            "%(percent)s%% · %(done)s of %(total)s lesson",
            "%(percent)s%% · %(done)s of %(total)s lessons",
            total,
        )
    return format_html(
        '<span class="outline-progress outline-progress--{}"><progress max="100" value="{}" '
        'aria-hidden="true"></progress><span class="outline-progress__text">{}</span></span>',
        kind,
        percent,
        text % {"percent": percent, "done": done, "total": total},
    )


class LessonView(PlayerContext, View):
    """A lesson in the player; a lesson the learner's tier does not open is a 403 without its content.

    A text, video or file lesson looks the same to every learner at one tier and role except for
    their completion marks, so its page is cached whole as a shell (``volmify.pagecache``) and
    those marks are filled in per request. A shell is only stored after the tier check passed, under
    a key holding the course version, placement and tier, so a hit is a page this learner may see.
    """

    def get(self, request: HttpRequest, course_id: int, placement_id: int) -> HttpResponse:
        state = self.load_state(course_id, placement_id)
        key = self.shell_key(state, placement_id)
        shell = shell_get(key) if key else None
        if shell is None:
            return self.render_lesson(state, placement_id, key)
        self.visit(state, placement_id)
        return self.shell_response(shell, state)

    def render_lesson(self, state: PlayerState, placement_id: int, key: str | None) -> HttpResponse:
        """The page built from the outline and lesson; stored as a shell when ``key`` names one and the
        lesson shows nothing of the learner's own."""
        outline, cached = self.load_outline(state, placement_id)
        node = outline.node_for(placement_id)
        if node is None:
            raise Http404
        if not outline.is_open(node):
            return self.locked(state, outline, node)
        lesson_key = player_lesson_key(state.course, placement_id, self.chain)
        lesson = player_lesson(
            course=state.course, node=node, chain=self.chain, cached=cached.get(lesson_key)
        )
        self.visit(state, placement_id)
        as_shell = key is not None and lesson.lesson_type not in PER_LEARNER_TYPES
        context = self.lesson_context(state, outline, node, lesson, cached, with_marks=not as_shell)
        if key is None or not as_shell:
            return render(self.request, "storefront/course_lesson.html", context)

        def page(token: str) -> str:
            return render_to_string(
                "storefront/course_lesson.html", {**context, "csrf_token": token}, self.request
            )

        return self.shell_response(shell_render(key, page), state)

    def shell_response(self, shell: tuple[str, ...], state: PlayerState) -> HttpResponse:
        return HttpResponse(shell_html(self.request, shell, outline_marks(shell, state)))

    def shell_key(self, state: PlayerState, placement_id: int) -> str | None:
        """The key of this lesson page's shell, or None where the page is not cached (previews, pending
        messages, a placement not in the course)."""
        if self.preview_tier is not None or state.lesson_id is None or not shell_usable(self.request):
            return None
        member = state.member
        parts = (
            "lesson",
            str(state.course_id),
            str(state.course_version),
            str(placement_id),
            str(state.learner_tier),
            str(state.lesson_id in state.completed_lesson_ids),
            member.role if member else ("user" if self.request.user.is_authenticated else "visitor"),
        )
        return shell_key(self.request, market_of(self.request), parts)

    def locked(self, state: PlayerState, outline: Outline, node: OutlinePlacement) -> HttpResponse:
        context = {
            "course": state.course,
            "course_title": state.course_title,
            "node": node,
            "outline": outline,
            "upgrade_url": self.upgrade_url(state.course, state.product_slug),
        }
        return render(self.request, "storefront/course_lesson_locked.html", context, status=403)

    def visit(self, state: PlayerState, placement_id: int) -> None:
        """Record the visit, and keep the cached state in step with what it wrote."""
        self.visit_record(state, placement_id)
        if state.member is not None and self.preview_tier is None:
            player_state_remember_visit(state=state, user_id=state.member.user_id, placement_id=placement_id)

    def visit_record(self, state: PlayerState, placement_id: int) -> None:
        if state.member is not None and state.lesson_id is not None and self.preview_tier is None:
            learning.lesson_visit_record(
                actor=signed_in_user(self.request),
                member=state.member,
                course_id=state.course_id,
                placement_id=placement_id,
                lesson_id=state.lesson_id,
                is_lesson_started=state.is_lesson_started,
                last_placement_id=state.last_placement_id,
            )

    def lesson_context(
        self,
        state: PlayerState,
        outline: Outline,
        node: OutlinePlacement,
        lesson: PlayerLesson,
        cached: dict[str, Any],
        *,
        with_marks: bool,
    ) -> dict[str, Any]:
        course = state.course
        previous, following = outline.neighbours(node.placement_id)
        url_head, url_tail = self.lesson_url_parts(course.pk)
        context: dict[str, Any] = {
            "course": course,
            "course_title": state.course_title,
            "outline": outline,
            "node": node,
            "is_completed": node.lesson_id in state.completed_lesson_ids,
            "lesson": lesson,
            "body_html": lesson.body_html,
            "previous": previous,
            "previous_url": f"{url_head}{previous.placement_id}{url_tail}" if previous else "",
            "next": following,
            "next_url": f"{url_head}{following.placement_id}{url_tail}" if following else "",
            "member": state.member,
            "preview": self.preview_tier,
            "player": self,
            "upgrade_url": self.upgrade_url(course, state.product_slug),
            "outline_html": self.outline_html(
                outline, state, cached, current_placement_id=node.placement_id, with_marks=with_marks
            ),
        }
        context.update(self._type_context(lesson, state.member))
        return context

    def _type_context(self, lesson: PlayerLesson, member: OrgMember | None) -> dict[str, Any]:
        if lesson.lesson_type == OrgLesson.LessonType.QUIZ:
            quiz = lesson_get_with_questions(lesson_id=lesson.lesson_id, chain=self.chain)
            attempts = quiz_attempts_for(member=member, lesson=quiz) if member else []
            remaining = None if quiz.attempts_limit is None else max(0, quiz.attempts_limit - len(attempts))
            return {
                "questions": list(quiz.questions.all()),
                "attempts": attempts,
                "attempts_remaining": remaining,
                "feedback": quiz_feedback(lesson=quiz, attempts=attempts, attempts_remaining=remaining),
            }
        if lesson.lesson_type == OrgLesson.LessonType.ASSIGNMENT:
            submissions = (
                assignment_submissions_for(member=member, lesson_id=lesson.lesson_id) if member else []
            )
            return {"submissions": submissions, "assignment_form": AssignmentSubmitForm()}
        return {}


class LessonFileView(PlayerContext, View):
    """A file lesson's download, after the same access check as the lesson itself."""

    def get(self, request: HttpRequest, course_id: int, placement_id: int) -> HttpResponseBase:
        outline, _state, _cached = self.load_player(course_id)
        node = outline.node_for(placement_id)
        if node is None:
            raise Http404
        if not outline.is_open(node):
            raise PermissionDenied
        lesson = lesson_get_for_download(lesson_id=node.lesson_id)
        if not lesson.file:
            raise Http404
        return private_file_response(lesson.file)


class SubmissionFileView(LoginRequiredMixin, View):
    """The file a learner attached to their own assignment submission (404 for anyone else's)."""

    def get(self, request: HttpRequest, submission_id: int) -> HttpResponseBase:
        member = member_for_user(request.user)
        if member is None:
            raise Http404
        submission = submission_get_for_learner(submission_id=submission_id, member=member)
        if not submission.file:
            raise Http404
        return private_file_response(submission.file)


class _LearnerPostView(LoginRequiredMixin, View):
    def member_and_placement(self, course_id: int, placement_id: int):
        member = member_for_user(self.request.user)
        if member is None:
            raise PermissionDenied
        course = course_get(course_id=course_id)
        return member, placement_get(course=course, placement_id=placement_id)

    def back(self, course_id: int, placement_id: int) -> HttpResponseRedirect:
        return redirect("course_lesson", course_id, placement_id)


class LessonCompleteView(_LearnerPostView):
    def post(self, request: HttpRequest, course_id: int, placement_id: int) -> HttpResponse:
        member, placement = self.member_and_placement(course_id, placement_id)
        try:
            learning.lesson_complete(actor=signed_in_user(request), member=member, placement=placement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back(course_id, placement_id)
        messages.success(request, _("Lesson marked complete."))
        target = request.POST.get("next_placement", "")
        if target.isdigit():
            return redirect("course_lesson", course_id, int(target))
        return self.back(course_id, placement_id)


class QuizSubmitView(_LearnerPostView):
    def post(self, request: HttpRequest, course_id: int, placement_id: int) -> HttpResponse:
        member, placement = self.member_and_placement(course_id, placement_id)
        try:
            answers = _quiz_answers(request)
            attempt = learning.quiz_attempt_submit(
                actor=signed_in_user(request),
                member=member,
                placement=placement,
                answers=answers,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back(course_id, placement_id)
        if attempt.is_passed:
            messages.success(
                request, _("You scored %(score)s%% and passed.") % {"score": attempt.score_percent}
            )
        else:
            messages.warning(
                request, _("You scored %(score)s%%; not passed yet.") % {"score": attempt.score_percent}
            )
        return self.back(course_id, placement_id)


def _quiz_answers(request: HttpRequest) -> dict[int, Any]:
    """Form fields ``q<id>`` hold option ids (repeated for multiple choice) or short-answer text."""
    answers: dict[int, Any] = {}
    for key in request.POST:
        if not key.startswith("q") or not key[1:].isdigit():
            continue
        values = request.POST.getlist(key)
        if key.endswith("_text") or request.POST.get(f"kind{key[1:]}") == "short":
            answers[int(key[1:])] = values[0] if values else ""
        else:
            if not all(value.isdigit() for value in values):
                raise ValidationError(_("An answer is not one of the question's options."))
            answers[int(key[1:])] = [int(value) for value in values]
    return answers


class AssignmentSubmitView(_LearnerPostView):
    def post(self, request: HttpRequest, course_id: int, placement_id: int) -> HttpResponse:
        member, placement = self.member_and_placement(course_id, placement_id)
        form = AssignmentSubmitForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(str(error) for error in errors))
            return self.back(course_id, placement_id)
        try:
            learning.assignment_submit(
                actor=signed_in_user(request),
                member=member,
                placement=placement,
                text=form.cleaned_data["text"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back(course_id, placement_id)
        messages.success(request, _("Submitted. Your instructor will review it."))
        return self.back(course_id, placement_id)
