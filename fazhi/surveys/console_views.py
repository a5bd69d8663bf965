"""Staff console: build a survey, preview, open, close, invite, read the results, export the answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.export import table_response
from fazhi.core.permissions import ADD, CHANGE, policy_of
from fazhi.core.pii import mask_email
from fazhi.core.views import ObjectCreateView, ObjectDetailView, ObjectEditView, ObjectListView, ServiceSaveMixin
from fazhi.surveys.choices import SurveyStatus
from fazhi.surveys.export import answer_table
from fazhi.surveys.filtersets import SurveyFilterSet
from fazhi.surveys.forms import InviteForm, QuestionForm, ReopenForm, ResponseForm, SurveyForm
from fazhi.surveys.models import Invitation, Question, Survey
from fazhi.surveys.services import (
    invite,
    question_delete,
    question_save,
    survey_close,
    survey_open,
    survey_reopen,
    survey_results,
    survey_save,
)


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


class SurveyListView(ObjectListView):
    model = Survey
    queryset = Survey.objects.select_related("organisation")
    filterset_class = SurveyFilterSet
    template_name = "surveys/console/survey_list.html"
    title = gettext_lazy("Surveys")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(can_add=policy_of(Survey).allows(self.request.user, ADD), **kwargs)


class _SurveySave(ServiceSaveMixin):
    model = Survey
    form_class = SurveyForm
    template_name = "core/object_form.html"
    saved_message = gettext_lazy("Survey saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]

    def save_through_service(self, form: SurveyForm) -> Survey:
        return survey_save(
            survey=form.save(commit=False),
            measures=form.cleaned_data["measures"],
            user=self.request.user,  # type: ignore[attr-defined]
        )


class SurveyCreateView(_SurveySave, ObjectCreateView):
    title = gettext_lazy("New survey")


class SurveyEditView(_SurveySave, ObjectEditView):
    pass


class SurveyDetailView(ObjectDetailView):
    model = Survey
    queryset = Survey.objects.select_related("organisation").prefetch_related("measures")
    template_name = "surveys/console/survey_detail.html"

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        survey = self.object
        user = self.request.user
        invitations = list(survey.invitations.select_related("user", "about_type"))
        for invitation in invitations:
            invitation.who = invitation.name or (
                str(invitation.user) if invitation.user_id else mask_email(invitation.email)
            )
        can_change = policy_of(Survey).allows(user, CHANGE, survey)
        context.update(
            questions=survey.questions.prefetch_related("choices"),
            response_count=survey.responses.count(),
            invitations=invitations,
            can_change=can_change,
            can_edit_questions=can_change and survey.status != SurveyStatus.CLOSED,
            can_invite=survey.status == SurveyStatus.OPEN
            and policy_of(Invitation).allows(user, ADD, Invitation(survey=survey)),
            accepting=survey.accepting(),
            reopen_form=ReopenForm() if can_change and survey.status == SurveyStatus.CLOSED else None,
        )
        return context


class _SurveyAction(ObjectDetailView):
    """A POST button on the survey page."""

    model = Survey
    action = CHANGE
    http_method_names = ["post"]
    done_message: Any = ""

    def run(self, survey: Survey) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        survey = self.get_object()
        try:
            self.run(survey)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, self.done_message)
        return redirect(survey.get_absolute_url())


class SurveyOpenView(_SurveyAction):
    done_message = gettext_lazy("The survey is open.")

    def run(self, survey: Survey) -> None:
        survey_open(survey=survey, user=self.request.user)


class SurveyCloseView(_SurveyAction):
    done_message = gettext_lazy("The survey is closed.")

    def run(self, survey: Survey) -> None:
        survey_close(survey=survey, user=self.request.user)


class SurveyReopenView(_SurveyAction):
    """A closed survey takes answers again until a new closing date (staff who may change it)."""

    done_message = gettext_lazy("The survey is open again.")

    def run(self, survey: Survey) -> None:
        form = ReopenForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors.get("closes_on") or _("Give the new closing date."))
        survey_reopen(survey=survey, closes_on=form.cleaned_data["closes_on"], user=self.request.user)


class SurveyPreviewView(ObjectDetailView):
    """The respondents' form as they will see it, without a submit button."""

    model = Survey
    template_name = "surveys/answer.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            survey=self.object, form=ResponseForm(survey=self.object), preview=True, **kwargs
        )


class _QuestionForm:
    template_name = "surveys/console/question_form.html"

    def show(self, form: QuestionForm, survey: Survey, status: int = 200) -> HttpResponse:
        title = _("Question of “%(survey)s”") % {"survey": survey}
        context = {"form": form, "survey": survey, "title": title}
        return render(self.request, self.template_name, context, status=status)  # type: ignore[attr-defined]

    def save(self, form: QuestionForm, survey: Survey) -> HttpResponse:
        if form.is_valid():
            question = form.save(commit=False)
            question.survey = survey
            try:
                question_save(question=question, choices=form.choices(), user=self.request.user)  # type: ignore[attr-defined]
            except (ValidationError, PermissionDenied) as exc:
                if hasattr(exc, "error_dict"):
                    for key, errors in exc.message_dict.items():
                        form.add_error(
                            "choices_text" if key == "choices" else key if key in form.fields else None, errors
                        )
                else:
                    form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(self.request, _("Question saved."))  # type: ignore[attr-defined]
                return redirect(survey.get_absolute_url())
        return self.show(form, survey, status=400)


class QuestionCreateView(_QuestionForm, ObjectDetailView):
    model = Survey
    action = CHANGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(QuestionForm(), self.get_object())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.save(QuestionForm(request.POST), self.get_object())


class QuestionEditView(_QuestionForm, ObjectDetailView):
    model = Question
    action = CHANGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        question = self.get_object()
        return self.show(QuestionForm(instance=question), question.survey)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        question = self.get_object()
        return self.save(QuestionForm(request.POST, instance=question), question.survey)


class QuestionDeleteView(ObjectDetailView):
    model = Question
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        question = self.get_object()
        survey = question.survey
        try:
            question_delete(question=question, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Question deleted."))
        return redirect(survey.get_absolute_url())


class InviteView(ObjectDetailView):
    model = Survey
    action = CHANGE
    template_name = "surveys/console/invite.html"

    def get_title(self) -> Any:
        return _("Invite people to “%(survey)s”") % {"survey": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", InviteForm())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = survey = self.get_object()
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                invited = invite(
                    survey, form.cleaned_data["usernames"], emails=form.cleaned_data["emails"], by=request.user
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(request, _("%(n)s invitations sent.") % {"n": len(invited)})
                return redirect(survey.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ResultsView(ObjectDetailView):
    """Tables (readable without JavaScript) and ECharts charts of the same numbers."""

    model = Survey
    queryset = Survey.objects.select_related("organisation")
    template_name = "surveys/console/results.html"

    def get_title(self) -> Any:
        return _("Results: %(survey)s") % {"survey": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        results = survey_results(self.object)
        chart = [
            {
                "id": r.question_id,
                "title": f"{r.position}. {r.text}",
                "labels": [o.label for o in r.options],
                "counts": [o.count for o in r.options],
            }
            for r in results
            if r.options
        ]
        return super().get_context_data(
            results=results, response_count=self.object.responses.count(), chart_data=chart, **kwargs
        )


class ExportView(ObjectDetailView):
    """All answers as Excel or CSV (``fmt``), personal data masked."""

    model = Survey
    fmt = "xlsx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.object = self.get_object()
        header, rows = answer_table(self.object)
        return table_response(
            header=header,
            rows=rows,
            fmt=self.fmt,
            filename=f"survey-{self.object.pk}-{timezone.localdate().isoformat()}",
            sheet="answers",
        )
