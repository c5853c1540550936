"""The web surface to fuzz: every URL of the app and the review desk's admin pages,
with the parameter names each one reads.

Names come from two places, so a new field or filter is fuzzed without editing
this file: the forms and FilterSets the views use (``base_fields``,
``base_filters``), and the ``<form>`` inputs and query links of the rendered
pages, read with ``html.parser``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import django_filters
from django import forms
from django.contrib import admin
from django.urls import Resolver404, URLPattern, resolve, reverse

from claims import forms as claim_forms
from claims import urls as claim_urls
from claims.exports import FORMATS
from claims.filters import ArticleFilter, ClaimFilter, SourceFilter
from claims.models import Article, Claim, Source
from desk import forms as desk_forms
from desk import urls as desk_urls

PAGE = ["page", "p"]
# What each view reads: its forms, its FilterSet, or names it takes by hand.
DECLARED: dict[str, list[Any]] = {
    "claims:dashboard": [],
    "claims:article_list": [ArticleFilter, *PAGE],
    "claims:article_new": ["tab"],
    "claims:article_paste": [claim_forms.ArticlePasteForm],
    "claims:article_upload": [claim_forms.ArticleUploadForm],
    "claims:article_fetch_new": [claim_forms.ArticleUrlForm],
    "claims:claim_capture": [claim_forms.CaptureForm],
    "claims:claim_list": [ClaimFilter, *PAGE],
    "claims:claim_detail": ["on"],
    "claims:claim_bulk": [claim_forms.BulkForm, "next"],
    "claims:claim_assign_me": ["version", "next"],
    "claims:saved_view_new": ["name", "query", "shared"],
    "claims:saved_view_delete": [],
    "claims:claim_edit": [claim_forms.ClaimEditForm],
    "claims:claim_transition": [claim_forms.TransitionForm],
    "claims:claim_rate": [claim_forms.RateForm],
    "claims:attribution_add": [claim_forms.AttributionForm],
    "claims:attribution_change": [claim_forms.AttributionChangeForm],
    "claims:attribution_remove": ["version"],
    "claims:evidence_add": [claim_forms.EvidenceForm],
    "claims:claim_link_add": [claim_forms.ClaimLinkForm],
    "claims:claim_link_remove": [],
    "claims:claims_similar": ["statement", "quote"],
    "claims:claim_export": [ClaimFilter],
    "claims:export_job_new": ["format", "query"],
    "claims:desk_report": [claim_forms.PeriodForm, ClaimFilter],
    "claims:desk_report_pdf": [claim_forms.PeriodForm, ClaimFilter],
    "claims:source_list": [SourceFilter, *PAGE],
    "claims:source_autocomplete": ["source_name"],
    "claims:source_detail": PAGE,
    "desk:comment_new": [desk_forms.CommentForm],
    "desk:comment_change": [desk_forms.CommentForm],
    "desk:comment_remove": [],
    "desk:inbox": ["show", *PAGE],
    "desk:inbox_open": [],
    "desk:inbox_read_all": [],
    "desk:settings": [desk_forms.DeskSettingsForm],
    "admin:claims_claim_changelist": [
        *["status__exact", "rating__id__exact", "sourcing", "kind__exact", "assignee__id__exact"],
        *["article__outlet__id__exact", "article__published_on__gte"],
        *["article__published_on__lt", "q", "o", "p", "all", "_changelist_filters"],
        *["action", "_selected_action", "select_across", "index", "note", "apply"],
    ],
    "admin:claims_claim_change": [admin.site._registry[Claim].form, "_save", "_continue"],
    "admin:claims_article_changelist": ["q", "o", "p", "outlet__id__exact"],
    "admin:claims_article_change": [admin.site._registry[Article].form],
    "admin:claims_article_add": [admin.site._registry[Article].form],
    "admin:claims_source_changelist": ["q", "o", "p", "kind__exact"],
    "admin:claims_source_change": [admin.site._registry[Source].form],
    "admin:claims_source_add": [admin.site._registry[Source].form],
    "admin:claims_claimevent_changelist": ["kind__exact", "to_status__exact", "o", "p"],
    "admin:claims_claimevent_change": [],
    "admin:autocomplete": ["term", "app_label", "model_name", "field_name", "page"],
}
# Admin pages taking an object id: which kind of object.
ADMIN_OBJECTS = {
    "admin:claims_claim_change": "claim",
    "admin:claims_article_change": "article",
    "admin:claims_source_change": "source",
    "admin:claims_claimevent_change": "event",
}
# URL arguments that are not object ids: real values, and values no view knows.
WORDS = {
    "fmt": [*FORMATS, "xml", "csv.gz", "CSV"],
    "decision": ["accept-named", "reject-all", "accept-all", "ACCEPT-NAMED"],
}
# Each renders a PDF, seconds apiece: fuzzed, but less often.
SLOW = {"claims:desk_report_pdf": 0.05, "claims:article_report_pdf": 0.05}


@dataclass
class Target:
    """One URL pattern: its names, plausible values, and the forms that post to it."""

    view_name: str
    pattern: URLPattern | None = None
    names: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    plausible: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    forms: list[dict[str, str]] = field(default_factory=list)
    methods: set[str] = field(default_factory=set)  # as its pages' forms send it

    @property
    def weight(self) -> float:
        return SLOW.get(self.view_name, 1.0)

    def url(self, rng: random.Random, ids: dict[str, list[int]]) -> tuple[str, dict[str, Any]]:
        """A URL with real ids most of the time, and the arguments it was built from."""
        if self.view_name in ADMIN_OBJECTS:
            kwargs = {"object_id": _an_id(rng, ids, ADMIN_OBJECTS[self.view_name])}
        elif self.pattern is not None:
            kwargs = {name: _argument(rng, ids, name) for name in self.pattern.pattern.converters}
        else:
            kwargs = {}
        return reverse(self.view_name, kwargs=kwargs), kwargs


def _argument(rng: random.Random, ids: dict[str, list[int]], name: str) -> Any:
    if name in WORDS:
        return rng.choice(WORDS[name])
    return _an_id(rng, ids, name.removesuffix("_id"))


def _an_id(rng: random.Random, ids: dict[str, list[int]], kind: str) -> int:
    """Mostly an object of the kind; sometimes another kind's id, none, or past any id."""
    roll = rng.random()
    if roll < 0.85:
        return rng.choice(ids[kind])
    if roll < 0.95:
        return rng.choice(ids[rng.choice(sorted(ids))])
    return rng.choice([0, 999_999, 2**31, 2**63, 10**30])


def targets() -> dict[str, Target]:
    """Every named pattern of the app, and the admin pages above, with declared names."""
    found = {
        f"{urls.app_name}:{pattern.name}": Target(f"{urls.app_name}:{pattern.name}", pattern)
        for urls in (claim_urls, desk_urls)
        for pattern in urls.urlpatterns
    }
    found.update({name: Target(name) for name in DECLARED if name.startswith("admin:")})
    for name, target in found.items():
        for source in DECLARED.get(name, []):
            _declare(target, source)
    return found


def _declare(target: Target, source: Any) -> None:
    if isinstance(source, str):
        target.names.add(source)
    elif issubclass(source, django_filters.FilterSet):
        for name, declared in source.base_filters.items():
            _declare_field(target, name, declared.field)
    else:
        for name, form_field in source.base_fields.items():
            _declare_field(target, name, form_field)


def _declare_field(target: Target, name: str, form_field: forms.Field) -> None:
    widget = form_field.widget
    if hasattr(widget, "suffixes"):  # django-filter's ranges: published_after/_before
        names = [widget.suffixed(name, suffix) for suffix in widget.suffixes]
    elif isinstance(widget, forms.MultiWidget):
        names = [name + suffix for suffix in widget.widgets_names]
    else:
        names = [name]
    target.names.update(names)
    if isinstance(form_field, forms.FileField):
        target.files.update(names)
    for value in _choices(form_field):
        for each in names:
            target.plausible[each].add(value)


def _choices(form_field: forms.Field) -> list[str]:
    choices = getattr(form_field, "choices", None)
    if choices is None:
        return []
    return [str(value) for value, _ in choices if value not in ("", None)]


# -- reading the rendered pages


@dataclass
class ParsedForm:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    files: set[str] = field(default_factory=set)


class PageParser(HTMLParser):
    """The forms of a page (inputs, selects, textareas, htmx posts) and its query links."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[ParsedForm] = []
        self.links: list[str] = []
        self._form: ParsedForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = ParsedForm(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        for verb in ("hx-post", "hx-get"):
            if a.get(verb):
                self.forms.append(ParsedForm(a[verb], verb.removeprefix("hx-")))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if self._form is not None:
            self._field(tag, a)

    def _field(self, tag: str, a: dict[str, str]) -> None:
        name, value, form = a.get("name"), a.get("value", ""), self._form
        if tag == "option" and self._select:
            form.values[self._select].add(value)
            if "selected" in a:
                form.fields[self._select] = value
        if not name:
            return
        form.values[name].add(value)
        kind = a.get("type", "text")
        if tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            form.fields[name] = ""
        elif kind == "file":
            form.files.add(name)
        elif tag == "input" and (kind not in ("checkbox", "radio", "submit") or "checked" in a):
            form.fields[name] = value

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def learn_from_page(found: dict[str, Target], page_url: str, html: str) -> None:
    """Add the names, values and default form data a rendered page shows to the targets."""
    parser = PageParser()
    parser.feed(html)
    for form in parser.forms:
        target = _target_of(found, urljoin(page_url, form.action or page_url))
        if target is None:
            continue
        target.names.update(form.values)
        target.methods.add(form.method)
        target.files.update(form.files)
        for name, values in form.values.items():
            target.plausible[name].update(values)
        if form.fields:
            target.forms.append(dict(form.fields))
    for link in parser.links:
        target = _target_of(found, urljoin(page_url, link))
        if target is not None:
            target.methods.add("get")
        for name, value in parse_qsl(urlsplit(link).query, keep_blank_values=True):
            if target is not None:
                target.names.add(name)
                target.plausible[name].add(value)


def _target_of(found: dict[str, Target], url: str) -> Target | None:
    try:
        return found.get(resolve(urlsplit(url).path).view_name)
    except Resolver404:
        return None
