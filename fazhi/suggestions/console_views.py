"""Staff console: the suggestion list with filters, one suggestion's timeline and the action of each step,
solicitations and their feedback report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
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
from fazhi.suggestions.forms import (
    AcceptForm,
    CloseForm,
    CommendForm,
    ConversionForm,
    DeclineForm,
    FeedbackForm,
    NoteForm,
    ReplyForm,
    RouteForm,
    SolicitationForm,
)
from fazhi.suggestions.models import Conversion, Solicitation, Suggestion, SuggestionRoute

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


class EmergencyForm(forms.Form):
    emergency = forms.BooleanField(label=gettext_lazy("Emergency (fast track)"), required=False)


# step → (form, service call, allowed statuses, success message); the detail page shows the steps the status allows
STEPS: dict[str, tuple[type[forms.Form], Callable[..., Any], tuple[str, ...], Any]] = {
    "accept": (
        AcceptForm,
        lambda s, u, d: services.suggestion_accept(suggestion=s, user=u, emergency=d["emergency"], note=d["note"]),
        (S.REGISTERED,),
        gettext_lazy("Accepted."),
    ),
    "decline": (
        DeclineForm,
        lambda s, u, d: services.suggestion_decline(suggestion=s, user=u, reason=d["reason"]),
        (S.REGISTERED, S.ACCEPTED),
        gettext_lazy("Not accepted; the submitter is told why."),
    ),
    "route": (
        RouteForm,
        lambda s, u, d: services.suggestion_route(
            suggestion=s, user=u, lead=d["lead"], co_handlers=d["co_handlers"], note=d["note"]
        ),
        (S.ACCEPTED, S.ROUTED, S.HANDLING),
        gettext_lazy("Routed."),
    ),
    "note": (
        NoteForm,
        lambda s, u, d: services.suggestion_note(suggestion=s, user=u, text=d["text"], kind=d["kind"]),
        (S.ROUTED, S.HANDLING, S.REPLIED),
        gettext_lazy("Note added."),
    ),
    "reply": (
        ReplyForm,
        lambda s, u, d: services.suggestion_reply(suggestion=s, user=u, text=d["text"]),
        (S.ROUTED, S.HANDLING),
        gettext_lazy("Answer sent."),
    ),
    "convert": (
        ConversionForm,
        lambda s, u, d: services.conversion_add(
            suggestion=s, user=u, kind=d["kind"], description=d["description"], url=d["url"], work=d["work"]
        ),
        (S.HANDLING, S.REPLIED, S.CLOSED),
        gettext_lazy("Conversion recorded."),
    ),
    "close": (
        CloseForm,
        lambda s, u, d: services.suggestion_close(suggestion=s, user=u, note=d["note"]),
        (S.REPLIED,),
        gettext_lazy("Closed."),
    ),
    "commend": (
        CommendForm,
        lambda s, u, d: services.suggestion_commend(suggestion=s, user=u, text=d["text"]),
        (S.REPLIED, S.CLOSED),
        gettext_lazy("Commended."),
    ),
    "emergency": (
        EmergencyForm,
        lambda s, u, d: services.suggestion_set_emergency(suggestion=s, user=u, emergency=d["emergency"]),
        (S.REGISTERED, S.ACCEPTED, S.ROUTED, S.HANDLING, S.REPLIED),
        gettext_lazy("Fast track updated."),
    ),
}


class SuggestionDetailView(ObjectDetailView):
    model = Suggestion
    queryset = Suggestion.objects.select_related("organisation", "solicitation", "submitter", "replied_by")
    template_name = "suggestions/console/detail.html"

    def get_title(self) -> Any:
        return self.object.theme

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        suggestion: Suggestion = self.object
        user = self.request.user
        handles, takes_part = services.may_handle(user, suggestion), services.may_take_part(user, suggestion)
        steps = []
        for name, (form_class, _call, statuses, _done) in STEPS.items():
            allowed = handles or (name == "note" and takes_part)
            if allowed and suggestion.status in statuses:
                initial = {"emergency": suggestion.is_emergency} if name in ("emergency", "accept") else None
                steps.append((name, STEP_LABELS[name], form_class(initial=initial, auto_id=f"id_{name}_%s")))
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
            steps=steps,
            **kwargs,
        )


STEP_LABELS = {
    "accept": gettext_lazy("Accept for handling"),
    "decline": gettext_lazy("Do not accept"),
    "route": gettext_lazy("Route to organisations"),
    "note": gettext_lazy("Add a handling note"),
    "reply": gettext_lazy("Send the answer"),
    "convert": gettext_lazy("Record a conversion"),
    "close": gettext_lazy("Close the suggestion"),
    "commend": gettext_lazy("Commend"),
    "emergency": gettext_lazy("Fast track"),
}


class SuggestionStepView(ObjectDetailView):
    """POST one step's form; errors come back as messages on the detail page, nothing half-saved."""

    model = Suggestion
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        suggestion = self.get_object()
        step = STEPS.get(kwargs["step"])
        if step is None:
            raise Http404
        form_class, call, _statuses, done = step
        form = form_class(request.POST)
        target = reverse("suggestions_console:detail", args=[suggestion.pk])
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
            return redirect(target)
        try:
            call(suggestion, request.user, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            messages.success(request, str(done))
        return redirect(target)


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
                messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
            else:
                messages.success(request, _("Feedback report published."))
        return redirect("suggestions_console:solicitation", pk=solicitation.pk)
