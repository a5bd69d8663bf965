"""Portal: submit a suggestion (everyday or to a solicitation), its confirmation with the tracking number, the
solicitations, answered suggestions published with consent, and the submitter's own record with the rating form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.attachments.pending import REMOVE_FIELD, TOKEN_FIELD, PendingUploads
from fazhi.attachments.services import attachments_of
from fazhi.casework.abuse import throttle
from fazhi.casework.queries import may_follow
from fazhi.casework.services import history
from fazhi.core.permissions import VIEW
from fazhi.core.views import LOGIN, PUBLIC, PageView, PlatformView, refuse_oversized
from fazhi.suggestions.choices import Channel
from fazhi.suggestions.forms import EvaluationForm, PublishedFilterForm, SuggestionForm
from fazhi.suggestions.models import Evaluation, Solicitation, Suggestion
from fazhi.suggestions.services import suggestion_evaluate, suggestion_submit

_PUBLISHED = Suggestion.objects.published().select_related("organisation", "solicitation")


def _published_with_details():
    from fazhi.suggestions.models import Conversion

    return _PUBLISHED.prefetch_related(Prefetch("conversions", queryset=Conversion.objects.select_related("work")))


class HomeView(PageView):
    access = PUBLIC
    template_name = "suggestions/home.html"
    title = gettext_lazy("People's suggestions")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            open_solicitations=Solicitation.objects.open_now().select_related("organisation"),
            published=_PUBLISHED.order_by("-replied_at")[:10],
            **kwargs,
        )


class _SubmitMixin(PlatformView):
    template_name = "suggestions/submit.html"

    def solicitation(self) -> Solicitation | None:
        return None

    def render_form(
        self, form: SuggestionForm, status: int = 200, pending: PendingUploads | None = None
    ) -> HttpResponse:
        solicitation = self.solicitation()
        context = {
            "form": form,
            "pending": pending or PendingUploads(self.request),
            "solicitation": solicitation,
            "anonymous": not self.request.user.is_authenticated,
            "title": solicitation.title if solicitation else _("Make a suggestion"),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(SuggestionForm(solicitation=self.solicitation()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        solicitation = self.solicitation()
        form = SuggestionForm(request.POST, request.FILES, solicitation=solicitation)
        # Files accepted with an earlier attempt of this form (signed-in people only: anonymous ones take none).
        pending = PendingUploads(request, request.POST.get(TOKEN_FIELD)) if request.user.is_authenticated else None
        if pending is not None and REMOVE_FIELD in request.POST:  # "[移除]": the form again, as it was typed
            pending.remove(request.POST[REMOVE_FIELD])
            pending.keep(request.FILES.getlist("attachments"))
            form._errors = ErrorDict()  # not submitted: no errors to show
            return self.render_form(form, pending=pending)
        if form.is_valid() and not refuse_oversized(request, form):
            data = form.cleaned_data
            throttle(request, "suggestions.submit")
            try:
                suggestion = suggestion_submit(
                    user=request.user,
                    theme=data["theme"],
                    facts=data["facts"],
                    proposal=data["proposal"],
                    organisation=data.get("organisation"),
                    solicitation=solicitation,
                    submitter_kind=data["submitter_kind"],
                    submitter_name=data["submitter_name"],
                    contact_phone=data["contact_phone"],
                    contact_email=data["contact_email"],
                    consent_publish=data["consent_publish"],
                    attachments=[*(pending.uploads() if pending else ()), *data["attachments"]],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                if pending is not None:
                    pending.clear()
                request.session["suggestions_submitted"] = suggestion.tracking_number
                return redirect("suggestions:submitted", number=suggestion.tracking_number)
        if pending is not None:
            pending.keep(request.FILES.getlist("attachments"))
        return self.render_form(form, status=400, pending=pending)


class SubmitView(_SubmitMixin):
    """An everyday suggestion (日常接收): signed in, so that it can be answered."""

    access = LOGIN


class SolicitationSubmitView(_SubmitMixin):
    """A suggestion to an open solicitation; anonymous where the solicitation allows it."""

    access = PUBLIC

    def solicitation(self) -> Solicitation:
        if not hasattr(self, "_solicitation"):
            self._solicitation = get_object_or_404(
                Solicitation.objects.published().select_related("organisation"), pk=self.kwargs["pk"]
            )
        return self._solicitation

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        solicitation = self.solicitation()
        if not request.user.is_authenticated and not solicitation.allow_anonymous:
            return redirect_to_login(request.get_full_path())
        if solicitation.state != "open":
            messages.error(request, _("This solicitation is not taking suggestions (it is closed or not open yet)."))
            return redirect(solicitation.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)


class SubmittedView(PageView):
    """The confirmation: the tracking number at once, and where a matter of 第十条第二款 belongs."""

    access = PUBLIC
    template_name = "suggestions/submitted.html"
    title = gettext_lazy("Suggestion received")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        suggestion = Suggestion.objects.filter(tracking_number=self.kwargs["number"][:24]).first()
        own = suggestion is not None and (
            self.request.session.get("suggestions_submitted") == suggestion.tracking_number
            or (suggestion.submitter_id and may_follow(self.request.user, suggestion))
        )
        if not own:
            raise Http404
        return super().get_context_data(suggestion=suggestion, channels=Channel, **kwargs)


class SolicitationListView(PageView):
    access = PUBLIC
    template_name = "suggestions/solicitations.html"
    title = gettext_lazy("Thematic solicitations")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        solicitations = list(Solicitation.objects.published().select_related("organisation")[:200])
        return super().get_context_data(
            open=[s for s in solicitations if s.state == "open"],
            upcoming=[s for s in solicitations if s.state == "upcoming"],
            closed=[s for s in solicitations if s.state == "closed"],
            **kwargs,
        )


class SolicitationDetailView(PageView):
    access = PUBLIC
    template_name = "suggestions/solicitation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        solicitation = get_object_or_404(
            Solicitation.objects.restrict(self.request.user, VIEW).select_related("organisation"), pk=self.kwargs["pk"]
        )
        return super().get_context_data(
            solicitation=solicitation,
            title=solicitation.title,
            published=_PUBLISHED.filter(solicitation=solicitation)[:50],
            **kwargs,
        )


class PublishedListView(PageView):
    access = PUBLIC
    template_name = "suggestions/published.html"
    title = gettext_lazy("Answered suggestions")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.core.paginator import Paginator

        form = PublishedFilterForm(self.request.GET or None)
        found = _PUBLISHED.annotate(conversion_count=Count("conversions"))
        if form.is_valid():
            found = filter_published(found, form.cleaned_data)
        query = self.request.GET.copy()
        query.pop("page", None)
        page = Paginator(found.order_by("-replied_at", "-pk"), 20).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, suggestions=page.object_list, form=form, querystring=query.urlencode(), **kwargs
        )


def filter_published(found: Any, data: dict[str, Any]) -> Any:
    """Words in the theme, proposal or answer; a district's subtree; put into effect (第十三条); commended."""
    words = (data.get("q") or "").strip()
    if words:
        found = found.filter(Q(theme__icontains=words) | Q(proposal__icontains=words) | Q(reply__icontains=words))
    if data.get("organisation") is not None:
        found = found.filter(organisation__path__startswith=data["organisation"].path)
    if data.get("converted"):
        found = found.filter(conversion_count__gt=0)
    if data.get("commended"):
        found = found.filter(commended_at__isnull=False)
    return found


class PublishedDetailView(PageView):
    """A published suggestion with its answer and the public's ratings (公众评价, 第七条): the mean and count, the
    submitter's own shown apart, and a rating form for a signed-in person who has not rated it yet."""

    access = PUBLIC
    template_name = "suggestions/published_detail.html"

    def get_context_data(self, form: EvaluationForm | None = None, **kwargs: Any) -> dict[str, Any]:
        suggestion = get_object_or_404(
            _published_with_details().with_ratings(), tracking_number=self.kwargs["number"][:24]
        )
        user = self.request.user
        mine = None
        if user.is_authenticated:
            mine = Evaluation.objects.filter(suggestion=suggestion, evaluator=user).first()
        return super().get_context_data(
            suggestion=suggestion,
            title=suggestion.theme,
            my_evaluation=mine,
            # a refused rating shows its form with the reason, even to someone who has rated already
            form=form if form is not None else (EvaluationForm() if user.is_authenticated and mine is None else None),
            **kwargs,
        )


class PublishedEvaluateView(PublishedDetailView):
    """POST: a signed-in person rates a published suggestion's answer, once (the form is on its public page)."""

    access = LOGIN
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        suggestion = get_object_or_404(_PUBLISHED, tracking_number=kwargs["number"][:24])
        form = _rate(request, suggestion)
        if form is None:
            return redirect("suggestions:published_detail", number=suggestion.tracking_number)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MySuggestionView(PlatformView):
    """The submitter's own record: elements, files, every step, the answer, conversions, and the rating form."""

    access = LOGIN
    template_name = "suggestions/mine.html"

    def get_suggestion(self) -> Suggestion:
        suggestion = (
            Suggestion.objects.select_related("organisation", "solicitation")
            .filter(tracking_number=self.kwargs["number"][:24], submitter=self.request.user)
            .first()
        )
        if suggestion is None:
            raise Http404
        return suggestion

    def render_page(
        self, suggestion: Suggestion, form: EvaluationForm | None = None, status: int = 200
    ) -> HttpResponse:
        evaluation = Evaluation.objects.filter(suggestion=suggestion, by_submitter=True).first()
        can_rate = evaluation is None and suggestion.replied_at is not None
        context = {
            "suggestion": suggestion,
            "title": suggestion.theme,
            "events": history(suggestion, for_submitter=True),
            "files": attachments_of(suggestion, self.request.user),
            "conversions": suggestion.conversions.select_related("work"),
            "evaluation": evaluation,
            "form": (form or EvaluationForm()) if can_rate else None,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        suggestion = Suggestion.objects.filter(tracking_number=kwargs["number"][:24]).first()
        if (
            suggestion is not None
            and suggestion.submitter_id != request.user.pk
            and Suggestion.objects.restrict(request.user, VIEW).filter(pk=suggestion.pk).exists()
        ):
            return redirect("suggestions_console:detail", pk=suggestion.pk)
        return self.render_page(self.get_suggestion())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        suggestion = self.get_suggestion()
        form = _rate(request, suggestion)
        if form is None:
            return redirect("suggestions:mine", number=suggestion.tracking_number)
        return self.render_page(suggestion, form, status=400)


def _rate(request: HttpRequest, suggestion: Suggestion) -> EvaluationForm | None:
    """Record the signed-in person's rating of the suggestion's answer from the posted form: None when it was
    recorded (with a message), else the form carrying what was refused."""
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            suggestion_evaluate(
                suggestion=suggestion,
                user=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you for rating the answer."))
            return None
    return form
