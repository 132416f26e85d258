"""Taking an objection from the public and recording the answer to it, audited.

The stage's own service wraps these in its transaction: it checks who may answer and tells whom it
must (the agency, the city centre); these do the checks and writes every publicity shares.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.utils import timezone

from skillcert.core import audit
from skillcert.core.publicity.errors import ObjectionRefused
from skillcert.core.publicity.models import ObjectionBase, ObjectionState, Publication
from skillcert.core.publicity.ratelimit import RateLimit

Obj = TypeVar("Obj", bound=ObjectionBase)

MIN_CONTENT_CHARS = 10
CONTENT_HINT = "请具体写明对哪位考生（可写公示中的姓名和证件号后四位）有何异议及理由，至少10个字。"
ANSWER_HINT = "请填写答复：核实的情况和处理结果（如已取消某考生资格，写明原因）。"


def take_objection(
    *,
    model: type[Obj],
    publication: Publication,
    name: str,
    contact: str,
    content: str,
    ip: str,
    rate: RateLimit,
    audit_action: str,
) -> Obj:
    """The objection, once every field is filled and ``ip`` is within ``rate``; the caller has
    already checked that ``publication`` is open (``selectors.current_publication``)."""
    values = {"name": name.strip(), "contact": contact.strip(), "content": content.strip()}
    for key, label in (("name", "姓名"), ("contact", "联系方式"), ("content", "异议内容")):
        if not values[key]:
            raise ObjectionRefused(f"请填写{label}。", field=key, code="required")
    if len(values["content"]) < MIN_CONTENT_CHARS:
        raise ObjectionRefused(CONTENT_HINT, field="content")
    rate.hit(ip)
    links: dict[str, Any] = {model.PUBLICATION_FIELD: publication}
    objection = model.objects.create(ip=ip[:64], **links, **values)
    audit.record(
        actor=None,
        action=audit_action,
        obj=objection,
        changes={"publicity": publication.pk, "name": values["name"]},
    )
    return objection


def record_answer(*, actor: Any, objection: Obj, answer: str, audit_action: str) -> Obj:
    """The answer, recorded once; the caller has checked that ``actor`` may answer and holds a
    transaction (the row is locked until it ends)."""
    objection = type(objection).objects.select_for_update().get(pk=objection.pk)
    answer = answer.strip()
    if not answer:
        raise ObjectionRefused(ANSWER_HINT, field="answer")
    if objection.state == ObjectionState.ANSWERED:
        raise ObjectionRefused("该异议已经答复，不能重复答复。", code="already_answered")
    objection.state = ObjectionState.ANSWERED
    objection.answer = answer
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    audit.record(actor=actor, action=audit_action, obj=objection, changes={"answer": answer})
    return objection
