"""Portal pages: open and closed consultations, one consultation with its articles, comments and feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.consultation.choices import PUBLIC_STATUSES, ConsultationStatus, Moderation
from fazhi.consultation.forms import CommentForm
from fazhi.consultation.matters import THROTTLE_SCOPE, throttle
from fazhi.consultation.models import Comment, Consultation
from fazhi.consultation.services import comment_submit
from fazhi.core.exceptions import TooManyRequests
from fazhi.core.views import PUBLIC, ObjectDetailView, ObjectListView, refuse_oversized


class ConsultationListView(ObjectListView):
    access = PUBLIC
    model = Consultation
    template_name = "consultation/list.html"
    title = gettext_lazy("Public consultations")
    paginate_by = 30

    def get_queryset(self) -> QuerySet:
        published = Q(comments__moderation=Moderation.APPROVED)
        return (
            super()
            .get_queryset()
            .filter(status__in=PUBLIC_STATUSES)
            .select_related("organisation")
            .annotate(comment_count=Count("comments", filter=published))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        items = list(context["object_list"])
        context["open_items"] = [c for c in items if c.accepting_comments]
        context["closed_items"] = [c for c in items if not c.accepting_comments]
        return context


class ConsultationDetailView(ObjectDetailView):
    """The draft article by article, each with its published comments and a form to comment on it."""

    access = PUBLIC
    model = Consultation
    template_name = "consultation/detail.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(status__in=PUBLIC_STATUSES).select_related("organisation", "law")

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultation = self.object
        published = list(
            consultation.comments.filter(moderation=Moderation.APPROVED).select_related(
                "submitter", "contact_point", "article"
            )
        )
        by_article: dict[int | None, list[Comment]] = {}
        for comment in published:
            by_article.setdefault(comment.article_id, []).append(comment)
        articles = list(consultation.articles.all())
        for article in articles:
            article.published_comments = by_article.get(article.pk, [])
        user = self.request.user
        context.update(
            articles=articles,
            general_comments=by_article.get(None, []),
            published_count=len(published),
            can_comment=consultation.accepting_comments and (user.is_authenticated or consultation.allow_anonymous),
            form=kwargs.get("form") or self.blank_form(),
            mine=(
                consultation.comments.filter(submitter=user).select_related("article")
                if user.is_authenticated
                else Comment.objects.none()
            ),
            show_feedback=consultation.status == ConsultationStatus.FEEDBACK,
        )
        return context

    def blank_form(self) -> CommentForm:
        article = self.request.GET.get("article", "")
        initial = {"article": article} if article.isdigit() and len(article) < 12 else {}
        return CommentForm(consultation=self.object, initial=initial)


class CommentSubmitView(ConsultationDetailView):
    """POST a comment; signed-in citizens, or anyone where the consultation allows anonymous comments."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = consultation = self.get_object()
        if not request.user.is_authenticated and not consultation.allow_anonymous:
            return redirect_to_login(consultation.get_absolute_url())
        form = CommentForm(request.POST, consultation=consultation)
        if form.is_valid() and not refuse_oversized(request, form):
            try:
                throttle(request, THROTTLE_SCOPE)
                comment_submit(
                    consultation=consultation,
                    text=form.cleaned_data["text"],
                    article=form.cleaned_data["article"],
                    anonymous=form.cleaned_data.get("anonymous", False) or not request.user.is_authenticated,
                    user=request.user,
                )
            except TooManyRequests as exc:  # keep what they wrote on the page, with the message
                form.add_error(None, exc.message)
                response = self.render_to_response(self.get_context_data(form=form))
                response.status_code = 429
                return response
            except (ValidationError, PermissionDenied) as exc:
                for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Thank you. Your comment will be shown once a moderator has approved it."))
                return redirect(consultation.get_absolute_url() + "#comment-form")
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response
