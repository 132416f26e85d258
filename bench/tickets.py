"""准考证 PDF benchmark: tickets through the PDF layer against a bare reportlab page of the same
content, measured in the same run (issue 22: goal ≤ 3×).

    .venv/bin/python -m bench.tickets                  # 5,000 tickets
    .venv/bin/python -m bench.tickets --count 500      # a quicker look

(a) per candidate, as the candidate downloads it: ``signing.sign`` + ``document.render_ticket``,
    one PDF each;
(b) per room, as the agency prints it: ``document.render_tickets`` over 30 tickets per PDF;
each against a reportlab canvas that draws the same texts, photo and QR modules (segno's matrix,
one rectangle per run like the PDF layer) at fixed positions, in the same embedded font, one
PDF per candidate or per room likewise. The signature is computed in both, so that the ratio is
that of the layout alone. The two sides alternate in rounds, so that a change in the machine's
load during the run touches both.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import time
from collections.abc import Callable, Sequence
from datetime import date
from datetime import time as clock
from typing import Any

ROOM_SIZE = 30
ROUNDS = 5
RULES = "\n".join(
    [
        "一、考生须凭准考证和有效身份证件，于开考前15分钟进入考场，对号入座。",
        "二、开考15分钟后不得入场；考试结束前30分钟内不得交卷离场。",
        "三、除规定的文具外，不得携带手机、智能手表等电子设备进入考场。",
        "四、考生须独立作答，不得交头接耳、传递物品、抄袭他人答案。",
        "五、考试结束信号发出后立即停止作答，待监考员收齐试卷后方可离场。",
        "六、违反考场纪律者，按《职业技能等级认定考务管理细则》处理。",
    ]
)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.settings")
    import django

    django.setup()


def _photo() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    # A one-inch photo as a phone-sized JPEG, about the size candidates upload.
    Image.effect_noise((295, 413), 40).convert("RGB").save(buf, format="JPEG", quality=85)
    return buf.getvalue()


def _tickets(count: int) -> list[Any]:
    from skillcert.arrangement.tickets.document import Sitting, Ticket

    photo = _photo()
    tickets = []
    for i in range(count):
        room, seat = divmod(i, ROOM_SIZE)
        number = f"2026450101{room:03d}{seat + 1:02d}"
        tickets.append(
            Ticket(
                candidate_name=f"考生{i:05d}",
                id_number=f"45010219900101{i % 10000:04d}",
                photo=photo,
                ticket_number=number,
                batch_name="2026年第一批次",
                agency="南宁市第一技工学校",
                occupation="电工 四级/中级工",
                sittings=(
                    Sitting(
                        "理论知识",
                        date(2026, 5, 9),
                        clock(9),
                        clock(10, 30),
                        "南宁考点",
                        f"{room + 1:03d}",
                        f"{seat + 1:02d}",
                    ),
                    Sitting(
                        "操作技能",
                        date(2026, 5, 10),
                        clock(14),
                        clock(16),
                        "南宁考点",
                        "实训1",
                        f"{seat + 1:02d}",
                    ),
                ),
                rules=RULES,
                qr_text="",
            )
        )
    return tickets


def _claim(ticket: Any) -> Any:
    from skillcert.arrangement.tickets.signing import TicketClaim

    return TicketClaim(
        ticket.ticket_number,
        "GX2026-01",
        "45************" + ticket.id_number[-4:],
        tuple(s.subject for s in ticket.sittings),
    )


def _layer(tickets: Sequence[Any], key: Any) -> list[bytes]:
    """(a)/(b) through the PDF layer: sign, then render."""
    from dataclasses import replace

    from skillcert.arrangement.tickets.document import render_tickets
    from skillcert.arrangement.tickets.signing import sign

    signed = [replace(t, qr_text=sign(_claim(t), key=key)) for t in tickets]
    return [render_tickets(signed)]


def _bare(tickets: Sequence[Any], key: Any) -> list[bytes]:
    """The same content drawn straight on a reportlab canvas at fixed positions."""
    import segno
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from skillcert.arrangement.tickets.signing import sign
    from skillcert.core.documents import cjk_font
    from skillcert.core.formats import cn_date
    from skillcert.core.identity.masking import mask_id_number

    font = cjk_font()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    width, height = A4
    for ticket in tickets:
        qr_text = sign(_claim(ticket), key=key)
        canvas.setFont(font, 16)
        canvas.drawCentredString(width / 2, height - 25 * mm, "职业技能等级认定准考证")
        canvas.setFont(font, 9.5)
        y = height - 40 * mm
        head = [
            ("姓名", ticket.candidate_name),
            ("证件号码", mask_id_number(ticket.id_number)),
            ("准考证号", ticket.ticket_number),
            ("职业（工种）/等级", ticket.occupation),
            ("认定批次", ticket.batch_name),
            ("评价机构", ticket.agency),
        ]
        for label, value in head:
            canvas.rect(15 * mm, y - 2 * mm, 150 * mm, 7 * mm)
            canvas.drawString(17 * mm, y, label)
            canvas.drawString(50 * mm, y, value)
            y -= 7 * mm
        canvas.drawImage(
            ImageReader(io.BytesIO(ticket.photo)), 168 * mm, y + 8 * mm, 25 * mm, 35 * mm
        )
        y -= 6 * mm
        for sitting in ticket.sittings:
            cells = [
                sitting.subject,
                cn_date(sitting.date),
                f"{sitting.starts:%H:%M}—{sitting.ends:%H:%M}",
                sitting.site,
                sitting.room,
                sitting.seat,
            ]
            canvas.rect(15 * mm, y - 2 * mm, 180 * mm, 7 * mm)
            for x, cell in zip((17, 57, 85, 111, 159, 181), cells, strict=True):
                canvas.drawString(x * mm, y, cell)
            y -= 7 * mm
        rows = [[bool(v) for v in row] for row in segno.make(qr_text, error="m").matrix_iter()]
        unit = 32 * mm / len(rows)
        left, top = (width - 32 * mm) / 2, y - 4 * mm
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                canvas.rect(
                    left + start * unit,
                    top - (r + 1) * unit,
                    (c - start) * unit,
                    unit,
                    stroke=0,
                    fill=1,
                )
        y = top - 32 * mm - 8 * mm
        canvas.setFont(font, 8)
        for line in ticket.rules.splitlines():
            canvas.drawString(15 * mm, y, line)
            y -= 10
        canvas.showPage()
    canvas.save()
    return [buf.getvalue()]


def _run(
    render: Callable[[Sequence[Any], Any], list[bytes]], groups: Sequence[Sequence[Any]], key: Any
) -> tuple[float, int]:
    start = time.perf_counter()
    size = 0
    for group in groups:
        size += sum(len(pdf) for pdf in render(group, key))
    return time.perf_counter() - start, size


def _compare(label: str, groups: list[list[Any]], key: Any) -> float:
    count = sum(len(g) for g in groups)
    # Rounds alternate the two sides over slices of the groups, so both see the same load.
    totals = {"layer": [0.0, 0], "bare": [0.0, 0]}
    for r in range(ROUNDS):
        part = groups[r::ROUNDS]
        for name, render in (("layer", _layer), ("bare", _bare)):
            seconds, size = _run(render, part, key)
            totals[name][0] += seconds
            totals[name][1] += size
    print(f"{label}: {count:,} tickets in {len(groups):,} PDFs")
    for name, caption in (
        ("layer", "PDF layer (sign + render)"),
        ("bare", "bare reportlab canvas"),
    ):
        seconds, size = totals[name]
        print(
            f"    {caption:<28} {seconds:8.2f} s  {seconds / count * 1000:7.2f} ms/ticket"
            f"  {size / count / 1024:6.1f} KiB/ticket"
        )
    ratio = totals["layer"][0] / totals["bare"][0]
    print(f"    ratio layer / bare           {ratio:8.2f} x   (goal ≤ 3 x)")
    return ratio


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="tickets (default 5,000)")
    args = parser.parse_args(argv)
    _setup_django()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from skillcert.core.documents import cjk_font

    key = Ed25519PrivateKey.generate()
    print(f"font: {cjk_font()}, load average at start: {os.getloadavg()[0]:.1f}")
    tickets = _tickets(args.count)
    _layer(tickets[:1], key), _bare(tickets[:1], key)  # font and imports loaded before timing
    _compare("(a) one PDF per candidate", [[t] for t in tickets], key)
    rooms = [tickets[i : i + ROOM_SIZE] for i in range(0, len(tickets), ROOM_SIZE)]
    _compare(f"(b) one PDF per room of {ROOM_SIZE}", rooms, key)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MiB, load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
