"""The words of 申报条件: scopes, certificate and education kinds, levels and condition types."""

from __future__ import annotations

# Occupation (or major) scope of a fact: the standard's own occupation, one it lists as related,
# or anything else.
SAME = "same"
RELATED = "related"
OTHER = "other"
FACT_SCOPES = (SAME, RELATED, OTHER)

# What an atom accepts. "本职业" alone is SAME; "本职业或相关职业" is SAME_OR_RELATED.
SAME_OR_RELATED = "same_or_related"
ANY = "any"
OCCUPATION_SCOPES = {SAME: "本职业", SAME_OR_RELATED: "本职业或相关职业"}
MAJOR_SCOPES = {SAME: "本专业", SAME_OR_RELATED: "本专业或相关专业", ANY: "不限专业"}

CERT_KINDS = {
    "qualification": "职业资格证书",
    "skill_level": "职业技能等级证书",
    "pre_technician": "预备技师证书",
}
DEFAULT_CERT_KINDS = ("qualification", "skill_level")

EDUCATION_KINDS = {
    "junior_high": "初中",
    "high_school": "普通高中",
    "technical_school": "技工学校",
    "senior_technical_school": "高级技工学校",
    "technician_college": "技师学院",
    "technical_senior_class": "技工院校高级工班",
    "secondary_vocational": "中等职业学校",
    "secondary_vocational_assessed": "中等职业学校（经评估论证）",
    "higher_vocational": "高等职业学校",
    "higher_vocational_assessed": "高等职业学校（经评估论证）",
    "college": "大学专科",
    "bachelor": "大学本科",
    "master_or_above": "硕士研究生及以上",
}
# The 学历 ladder that education_level_at_least climbs (大专 < 本科 < 硕士); 高职 is 专科 level.
EDUCATION_RANK = {
    "higher_vocational": 1,
    "higher_vocational_assessed": 1,
    "college": 1,
    "bachelor": 2,
    "master_or_above": 3,
}
EDUCATION_LEVELS = {"college": (1, "大专"), "bachelor": (2, "大学本科"), "master": (3, "硕士")}

LEVEL_NAMES = {
    5: "五级/初级工",
    4: "四级/中级工",
    3: "三级/高级工",
    2: "二级/技师",
    1: "一级/高级技师",
}

DAYS_PER_YEAR = 365.2425

# The condition types, as a reviewer names them.
ATOM_LABELS = {
    "age_at_least": "年龄",
    "intends_or_works_in": "拟从事或从事本职业",
    "work_years": "工作年限",
    "holds_cert": "持有证书",
    "apprenticeship_completed": "学徒期满",
    "graduated": "毕业证书",
    "education_level_at_least": "学历层次",
    "current_student": "在校生",
    "training_completed": "培训学时",
}
