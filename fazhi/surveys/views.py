"""Portal: open population surveys, the answering form (signed in, or through an invitation link), thanks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.views import LOGIN, PUBLIC, PageView, PlatformView
from fazhi.surveys.choices import Audience, SurveyStatus
from fazhi.surveys.forms import ResponseForm
from fazhi.surveys.models import Invitation, Response, Survey
from fazhi.surveys.services import invitation_for_token, response_submit


class SurveyListView(PageView):
    access = PUBLIC
    template_name = "surveys/list.html"
    title = gettext_lazy("Satisfaction surveys")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        surveys: QuerySet = Survey.objects.open_public().select_related("organisation")
        answered: set[int] = set()
        if self.request.user.is_authenticated:
            answered = set(
                Response.objects.filter(respondent=self.request.user, survey__in=surveys).values_list(
                    "survey_id", flat=True
                )
            )
        return super().get_context_data(surveys=surveys, answered=answered, **kwargs)


class _AnswerMixin(PlatformView):
    template_name = "surveys/answer.html"

    def render_form(self, survey: Survey, form: ResponseForm | None, status: int = 200, **extra: Any) -> HttpResponse:
        context = {"survey": survey, "form": form, "title": survey.title, **extra}
        return render(self.request, self.template_name, context, status=status)

    def submit(self, survey: Survey, invitation: Invitation | None) -> HttpResponse:
        form = ResponseForm(self.request.POST, survey=survey)
        if form.is_valid():
            try:
                response_submit(survey=survey, answers=form.answers(), user=self.request.user, invitation=invitation)
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    form.add_error(None, str(exc))
                else:
                    form.add_service_errors(exc)
            else:
                return redirect("surveys:thanks")
        return self.render_form(survey, form, status=400)


class SurveyAnswerView(_AnswerMixin):
    """A population survey, answered signed in: one response per person (see docs/surveys.md)."""

    access = LOGIN

    def get_survey(self) -> Survey:
        return get_object_or_404(
            Survey.objects.select_related("organisation").filter(audience=Audience.POPULATION),
            pk=self.kwargs["pk"],
            status__in=(SurveyStatus.OPEN, SurveyStatus.CLOSED),
        )

    def _refusal(self, survey: Survey) -> str:
        if not survey.accepting():
            return _("This survey is not taking answers (it is closed or not open yet).")
        if Response.objects.filter(survey=survey, respondent=self.request.user).exists():
            return _("You have already answered this survey. Thank you!")
        return ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        survey = self.get_survey()
        refusal = self._refusal(survey)
        return self.render_form(survey, None if refusal else ResponseForm(survey=survey), refusal=refusal)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        survey = self.get_survey()
        return self.submit(survey, None)


class InvitationAnswerView(_AnswerMixin):
    """Through the personal link of an invitation; no account needed (experts)."""

    access = PUBLIC

    def get_invitation(self) -> Invitation:
        invitation = invitation_for_token(self.kwargs["token"])
        if invitation is None or invitation.survey.status == SurveyStatus.DRAFT:
            raise Http404
        return invitation

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        invitation = self.get_invitation()
        survey = invitation.survey
        refusal = ""
        if invitation.used_at is not None:
            refusal = _("This invitation has been used: the survey was answered already.")
        elif not survey.accepting():
            refusal = _("This survey is not taking answers (it is closed or not open yet).")
        form = None if refusal else ResponseForm(survey=survey)
        return self.render_form(survey, form, refusal=refusal, invitation=invitation)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        invitation = self.get_invitation()
        return self.submit(invitation.survey, invitation)


class ThanksView(PageView):
    access = PUBLIC
    template_name = "surveys/thanks.html"
    title = gettext_lazy("Thank you")
