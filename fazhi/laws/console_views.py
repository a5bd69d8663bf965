from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.permissions import policy_of
from fazhi.core.views import ObjectCreateView, ObjectEditView, ObjectListView
from fazhi.laws.authoring import interpretation_save, must_know_set_items
from fazhi.laws.forms_console import InterpretationForm, MustKnowListForm
from fazhi.laws.models import Interpretation, MustKnowList


class _UserFormMixin:
    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]


class InterpretationListView(ObjectListView):
    model = Interpretation
    queryset = Interpretation.objects.select_related("work", "organisation")
    template_name = "laws/console/interpretation_list.html"


class _InterpretationSave(_UserFormMixin):
    model = Interpretation
    form_class = InterpretationForm
    template_name = "core/object_form.html"

    def form_valid(self, form: InterpretationForm) -> HttpResponse:
        with transaction.atomic():
            interpretation = form.save(commit=False)
            if not policy_of(Interpretation).allows(self.request.user, self.action, interpretation):
                raise PermissionDenied
            interpretation_save(interpretation=interpretation)
        messages.success(self.request, _("Interpretation saved."))
        return redirect("laws_console:interpretations")


class InterpretationCreateView(_InterpretationSave, ObjectCreateView):
    pass


class InterpretationEditView(_InterpretationSave, ObjectEditView):
    pass


class MustKnowListListView(ObjectListView):
    model = MustKnowList
    queryset = MustKnowList.objects.select_related("organisation")
    template_name = "laws/console/mustknow_list.html"


class _MustKnowSave(_UserFormMixin):
    model = MustKnowList
    form_class = MustKnowListForm
    template_name = "core/object_form.html"

    def form_valid(self, form: MustKnowListForm) -> HttpResponse:
        try:
            with transaction.atomic():
                must_know = form.save(commit=False)
                if not policy_of(MustKnowList).allows(self.request.user, self.action, must_know):
                    raise PermissionDenied
                must_know.save()
                problems = must_know_set_items(must_know_list=must_know, citations=form.cleaned_data["citations"])
                if problems:
                    raise _Unresolved(problems)
        except _Unresolved as exc:
            for problem in exc.args[0]:
                form.add_error("citations", problem)
            return self.form_invalid(form)
        messages.success(self.request, _("Must-know list saved."))
        return redirect("laws_console:lists")


class _Unresolved(Exception):
    pass


class MustKnowListCreateView(_MustKnowSave, ObjectCreateView):
    title = gettext_lazy("New must-know list")


class MustKnowListEditView(_MustKnowSave, ObjectEditView):
    pass
