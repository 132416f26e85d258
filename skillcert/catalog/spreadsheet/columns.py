"""The sheets of the catalogue workbook and their column headers, shared by export and import."""

from __future__ import annotations

MAX_BYTES = 5_000_000

OCCUPATION_COLUMNS = ["职业编码", "职业名称", "工种", "工种编码"]
STANDARD_COLUMNS = [
    "职业编码",
    "工种",
    "版本",
    "标准名称",
    "来源",
    "发布文号",
    "基本文化程度",
    "相关职业",
    "本专业或相关专业",
    "状态",
    "说明",
]
SUBJECT_COLUMNS = [
    "职业编码",
    "工种",
    "版本",
    "等级",
    "科目",
    "方式",
    "最短时长（分钟）",
    "满分",
    "合格分",
    "每名监考员对应考生数",
    "每考场最少监考员",
    "每名考评员对应考生数",
    "最少考评员",
]
CLAUSE_COLUMNS = [
    "职业编码",
    "工种",
    "版本",
    "等级",
    "序号",
    "原文编号",
    "原文",
    "条件（JSON）",
    "说明",
]
SHEETS = {
    "职业": OCCUPATION_COLUMNS,
    "标准": STANDARD_COLUMNS,
    "等级科目": SUBJECT_COLUMNS,
    "申报条件": CLAUSE_COLUMNS,
}
OPTIONAL_NUMBERS = [
    "每名监考员对应考生数",
    "每考场最少监考员",
    "每名考评员对应考生数",
    "最少考评员",
]
