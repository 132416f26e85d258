"""Staff pages over the audit trail: recent events with filters, and one object's history."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from skillcert.core.accounts.permissions import visible_agencies
from skillcert.core.audit.actions import action_label
from skillcert.core.audit.anchors import anchor_states
from skillcert.core.audit.models import AuditEvent
from skillcert.core.audit.selectors import anchors_for, auditable_agencies, events_for
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.identity.masking import mask_id_number, mask_phone
from skillcert.core.orgs.models import Agency
from skillcert.core.ui.pagination import paginate

_NOT_FOUND = "未找到该记录，或您无权查看。"


class EventFilterForm(forms.Form):
    action = forms.CharField(label="动作", required=False, max_length=100)
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def apply(self, events: models.QuerySet[AuditEvent]) -> models.QuerySet[AuditEvent]:
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"].strip())
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"].strip())
        zone = timezone.get_current_timezone()
        if data["date_from"]:
            events = events.filter(
                occurred_at__gte=datetime.combine(data["date_from"], time.min, tzinfo=zone)
            )
        if data["date_to"]:
            end = datetime.combine(data["date_to"] + timedelta(days=1), time.min, tzinfo=zone)
            events = events.filter(occurred_at__lt=end)
        return events


# Personal data that services put into ``changes`` is shown with the one masking.
_MASKED_KEYS = {"phone": mask_phone, "contact_phone": mask_phone, "id_number": mask_id_number}


def _shown(value: Any, key: str = "") -> str:
    if key in _MASKED_KEYS and isinstance(value, str) and value:
        return _MASKED_KEYS[key](value)
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def change_lines(event: AuditEvent) -> list[dict[str, str]]:
    """Each change as ``field: old → new`` (an edit) or ``field: value`` (a fact)."""
    model = _model_of(event.object_type) if event.object_type else None
    lines = []
    for name, value in event.changes.items():
        line = {"field": _field_label(model, name)}
        if isinstance(value, list) and len(value) == 2:
            line.update(old=_shown(value[0], name), new=_shown(value[1], name))
        else:
            line.update(value=_shown(value, name))
        lines.append(line)
    return lines


def _rows(events: Any) -> list[dict[str, Any]]:
    return [
        {"event": event, "action": action_label(event.action), "changes": change_lines(event)}
        for event in events
    ]


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    events = form.apply(events_for(request.user))
    # 50, not the shared PAGE_SIZE: reading the log means scanning many one-line events.
    page, querystring = paginate(request, events, 50)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "rows": _rows(page), "query": querystring},
    )


def _object(model: type[models.Model], object_id: str) -> models.Model | None:
    try:
        return model._default_manager.filter(pk=object_id).first()
    except (ValueError, TypeError, ValidationError):
        return None


def _agency_of(obj: models.Model | None) -> Agency | None:
    agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    return agency if isinstance(agency, Agency) else None


def _visible_object(request: HttpRequest, model: type[models.Model], object_id: str) -> Any:
    """The object itself when it exists and belongs to an agency the user may audit."""
    obj = _object(model, object_id)
    agency = _agency_of(obj)
    if agency is None:
        return None
    agencies, whole_province = auditable_agencies(request.user)
    if whole_province or agencies.filter(pk=agency.pk).exists():
        return obj
    return None


@login_required
def object_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    model = _model_of(object_type)
    if model is None:
        raise NotFound(_NOT_FOUND)
    try:
        readable = events_for(request.user)
    except PermissionDenied:
        # Tenancy first: a role that may not read audit logs learns nothing about another
        # agency's object either; only for its own agency's objects is the answer "forbidden".
        agency = _agency_of(_object(model, object_id))
        if agency is None or not visible_agencies(request.user).filter(pk=agency.pk).exists():
            raise NotFound(_NOT_FOUND) from None
        raise
    events = list(readable.filter(object_type=model._meta.label, object_id=object_id))
    if events:
        title = events[0].object_label
    else:
        # No event to show: a page exists only for an object the user could audit.
        obj = _visible_object(request, model, object_id)
        if obj is None:
            raise NotFound(_NOT_FOUND)
        title = str(obj)
    return render(
        request,
        "audit/object_history.html",
        {
            "title": title,
            "model_name": model._meta.verbose_name,
            "rows": _rows(events),
        },
    )


@login_required
def anchor_list(request: HttpRequest) -> HttpResponse:
    """The signed daily heads of the chain and whether each still matches the chain."""
    # 60, not the shared PAGE_SIZE: about two months of daily anchors on one page.
    page, querystring = paginate(request, anchors_for(request.user), 60)
    return render(
        request,
        "audit/anchor_list.html",
        {"page": page, "states": anchor_states(list(page)), "query": querystring},
    )
