"""Batches' audit labels, navigation entries and home-page reminders."""

from __future__ import annotations

from skillcert.core.audit.actions import register_action_labels

register_action_labels(
    {
        "batch.transition": "批次状态变更",
        "batch.deadline_exception": "准予时限例外",
    }
)
