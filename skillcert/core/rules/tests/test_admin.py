"""Django admin: versions in use are read-only; a draft's edit goes through the audited service."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from skillcert.core.audit.models import AuditEvent
from skillcert.core.rules.models import RuleSet
from skillcert.core.rules.services import create_rule_set_version


def test_version_in_force_is_read_only_in_admin(admin_client):
    response = admin_client.get(reverse("admin:rules_ruleset_change", args=[1]))
    assert response.status_code == 200
    assert b'name="title"' not in response.content
    assert admin_client.get(reverse("admin:calendar_calendarday_changelist")).status_code == 200


def test_draft_edited_in_admin_is_audited(client, admin_client, provincial_supervisor):
    draft = create_rule_set_version(
        actor=provincial_supervisor,
        based_on=RuleSet.objects.get(version=1),
        changes={},
        document_number="桂职鉴字〔2026〕3号",
        title="草稿",
        effective_from=date(2026, 7, 1),
    )
    url = reverse("admin:rules_ruleset_change", args=[draft.pk])
    data = {
        "document_number": "桂职鉴字〔2026〕3号",
        "title": "修订稿",
        "effective_from": "2026-07-01",
        "counts_regional_holidays": "on",
        "parameters": '{"pass_mark": 65}',
        "note": "",
    }
    # The admin is no back door: a superuser without the provincial role is refused.
    assert admin_client.post(url, data).status_code == 403
    draft.refresh_from_db()
    assert draft.title == "草稿"

    provincial_supervisor.is_staff = provincial_supervisor.is_superuser = True
    provincial_supervisor.save()
    client.force_login(provincial_supervisor)
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "修订稿"
    assert draft.param("pass_mark") == 65
    assert draft.param("announce_lead_wd") == 15
    assert AuditEvent.objects.filter(action="rules.update_draft", object_id=str(draft.pk)).exists()
