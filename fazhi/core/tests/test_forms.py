"""Platform-wide form wording: length limits and yes/no filters (usability issue #20, point 5 and 6)."""

import django_filters
from django import forms
from django.utils import translation

from fazhi.accounts.models import User
from fazhi.suggestions.forms import SuggestionForm


class _Form(forms.Form):
    text = forms.CharField(max_length=5000, min_length=2)


def test_too_long_says_the_limit_in_plain_words():
    form = _Form({"text": "字" * 5001})
    with translation.override("en"):
        assert form.errors["text"] == ["Cannot be longer than 5000 characters (it has 5001)."]
    with translation.override("zh-hans"):
        message = str(_Form({"text": "字" * 5001}).errors["text"][0])
    assert "确保" not in message and "字符" not in message


def test_too_short_says_the_limit_in_plain_words():
    with translation.override("en"):
        assert _Form({"text": "字"}).errors["text"] == ["Needs at least 2 characters (it has 1)."]


def test_the_browser_is_told_the_limit():
    html = str(SuggestionForm()["facts"])
    assert 'maxlength="5000"' in html


class _Filters(django_filters.FilterSet):
    flag = django_filters.BooleanFilter()


def test_yes_no_filter_offers_all_not_unknown():
    with translation.override("en"):
        html = str(_Filters({}, queryset=User.objects.none()).form["flag"])
    assert ">All</option>" in html and "Unknown" not in html
    assert _Filters({"flag": "unknown"}, queryset=User.objects.none()).form.is_valid()
    form = _Filters({"flag": "true"}, queryset=User.objects.none()).form
    assert form.is_valid() and form.cleaned_data["flag"] is True
