"""Staff pages over the audit trail: recent events with filters, and one object's history."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from skillcert.core.audit import selectors
from skillcert.core.audit.actions import action_label
from skillcert.core.audit.anchors import anchor_states
from skillcert.core.audit.models import AuditEvent
from skillcert.core.audit.selectors import anchors_for, events_for, model_of
from skillcert.core.identity.masking import mask_id_number, mask_phone
from skillcert.core.ui.pagination import paginate


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

    def filters(self) -> dict[str, Any]:
        """The filters for ``events_for``: none while the form is empty or invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "action": data["action"].strip(),
            "actor": data["actor"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }


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


def change_lines(event: AuditEvent) -> list[dict[str, str]]:
    """Each change as ``field: old → new`` (an edit) or ``field: value`` (a fact)."""
    model = model_of(event.object_type) if event.object_type else None
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
    events = events_for(request.user, **form.filters())
    # 50, not the shared PAGE_SIZE: reading the log means scanning many one-line events.
    page, querystring = paginate(request, events, 50)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "rows": _rows(page), "query": querystring},
    )


@login_required
def object_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    history = selectors.object_history(request.user, object_type=object_type, object_id=object_id)
    return render(
        request,
        "audit/object_history.html",
        {
            "title": history.title,
            "model_name": history.model._meta.verbose_name,
            "rows": _rows(history.events),
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
