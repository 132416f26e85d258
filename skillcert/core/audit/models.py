"""Append-only audit events, each chained to the one before by a keyed hash, and the signed
daily anchors of the chain's head."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from skillcert.core.orgs.models import optional_agency


class AppendOnlyError(Exception):
    """An attempt to change or remove audit events. A programming error, never a user's."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        raise AppendOnlyError("audit events cannot be updated")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be updated")


class AuditEvent(models.Model):
    """Who did what to which object, when and from where.

    Rows are never updated or deleted: there is no code path for it, and on PostgreSQL a trigger
    refuses UPDATE, DELETE and TRUNCATE. ``hash`` covers every field and ``prev_hash``, so an edited
    or removed row breaks the chain at that point.
    """

    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作人名称", max_length=150, blank=True)
    role = models.CharField("角色", max_length=32, blank=True)
    organisation_label = models.CharField("组织", max_length=200, blank=True)
    agency = optional_agency(related_name="+")
    action = models.CharField("动作", max_length=100, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_label = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    ip = models.CharField("IP 地址", max_length=64, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)
    # How ``hash`` was computed (chain.LEGACY_SHA256 or chain.KEYED_HMAC_SHA256). Rows written
    # before the chain was keyed keep 1; ``audit.record`` writes the current version.
    chain_version = models.PositiveSmallIntegerField("链版本", default=1)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args: Any, force_insert: bool = False, **kwargs: Any) -> None:
        # Only the first INSERT is allowed; ``audit.record`` is the one caller.
        if args or not force_insert or not self._state.adding:
            raise AppendOnlyError("audit events are written once, by audit.record")
        super().save(force_insert=True, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")

    @property
    def role_label(self) -> str:
        from skillcert.core.accounts.models import Role

        try:
            return Role(self.role).label
        except ValueError:
            return self.role


class AuditAnchor(models.Model):
    """The chain's head at one moment, signed with the audit key and copied outside the table.

    Written daily (``manage.py anchor_audit``, or the worker once a day). Deleting the last events
    or rewriting the chain with the key leaves an anchor whose event is missing or whose hash no
    longer matches; the same record is also a file under ``AUDIT_ANCHOR_DIR`` for the provincial
    supervisor, so the table alone cannot be rewritten to hide it. Append-only like the events.
    """

    day = models.DateField("日期", db_index=True)
    anchored_at = models.DateTimeField("记录时间")
    last_event_id = models.BigIntegerField("链头事件编号")
    last_hash = models.CharField("链头哈希", max_length=64)
    event_count = models.BigIntegerField("事件数")
    signature = models.CharField("签名", max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计链锚点"
        verbose_name_plural = "审计链锚点"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.day} #{self.last_event_id}"

    def save(self, *args: Any, force_insert: bool = False, **kwargs: Any) -> None:
        if args or not force_insert or not self._state.adding:
            raise AppendOnlyError("audit anchors are written once, by audit.anchors")
        super().save(force_insert=True, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit anchors cannot be deleted")
