"""Domain errors of announcements and exam plans: Chinese messages that say what to do."""

from __future__ import annotations

from skillcert.batches.errors import BatchError


class AnnouncementError(BatchError):
    code = "announcement_error"


class AnnouncementIncomplete(AnnouncementError):
    """细则第一条 lists what a notice must state; ``missing`` names each absent item."""

    code = "announcement_incomplete"

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            "公告缺少细则第一条要求载明的内容：" + "；".join(missing) + "。请补充后再发布。"
        )


class ExamPlanError(BatchError):
    code = "exam_plan_error"
