"""《职业技能等级认定申报表》 as a PDF the candidate prints and signs (细则第三条).

Only the form's content is described here; the font, page, photo and table helpers are the PDF
layer's (``skillcert.core.documents``).
"""

from __future__ import annotations

import logging

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from skillcert.catalog.eligibility.vocabulary import CERT_KINDS, EDUCATION_KINDS, LEVEL_NAMES
from skillcert.catalog.selectors import level_name
from skillcert.core.documents import (
    A4_PORTRAIT,
    ONE_INCH_PHOTO,
    para,
    photo_or_caption,
    render_pdf,
    styles,
)
from skillcert.core.formats import cn_date
from skillcert.registration.models import Application, Decision, MaterialKind

log = logging.getLogger(__name__)
SCOPES = {"same": "本职业", "related": "相关职业", "other": "其他职业"}
MAJORS = {"same": "本专业", "related": "相关专业", "other": "其他专业"}
PHOTO_CAPTION = "一寸白底证件照"


def _photo(app: Application, style: ParagraphStyle) -> Flowable:
    """The uploaded one-inch photo for the form's photo box, or the box's caption without one."""
    material = (
        app.materials.filter(kind=MaterialKind.PHOTO, verified_online=False)
        .exclude(file="")
        .order_by("-uploaded_at", "-id")
        .first()
    )
    if material is None:
        return para(PHOTO_CAPTION, style)
    try:
        with material.file.open("rb") as fh:
            return photo_or_caption(fh, caption=PHOTO_CAPTION, style=style, size=ONE_INCH_PHOTO)
    except OSError:  # the file is gone from storage: print the empty box rather than fail
        log.warning("photo of application %s missing from storage", app.pk)
        return para(PHOTO_CAPTION, style)


def render_application_form(app: Application, *, id_number: str) -> bytes:
    """The filled form; ``id_number`` is what to print (full for the candidate and the desk)."""
    s = styles()
    body, title, head = s.body, s.title, s.heading

    def p(text: object) -> Paragraph:
        return para(text, body)

    c = app.candidate
    f = app.facts or {}
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0")),
            ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#f0f0f0")),
        ]
    )
    person = [
        ["姓名", c.name, "性别", c.get_sex_display()],
        ["证件类型", c.get_id_type_display(), "证件号码", id_number],
        ["出生日期", cn_date(c.birth_date), "民族", c.ethnicity],
        ["文化程度", c.get_education_display(), "考生来源", c.get_source_display()],
        ["手机号码", c.phone, "电子邮箱", c.email],
        ["工作单位", c.employer, "通讯地址", c.address],
        ["评价机构", app.agency.name, "认定批次", f"{app.batch.name}（{app.batch.code}）"],
        [
            "申报职业/等级",
            level_name(app.batch_level.standard_level),
            "报名方式",
            app.get_channel_display(),
        ],
    ]
    # Label columns wide enough for "申报职业/等级" on one line; the photo box on the right.
    widths = [27 * mm, 50 * mm, 22 * mm, 51 * mm]
    rows = [[p(x) for x in row] + [""] for row in person]
    rows[0][4] = _photo(app, body)
    boxed = TableStyle(
        [
            *grid.getCommands(),
            ("SPAN", (4, 0), (4, 3)),
            ("ALIGN", (4, 0), (4, 3), "CENTER"),
            ("BOX", (4, 0), (4, 3), 0.5, colors.black),
            ("SPAN", (3, 4), (4, 4)),
            ("SPAN", (3, 5), (4, 5)),
            ("SPAN", (3, 6), (4, 6)),
            ("SPAN", (3, 7), (4, 7)),
        ]
    )
    story = [
        Paragraph("职业技能等级认定申报表", title),
        Spacer(1, 4 * mm),
        Table(rows, colWidths=[*widths, 30 * mm], style=boxed),
        Paragraph("工作经历", head),
    ]
    work = [["起止时间", "从事职业", "工作单位"]] + [
        [
            f"{cn_date(w.get('start'))} 至 {cn_date(w.get('end'))}"
            if w.get("end")
            else f"{cn_date(w.get('start'))} 至今",
            SCOPES.get(w.get("scope"), ""),
            w.get("employer", ""),
        ]
        for w in f.get("work_periods", [])
    ]
    plain = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    if len(work) == 1:
        work.append(["无", "", ""])
    story.append(
        Table([[p(x) for x in r] for r in work], colWidths=[60 * mm, 30 * mm, 90 * mm], style=plain)
    )
    story.append(Paragraph("原职业资格/技能等级证书、学历与培训", head))
    other = []
    for cert in f.get("certificates", []):
        other.append(
            [
                CERT_KINDS.get(cert.get("kind"), ""),
                f"{LEVEL_NAMES.get(cert.get('level'), '')} {SCOPES.get(cert.get('scope'), '')}",
                f"编号 {cert.get('number', '')}，发证 {cn_date(cert.get('issued_on'))}",
            ]
        )
    for e in f.get("education", []):
        when = (
            "应届毕业"
            if e.get("is_final_year_student")
            else f"毕业 {cn_date(e.get('graduated_on'))}"
        )
        other.append(
            [EDUCATION_KINDS.get(e.get("kind"), ""), MAJORS.get(e.get("major_scope"), ""), when]
        )
    if f.get("current_student"):
        cs = f["current_student"]
        other.append(
            ["在读", EDUCATION_KINDS.get(cs.get("kind"), ""), MAJORS.get(cs.get("major_scope"), "")]
        )
    hours = f.get("training_hours")
    other.append(["正规培训学时", f"{hours}学时" if hours else "", ""])
    story.append(
        Table(
            [[p(x) for x in r] for r in other], colWidths=[40 * mm, 50 * mm, 90 * mm], style=plain
        )
    )

    approval = (
        app.decisions.filter(decision=Decision.APPROVED)
        .select_related("clause", "decided_by")
        .order_by("-decided_at", "-id")
        .first()
    )
    story.append(Paragraph("所选申报条件", head))
    clause = app.claimed_clause
    story.append(
        p(
            f"第{clause.ordinal}项 {clause.label}：{clause.text}"
            if clause
            else "未选择（由评价机构审核时核对）"
        )
    )
    if approval is not None and approval.clause is not None:
        met = approval.clause
        story.append(p(f"审核认定符合：第{met.ordinal}项 {met.label}：{met.text}"))
    story.append(Paragraph("提交材料", head))
    rows = [["材料", "形式"]]
    for m in app.materials.all():
        how = f"在线核验（{m.verified_where}）" if m.verified_online else f"文件 {m.original_name}"
        rows.append([m.get_kind_display(), how])
    if len(rows) == 1:
        rows.append(["尚未提交材料", ""])
    story.append(
        Table([[p(x) for x in r] for r in rows], colWidths=[60 * mm, 120 * mm], style=plain)
    )
    story.append(Spacer(1, 6 * mm))
    story.append(p("本人承诺以上所填信息及所提交材料真实、有效，如有虚假，愿承担相应责任。"))
    story.append(Spacer(1, 8 * mm))
    blank_date = "　　年　　月　　日"
    if approval is not None:
        opinion = "审核通过" + (f"。{approval.note}" if approval.note else "")
        reviewer = str(approval.decided_by.display_name if approval.decided_by else "")
        decided = cn_date(approval.decided_at)
    else:
        opinion, reviewer, decided = "", "", blank_date
    sign = [
        ["申报人签名：", "", "日期：", blank_date],
        ["评价机构审核意见：", opinion, "审核人：", reviewer],
        ["", "", "日期：", decided],
    ]
    story.append(
        Table(
            [[p(x) for x in r] for r in sign],
            colWidths=[40 * mm, 60 * mm, 20 * mm, 60 * mm],
            rowHeights=[14 * mm, None, 10 * mm],
            style=TableStyle([("LINEBELOW", (1, 0), (1, 1), 0.5, colors.black)]),
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(p(f"申报编号 {app.pk} · 打印于 {cn_date(timezone.localdate())}"))
    return render_pdf(
        story, title="职业技能等级认定申报表", author=app.agency.name, page=A4_PORTRAIT
    )
