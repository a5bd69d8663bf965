"""Staff console: the suggestion list with filters, one suggestion's timeline and the action of each step,
solicitations and their feedback report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.attachments.services import attachments_of
from fazhi.casework.services import history
from fazhi.core.permissions import ADD, CHANGE, VIEW, policy_of
from fazhi.core.views import ObjectCreateView, ObjectDetailView, ObjectEditView, ObjectListView, TableExportView
from fazhi.suggestions import services
from fazhi.suggestions.choices import SuggestionStatus
from fazhi.suggestions.export import SUGGESTIONS_EXPORT
from fazhi.suggestions.filtersets import SuggestionFilterSet
from fazhi.suggestions.forms import FeedbackForm, SolicitationForm
from fazhi.suggestions.models import Conversion, Solicitation, Suggestion, SuggestionRoute
from fazhi.workflow.console import StepView, error_text, step_offers

S = SuggestionStatus


class SuggestionListView(ObjectListView):
    model = Suggestion
    queryset = Suggestion.objects.select_related("organisation", "solicitation").order_by("-is_emergency", "due_at")
    filterset_class = SuggestionFilterSet
    template_name = "suggestions/console/list.html"
    title = gettext_lazy("People's suggestions")


class SuggestionExportView(TableExportView):
    """The list's suggestions with its current filters, as Excel (``?as=xlsx``, the default) or CSV (``?as=csv``);
    personal data masked, the export audited."""

    model = Suggestion
    filterset_class = SuggestionFilterSet
    export = SUGGESTIONS_EXPORT


class SuggestionDetailView(ObjectDetailView):
    model = Suggestion
    queryset = Suggestion.objects.select_related("organisation", "solicitation", "submitter", "replied_by")
    template_name = "suggestions/console/detail.html"

    def get_title(self) -> Any:
        return self.object.theme

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        suggestion: Suggestion = self.object
        user = self.request.user
        return super().get_context_data(
            events=history(suggestion, for_submitter=False),
            routes=suggestion.routes.select_related("organisation"),
            notes=suggestion.notes.select_related("organisation", "created_by"),
            conversions=suggestion.conversions.select_related("work"),
            files=attachments_of(suggestion, user),
            evaluation=suggestion.evaluations.filter(by_submitter=True).first(),
            public_ratings=suggestion.evaluations.filter(by_submitter=False).aggregate(
                count=Count("pk"), mean=Avg("score")
            ),
            steps=step_offers(suggestion, user, "suggestions_console:step"),
            **kwargs,
        )


class SuggestionStepView(StepView):
    """POST one step's form (declared in suggestions/workflow.py); errors come back as messages."""

    model = Suggestion

    def detail_url(self, obj: Suggestion) -> str:
        return reverse("suggestions_console:detail", args=[obj.pk])


# --- solicitations ------------------------------------------------------------------------------------------


class SolicitationListView(ObjectListView):
    model = Solicitation
    queryset = Solicitation.objects.select_related("organisation").annotate(received=Count("suggestions"))
    template_name = "suggestions/console/solicitation_list.html"
    title = gettext_lazy("Thematic solicitations")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(can_add=policy_of(Solicitation).allows(self.request.user, ADD), **kwargs)


class _SolicitationSave:
    model = Solicitation
    form_class = SolicitationForm
    template_name = "core/object_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]

    def get_success_url(self) -> str:
        return reverse("suggestions_console:solicitation", args=[self.object.pk])  # type: ignore[attr-defined]


class SolicitationCreateView(_SolicitationSave, ObjectCreateView):
    title = gettext_lazy("New thematic solicitation")
    success_message = gettext_lazy("Solicitation saved.")


class SolicitationEditView(_SolicitationSave, ObjectEditView):
    success_message = gettext_lazy("Solicitation saved.")


class SolicitationDetailView(ObjectDetailView):
    model = Solicitation
    queryset = Solicitation.objects.select_related("organisation")
    template_name = "suggestions/console/solicitation_detail.html"

    def get_title(self) -> Any:
        return self.object.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        solicitation: Solicitation = self.object
        user = self.request.user
        received = Suggestion.objects.restrict(user, VIEW).filter(solicitation=solicitation)
        return super().get_context_data(
            suggestions=received.select_related("organisation").prefetch_related(
                Prefetch("routes", queryset=SuggestionRoute.objects.select_related("organisation")),
                Prefetch("conversions", queryset=Conversion.objects.all()),
            )[:500],
            by_status=received.values("status").annotate(n=Count("pk")).order_by("status"),
            can_change=policy_of(Solicitation).allows(user, CHANGE, solicitation),
            feedback_form=FeedbackForm(initial={"text": solicitation.feedback}),
            **kwargs,
        )


class FeedbackView(ObjectDetailView):
    model = Solicitation
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        solicitation = self.get_object()
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            try:
                services.solicitation_publish_feedback(
                    solicitation=solicitation, user=request.user, text=form.cleaned_data["text"]
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _("Feedback report published."))
        return redirect("suggestions_console:solicitation", pk=solicitation.pk)
