"""准考证, door lists and 签到表 as PDFs (细则第六条, 第十一条; DOMAIN.md §7, §9.2).

Inputs are plain frozen dataclasses, so a service, a job and the benchmark build the same
documents without the ORM; the page, font, photos and QR codes are the PDF layer's
(``skillcert.core.documents``). ID numbers are printed only through the one masking function,
whatever the caller passes.

    pdf = render_ticket(Ticket(candidate_name="张三", id_number="450102199001011234", ...,
                               qr_text=sign(claim)))
    room_pdf = render_tickets(tickets_of_the_room)      # one page per candidate
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from skillcert.core.documents import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    ONE_INCH_PHOTO,
    Furniture,
    QrCode,
    Styles,
    para,
    para_rows,
    photo_or_caption,
    render_pdf,
    styles,
)
from skillcert.core.formats import cn_date
from skillcert.core.identity.masking import mask_id_number

PHOTO_CAPTION = "照片"
QR_SIZE = 32 * mm
_GREY = colors.HexColor("#f0f0f0")
_GRID = ("GRID", (0, 0), (-1, -1), 0.5, colors.black)
_MIDDLE = ("VALIGN", (0, 0), (-1, -1), "MIDDLE")


@dataclass(frozen=True)
class Sitting:
    """One subject the ticket admits to: when, and where the candidate sits."""

    subject: str
    date: date
    starts: time
    ends: time
    site: str
    room: str
    seat: str


@dataclass(frozen=True)
class Ticket:
    """One candidate's 准考证. ``id_number`` is printed masked; ``qr_text`` is the signed text
    from ``signing.sign``; ``rules`` is the exam-room rules text, one paragraph per line."""

    candidate_name: str
    id_number: str
    photo: bytes | None
    ticket_number: str
    batch_name: str
    agency: str
    occupation: str
    sittings: tuple[Sitting, ...]
    rules: str
    qr_text: str


@dataclass(frozen=True)
class RoomCandidate:
    seat: str
    ticket_number: str
    name: str
    id_number: str  # printed masked
    photo: bytes | None = None


@dataclass(frozen=True)
class RoomList:
    """The candidates of one room in one session, in seat order, for its door list and 签到表."""

    batch_name: str
    agency: str
    site: str
    room: str
    subject: str
    date: date
    starts: time
    ends: time
    candidates: tuple[RoomCandidate, ...]


def _centred(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-centred", parent=style, alignment=TA_CENTER)


def _hours(starts: time, ends: time) -> str:
    return f"{starts:%H:%M}—{ends:%H:%M}"


def _ticket_story(ticket: Ticket, s: Styles) -> list[Flowable]:
    head = [
        ["姓名", ticket.candidate_name],
        ["证件号码", mask_id_number(ticket.id_number)],
        ["准考证号", ticket.ticket_number],
        ["职业（工种）/等级", ticket.occupation],
        ["认定批次", ticket.batch_name],
        ["评价机构", ticket.agency],
    ]
    rows = [[*row, ""] for row in para_rows(head, s.body)]
    rows[0][2] = photo_or_caption(ticket.photo, caption=PHOTO_CAPTION, style=s.body)
    label_width = 34 * mm
    photo_width = ONE_INCH_PHOTO[0] + 6 * mm
    value_width = A4_PORTRAIT.frame_width - label_width - photo_width
    person = Table(
        rows,
        colWidths=[label_width, value_width, photo_width],
        style=TableStyle(
            [
                _GRID,
                _MIDDLE,
                ("BACKGROUND", (0, 0), (0, -1), _GREY),
                ("SPAN", (2, 0), (2, -1)),
                ("ALIGN", (2, 0), (2, -1), "CENTER"),
            ]
        ),
    )
    sittings = [["科目", "日期", "时间", "考点", "考场", "座号"]] + [
        [x.subject, cn_date(x.date), _hours(x.starts, x.ends), x.site, x.room, x.seat]
        for x in ticket.sittings
    ]
    widths = [28 * mm, 36 * mm, 28 * mm, 40 * mm, 32 * mm]
    widths.append(A4_PORTRAIT.frame_width - sum(widths))
    schedule = Table(
        para_rows(sittings, s.body),
        colWidths=widths,
        repeatRows=1,
        style=TableStyle([_GRID, _MIDDLE, ("BACKGROUND", (0, 0), (-1, 0), _GREY)]),
    )
    qr = Table(
        [[QrCode(ticket.qr_text, size=QR_SIZE)], [para("入场核验二维码", _centred(s.small))]],
        style=TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]),
    )
    rules = [para(line, s.small) for line in ticket.rules.splitlines() if line.strip()]
    return [
        para("职业技能等级认定准考证", s.title),
        Spacer(1, 4 * mm),
        person,
        Spacer(1, 4 * mm),
        schedule,
        Spacer(1, 4 * mm),
        qr,
        para("考场规则", s.heading),
        *rules,
    ]


def _one_page(story: list[Flowable]) -> Flowable:
    # 细则第六条: one 准考证 per sheet. Long rules shrink the page rather than spill onto a
    # second sheet that a candidate would leave at home.
    return KeepInFrame(
        A4_PORTRAIT.frame_width, A4_PORTRAIT.frame_height - 2 * mm, story, mode="shrink"
    )


def render_ticket(ticket: Ticket) -> bytes:
    """One candidate's 准考证, one A4 page, for the candidate to download and print."""
    return render_tickets([ticket])


def render_tickets(tickets: Sequence[Ticket], *, title: str = "准考证") -> bytes:
    """Many 准考证 in one PDF, one page per candidate (e.g. every candidate of a room)."""
    if not tickets:
        raise ValueError("render_tickets needs at least one ticket")
    s = styles()
    story: list[Flowable] = []
    for ticket in tickets:
        if story:
            story.append(PageBreak())
        story.append(_one_page(_ticket_story(ticket, s)))
    return render_pdf(
        story,
        title=title,
        author=tickets[0].agency,
        page=A4_PORTRAIT,
    )


def _room_heading(room: RoomList, what: str, s: Styles) -> list[Flowable]:
    line = (
        f"{room.site}　第 {room.room} 考场　{room.subject}　"
        f"{cn_date(room.date)} {_hours(room.starts, room.ends)}　共 {len(room.candidates)} 人"
    )
    return [para(f"{room.batch_name} {what}", s.title), para(line, s.body), Spacer(1, 3 * mm)]


def _furniture(room: RoomList) -> Furniture:
    return Furniture(header=room.agency, header_right=f"{room.site} 第 {room.room} 考场")


DOOR_COLUMNS = 6
_DOOR_PHOTO = (22 * mm, 30.8 * mm)


def _door_cell(c: RoomCandidate, s: Styles) -> list[Flowable]:
    return [
        photo_or_caption(c.photo, caption="（无照片）", style=s.small, size=_DOOR_PHOTO),
        para(f"{c.seat} 号", s.heading),
        para(c.name, s.body),
        para(c.ticket_number, s.small),
    ]


def render_door_list(room: RoomList) -> bytes:
    """The list posted at the room's door: photo, seat, name and ticket number of each candidate
    (no ID number), so that candidates find their seat and invigilators match faces."""
    s = styles()
    cells: list[list[object]] = []
    for start in range(0, len(room.candidates), DOOR_COLUMNS):
        row: list[object] = [
            _door_cell(c, s) for c in room.candidates[start : start + DOOR_COLUMNS]
        ]
        cells.append(row + [""] * (DOOR_COLUMNS - len(row)))
    story = _room_heading(room, "考场门贴", s)
    if cells:
        width = A4_LANDSCAPE.frame_width / DOOR_COLUMNS
        story.append(
            Table(
                cells,
                colWidths=[width] * DOOR_COLUMNS,
                style=TableStyle([_GRID, ("ALIGN", (0, 0), (-1, -1), "CENTER")]),
            )
        )
    else:
        story.append(para("本考场无考生。", s.body))
    return render_pdf(
        story,
        title=f"考场门贴 {room.site} 第{room.room}考场",
        author=room.agency,
        page=A4_LANDSCAPE,
        furniture=_furniture(room),
    )


_SIGN_IN_PHOTO = (12 * mm, 16.8 * mm)


def render_sign_in_sheet(room: RoomList) -> bytes:
    """签到表 of one room and session (landscape): each candidate signs beside seat, ticket
    number, name, masked ID number and photo; the invigilators sign at the foot (细则第十三条)."""
    s = styles()
    header = para_rows(
        [["座号", "准考证号", "姓名", "证件号码", "照片", "考生签名", "备注"]], s.body
    )
    rows: list[list[object]] = [*header]
    for c in room.candidates:
        rows.append(
            [
                para(c.seat, s.body),
                para(c.ticket_number, s.body),
                para(c.name, s.body),
                para(mask_id_number(c.id_number), s.body),
                photo_or_caption(c.photo, caption="", style=s.small, size=_SIGN_IN_PHOTO),
                "",
                "",
            ]
        )
    widths = [16 * mm, 48 * mm, 26 * mm, 42 * mm, 20 * mm, 0.0, 30 * mm]
    widths[5] = A4_LANDSCAPE.frame_width - sum(widths)
    table = Table(
        rows,
        colWidths=widths,
        rowHeights=[None] + [_SIGN_IN_PHOTO[1] + 3 * mm] * len(room.candidates),
        repeatRows=1,
        style=TableStyle([_GRID, _MIDDLE, ("BACKGROUND", (0, 0), (-1, 0), _GREY)]),
    )
    footer = Paragraph(
        "应到 ____ 人　实到 ____ 人　缺考 ____ 人　　监考员签名：______________　______________",
        s.body,
    )
    story = [*_room_heading(room, "考生签到表", s), table, Spacer(1, 6 * mm), footer]
    return render_pdf(
        story,
        title=f"签到表 {room.site} 第{room.room}考场",
        author=room.agency,
        page=A4_LANDSCAPE,
        furniture=_furniture(room),
    )
