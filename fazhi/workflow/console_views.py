"""The console's time-limit pages: every clock with the provision behind it, and the city office's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from fazhi.core.permissions import CHANGE
from fazhi.core.views import PUBLIC, PageView
from fazhi.workflow.clocks import CLOCKS, Clock
from fazhi.workflow.models import ClockSetting
from fazhi.workflow.provisions import open_counts, resolve
from fazhi.workflow.services import clock_setting_save


def clock_rows() -> list[dict[str, Any]]:
    settings = {s.key: s for s in ClockSetting.objects.all()}
    counts = open_counts()
    rows = []
    for key in sorted(CLOCKS):
        clock = CLOCKS[key]
        provision = clock.basis or clock.policy_under
        resolved = resolve(provision) if provision else None
        rows.append(
            {
                "clock": clock,
                "setting": settings.get(key),
                "provision": provision,
                "url": resolved.url() if resolved else "",
                "open": counts.get(key, 0),
                "competing": [(rule, resolve(rule.provision)) for rule in clock.competing],
            }
        )
    return rows


class ClockListView(PageView):
    """Public: anyone may see how long each step may take and why (the settings' policy reads publicly too)."""

    access = PUBLIC
    template_name = "workflow/console/clocks.html"
    title = _("Time limits")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            rows=clock_rows(), can_change=ClockSetting.policy.allows(self.request.user, CHANGE), **kwargs
        )


class ClockSettingForm(forms.Form):
    amount = forms.IntegerField(label=_("Time limit"), min_value=1, max_value=3650)
    emergency_amount = forms.IntegerField(
        label=_("Time limit on the fast track"), min_value=1, max_value=3650, required=False
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ClockEditView(PageView):
    """GET: the form with the clock's provision; POST: the city office's new amount (audited)."""

    template_name = "workflow/console/clock_form.html"

    clock: Clock

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        clock = CLOCKS.get(kwargs["key"])
        if clock is None:
            raise Http404
        self.clock = clock
        return super().dispatch(request, *args, **kwargs)

    def get_title(self) -> Any:
        return self.clock.label

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not ClockSetting.policy.allows(request.user, CHANGE):
            raise PermissionDenied
        setting = ClockSetting.objects.filter(key=self.clock.key).first()
        initial = {
            "amount": setting.amount if setting else self.clock.duration.amount,
            "emergency_amount": setting.emergency_amount if setting else None,
        }
        return self.render_to_response(self.get_context_data(form=ClockSettingForm(initial=initial)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not ClockSetting.policy.allows(request.user, CHANGE):
            raise PermissionDenied
        form = ClockSettingForm(request.POST)
        if form.is_valid():
            try:
                clock_setting_save(clock=self.clock, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Time limit saved; it applies to clocks started from now on."))
                return redirect("workflow_console:clocks")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        clock: Clock = self.clock
        provision = clock.basis or clock.policy_under
        resolved = resolve(provision) if provision else None
        form = kwargs.get("form")
        if form is not None:  # the unit beside each amount (日 / 个工作日 / 小时)
            for name in ("amount", "emergency_amount"):
                form.fields[name].help_text = clock.duration.unit.label
        return super().get_context_data(
            clock=clock, provision=provision, url=resolved.url() if resolved else "", **kwargs
        )
