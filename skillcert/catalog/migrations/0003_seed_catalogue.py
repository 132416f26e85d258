"""Seed the first standards of the catalogue with their levels, subjects and 申报条件.

Sources: DOMAIN.md §5 (subjects, 百分制, 60 分合格) and §6 (literal 申报条件). What is confirmed and
what is assumed is written into each standard's and clause's notes, so a reviewer sees it on the
page. ``seed`` is also what a committed test calls to put the rows back after a flush.

Reversible: the reverse removes these standards (and the occupations when nothing else uses
them); it stops with an error if an agency scope or a batch still refers to one of them.
"""

from django.db import migrations

SR = "same_or_related"
SAME = "same"
OCC = {SAME: "本职业", SR: "本职业或相关职业"}
FINAL = "（含尚未取得毕业证书的在校应届毕业生）"
CERT = "职业资格证书（技能等级证书）"
LEVEL_WORDS = {5: "五级/初级工", 4: "四级/中级工", 3: "三级/高级工", 2: "二级/技师", 1: "一级/高级技师"}

# 细则 and the standards: 理论知识考试、技能考核和综合评审均实行百分制，成绩皆达60分（含）以上者为合格.
FULL_MARK, PASS_MARK = 100, 60
COMMON_DURATIONS = {"theory": 90, "skill": 60, "review": 30}
DURATION_NOTE = (
    "考试时长按常见的理论90分钟、技能60分钟、综合评审30分钟录入，尚未与标准原文核对；"
    "合格线60分（百分制）已由标准通用条款确认（DOMAIN.md §5）。"
)


def work(years, scope, since=None):
    atom = {"type": "work_years", "min_years": years, "scope": scope, "mode": "cumulative"}
    if since:
        atom["since"] = {"cert_level": since, "scope": scope}
    return atom


def cert(level, scope):
    return {"type": "holds_cert", "min_level": level, "scope": scope}


def grad(institutions, major=SR, final=True):
    return {
        "type": "graduated",
        "institutions": list(institutions),
        "major_scope": major,
        "includes_final_year_students": final,
    }


def edu(level, major=SR, final=False):
    return {
        "type": "education_level_at_least",
        "level": level,
        "major_scope": major,
        "includes_final_year_students": final,
    }


def template_a(s, note=""):
    """Template A (2018–2022 standards, DOMAIN.md §6.1) for occupation scope ``s``."""
    o = OCC[s]
    c = lambda n: f"{o}{LEVEL_WORDS[n]}{CERT}"  # noqa: E731
    return {
        5: [
            ("(1)", f"累计从事{o}工作1年（含）以上。", [work(1, s)]),
            ("(2)", f"{o}学徒期满。", [{"type": "apprenticeship_completed", "scope": s}]),
        ],
        4: [
            ("(1)", f"取得{c(5)}后，累计从事{o}工作4年（含）以上。", [cert(5, s), work(4, s, 5)]),
            ("(2)", f"累计从事{o}工作6年（含）以上。", [work(6, s)]),
            (
                "(3)之一",
                f"取得技工学校本专业或相关专业毕业证书{FINAL}。",
                [grad(["technical_school"])],
            ),
            (
                "(3)之二",
                f"取得经评估论证、以中级技能为培养目标的中等及以上职业学校本专业或相关专业毕业证书{FINAL}。",
                [grad(["secondary_vocational_assessed", "higher_vocational_assessed"])],
            ),
        ],
        3: [
            ("(1)", f"取得{c(4)}后，累计从事{o}工作5年（含）以上。", [cert(4, s), work(5, s, 4)]),
            (
                "(2)之一",
                f"取得{c(4)}，并具有高级技工学校、技师学院毕业证书{FINAL}。",
                [cert(4, s), grad(["senior_technical_school", "technician_college"], "any")],
            ),
            (
                "(2)之二",
                f"取得{c(4)}，并具有经评估论证、以高级技能为培养目标的高等职业学校本专业或相关专业毕业证书{FINAL}。",
                [cert(4, s), grad(["higher_vocational_assessed"])],
            ),
            (
                "(3)",
                f"具有大专及以上本专业或相关专业毕业证书，并取得{c(4)}后，累计从事{o}工作2年（含）以上。",
                [edu("college"), cert(4, s), work(2, s, 4)],
            ),
        ],
        2: [
            ("(1)", f"取得{c(3)}后，累计从事{o}工作4年（含）以上。", [cert(3, s), work(4, s, 3)]),
            (
                "(2)之一",
                f"取得{c(3)}的高级技工学校、技师学院毕业生，累计从事{o}工作3年（含）以上。",
                [
                    cert(3, s),
                    grad(["senior_technical_school", "technician_college"], "any", False),
                    work(3, s),
                ],
            ),
            (
                "(2)之二",
                f"取得{o}预备技师证书的技师学院毕业生，累计从事{o}工作2年（含）以上。",
                [
                    {"type": "holds_cert", "kinds": ["pre_technician"], "scope": s},
                    grad(["technician_college"], "any", False),
                    work(2, s),
                ],
            ),
        ],
        1: [("", f"取得{c(2)}后，累计从事{o}工作4年（含）以上。", [cert(2, s), work(4, s, 2)])],
    }


def template_c():
    """企业人力资源管理师 2019年版 (DOMAIN.md §6.3), 四级–一级."""
    a = template_a(SR)
    o = OCC[SR]
    c4 = f"{o}{LEVEL_WORDS[4]}{CERT}"
    higher = ["higher_vocational", "higher_vocational_assessed", "college", "bachelor"]
    return {
        4: [
            ("(1)", f"累计从事{o}工作4年（含）以上。", [work(4, SR)]),
            ("(2)之一", a[4][2][1], a[4][2][2]),
            ("(2)之二", a[4][3][1], a[4][3][2]),
            (
                "(3)",
                "高等院校本专业或相关专业在校生。",
                [
                    {
                        "type": "current_student",
                        "institutions": higher + ["master_or_above"],
                        "major_scope": SR,
                    }
                ],
            ),
        ],
        3: [
            a[3][0],
            a[3][1],
            a[3][2],
            (
                "(3)",
                f"具有大学专科本专业或相关专业毕业证书，并取得{c4}后，累计从事{o}工作2年（含）以上。",
                [edu("college"), cert(4, SR), work(2, SR, 4)],
            ),
            (
                "(4)",
                f"具有大学本科本专业或相关专业学历证书，并取得{c4}后，累计从事{o}工作1年（含）以上。",
                [edu("bachelor"), cert(4, SR), work(1, SR, 4)],
            ),
            (
                "(5)",
                f"具有硕士及以上本专业或相关专业学历证书{FINAL}。",
                [edu("master", final=True)],
            ),
        ],
        2: a[2],
        1: a[1],
    }


TEMPLATE_A_NOTE = "申报条件原文取自 DOMAIN.md §6.1（Template A，多个来源汇编）。"
ELECTRICIAN_NOTE = (
    "电工（2018年版）只写“本职业”，不含“或相关职业”（ctbtax.com ⚠️；四级(1)(2)原文已见）；"
    "其余各条按 Template A 句式改为“本职业”，数字与 Template A 相同，待与标准原文核对。"
)
HR_NOTE = (
    "四级、三级条款依 DOMAIN.md §6.3（meibinglu.com ✅）：来源只给出要点，原文按 Template A 句式"
    "补全，数字取自来源。二级原文在来源中被截断、一级未见，按 Template A 二级、一级措辞录入，待核对。"
)

STANDARDS = [
    {
        "occupation": ("6-31-01-03", "电工"),
        "trade": None,
        "title": "电工国家职业技能标准",
        "edition": "2018年版",
        "basic_education": "初中毕业（或相当文化程度）",
        "related_majors": "数控机床装配与维修、机电一体化、电梯工程技术等（节选，nbqgpx.com ✅）",
        "levels": (5, 4, 3, 2, 1),
        "clauses": template_a(SAME),
        "clause_note": ELECTRICIAN_NOTE,
        "notes": "职业编码、版本、基本文化程度见 DOMAIN.md §6.1。" + DURATION_NOTE,
    },
    {
        "occupation": ("4-10-01-03", "保育师"),
        "trade": None,
        "title": "保育师国家职业技能标准",
        "edition": "2021年版",
        "basic_education": "",
        "related_majors": "",
        "levels": (5, 4, 3, 2, 1),
        "clauses": template_a(SR),
        "clause_note": TEMPLATE_A_NOTE,
        "notes": "版本与申报条件模板见 DOMAIN.md §6.1；职业编码按《职业分类大典》录入，"
        "等级设置（五级至一级）与基本文化程度尚未与标准原文核对。" + DURATION_NOTE,
    },
    {
        "occupation": ("4-07-03-02", "企业人力资源管理师"),
        "trade": None,
        "title": "企业人力资源管理师国家职业技能标准",
        "edition": "2019年版",
        "basic_education": "高中毕业（或同等学历）",
        "related_majors": "",
        "levels": (4, 3, 2, 1),
        "clauses": template_c(),
        "clause_note": HR_NOTE,
        "notes": "只设四级至一级（DOMAIN.md §5、§6.3，meibinglu.com ✅）。" + DURATION_NOTE,
    },
    {
        "occupation": ("6-18-02-04", "焊工"),
        "trade": "电焊工",
        "title": "焊工国家职业技能标准（电焊工）",
        "edition": "2018年版",
        "basic_education": "",
        "related_majors": "",
        "levels": (5, 4, 3, 2, 1),
        "clauses": template_a(SR),
        "clause_note": TEMPLATE_A_NOTE,
        "notes": "职业“焊工”、工种“电焊工”见广西工业技师学院2023年认定计划（DOMAIN.md §13.1 ✅）；"
        "职业编码与版本号按《职业分类大典》及国家标准目录录入，尚未核对原文。" + DURATION_NOTE,
    },
    {
        "occupation": ("4-14-01-03", "健康照护师"),
        "trade": None,
        "title": "健康照护师国家职业技能标准",
        # The edition number is still to be verified: said in the notes, not in the label.
        "edition": "现行版",
        "basic_education": "",
        "related_majors": "",
        "levels": (5, 4, 3, 2, 1),
        "clauses": template_a(SR),
        "clause_note": TEMPLATE_A_NOTE + "本标准的申报条件原文未见，按 Template A 录入，待核对。",
        "notes": "版本号待与标准原文核实。DOMAIN.md 只提到该职业的收费示例（§13.3）；版本号、等级设置与申报条件均待与"
        "标准原文核对。" + DURATION_NOTE,
    },
]


def seed(apps, schema_editor):
    Occupation = apps.get_model("catalog", "Occupation")
    Trade = apps.get_model("catalog", "Trade")
    Standard = apps.get_model("catalog", "Standard")
    StandardLevel = apps.get_model("catalog", "StandardLevel")
    Subject = apps.get_model("catalog", "Subject")
    Clause = apps.get_model("catalog", "EligibilityClause")
    for spec in STANDARDS:
        code, name = spec["occupation"]
        occupation, _ = Occupation.objects.get_or_create(code=code, defaults={"name": name})
        trade = None
        if spec["trade"]:
            trade, _ = Trade.objects.get_or_create(occupation=occupation, name=spec["trade"])
        lookup = {"trade": trade} if trade else {"occupation": occupation, "trade": None}
        if Standard.objects.filter(edition=spec["edition"], **lookup).exists():
            continue
        standard = Standard.objects.create(
            occupation=occupation,
            trade=trade,
            title=spec["title"],
            edition=spec["edition"],
            source="national",
            basic_education=spec["basic_education"],
            related_majors=spec["related_majors"],
            notes=spec["notes"],
            status="active",
        )
        for level in spec["levels"]:
            sl = StandardLevel.objects.create(standard=standard, level=level)
            kinds = [("theory", "written"), ("skill", "on_site")]
            if level <= 2:
                # DOMAIN.md §5: 综合评审主要针对技师和高级技师.
                kinds.append(("review", "review_defence"))
            for kind, mode in kinds:
                Subject.objects.create(
                    standard_level=sl,
                    kind=kind,
                    mode=mode,
                    min_duration_minutes=COMMON_DURATIONS[kind],
                    full_mark=FULL_MARK,
                    pass_mark=PASS_MARK,
                )
            for ordinal, (label, text, conditions) in enumerate(spec["clauses"][level], start=1):
                Clause.objects.create(
                    standard_level=sl,
                    ordinal=ordinal,
                    label=label,
                    text=text,
                    conditions=conditions,
                    note=spec["clause_note"],
                )


def unseed(apps, schema_editor):
    Occupation = apps.get_model("catalog", "Occupation")
    Standard = apps.get_model("catalog", "Standard")
    StandardLevel = apps.get_model("catalog", "StandardLevel")
    Subject = apps.get_model("catalog", "Subject")
    Clause = apps.get_model("catalog", "EligibilityClause")
    Trade = apps.get_model("catalog", "Trade")
    for spec in STANDARDS:
        code, _ = spec["occupation"]
        standards = Standard.objects.filter(occupation__code=code, edition=spec["edition"])
        levels = StandardLevel.objects.filter(standard__in=standards)
        Clause.objects.filter(standard_level__in=levels).delete()
        Subject.objects.filter(standard_level__in=levels).delete()
        levels.delete()
        standards.delete()
        if spec["trade"]:
            Trade.objects.filter(occupation__code=code, name=spec["trade"], standards=None).delete()
        Occupation.objects.filter(code=code, standards=None, trades=None).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_notes_labels_uploads")]

    operations = [migrations.RunPython(seed, unseed)]
