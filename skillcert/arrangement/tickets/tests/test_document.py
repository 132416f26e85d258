"""准考证, door list and 签到表 PDFs, read back as a reader and a check-in phone would: the text
with poppler, the QR code rendered with pdfium and decoded with zxing-cpp, then verified."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image as PILImage
from pypdf import PdfReader

from skillcert.arrangement.tickets.document import (
    RoomCandidate,
    RoomList,
    Sitting,
    Ticket,
    render_door_list,
    render_sign_in_sheet,
    render_ticket,
    render_tickets,
)
from skillcert.arrangement.tickets.signing import (
    TicketClaim,
    TicketSignatureInvalid,
    sign,
    verify,
)

ID_NUMBER = "450102199001011234"
RULES = (
    "考生须凭准考证和有效身份证件入场。\n开考15分钟后不得入场。\n\n考试结束前30分钟内不得交卷离场。"
)


def _png(color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (250, 350), color).save(buf, format="PNG")
    return buf.getvalue()


def _ticket(number: str = "2026450101003", name: str = "张三", **changes: object) -> Ticket:
    claim = TicketClaim(number, "GX2026-01", "45************1234", ("理论知识", "操作技能"))
    ticket = Ticket(
        candidate_name=name,
        id_number=ID_NUMBER,
        photo=_png(),
        ticket_number=number,
        batch_name="2026年第一批次",
        agency="南宁市第一技工学校",
        occupation="电工 四级/中级工",
        sittings=(
            Sitting("理论知识", date(2026, 5, 9), time(9), time(10, 30), "南宁考点", "01", "03"),
            Sitting("操作技能", date(2026, 5, 9), time(14), time(16), "南宁考点", "实训1", "07"),
        ),
        rules=RULES,
        qr_text=sign(claim),
    )
    return replace(ticket, **changes)


def _room(n: int = 8, **changes: object) -> RoomList:
    candidates = tuple(
        RoomCandidate(
            seat=f"{i:02d}",
            ticket_number=f"20264501010{i:02d}",
            name=f"考生{i:02d}",
            id_number=f"45010219900101{i:04d}",
            photo=_png((i * 20, 30, 30)) if i % 2 else None,
        )
        for i in range(1, n + 1)
    )
    room = RoomList(
        batch_name="2026年第一批次",
        agency="南宁市第一技工学校",
        site="南宁考点",
        room="01",
        subject="电工 四级 理论知识",
        date=date(2026, 5, 9),
        starts=time(9),
        ends=time(10, 30),
        candidates=candidates,
    )
    return replace(room, **changes)


def _pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; make test installs it")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode().split("\f")[:-1]


def _flat(text: str) -> str:
    # pdftotext spaces out CJK next to digits; compare without spaces
    return "".join(text.split())


def _qr_texts(pdf: bytes, page: int = 0) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def test_the_ticket_shows_what_the_candidate_needs_and_never_the_full_id_number(tmp_path):
    pdf = render_ticket(_ticket())
    [page] = _pages_text(pdf, tmp_path)
    flat = _flat(page)
    for expected in ("职业技能等级认定准考证", "张三", "2026450101003", "南宁市第一技工学校"):
        assert expected in flat
    assert "45************1234" in flat and ID_NUMBER not in flat and "19900101" not in flat
    assert "2026年5月9日" in flat and "09:00—10:30" in flat and "实训1" in flat
    assert "开考15分钟后不得入场" in flat and "考场规则" in flat


def test_the_ticket_qr_code_decodes_and_its_signature_verifies():
    ticket = _ticket()
    [text] = _qr_texts(render_ticket(ticket))
    assert text == ticket.qr_text
    claim = verify(text)
    assert claim.ticket_number == ticket.ticket_number
    assert claim.sessions == ("理论知识", "操作技能")


def test_a_qr_code_re_signed_elsewhere_is_refused_after_decoding():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    forged = sign(
        TicketClaim("2026450101999", "GX2026-01", "45************1234"),
        key=Ed25519PrivateKey.generate(),
    )
    [text] = _qr_texts(render_ticket(_ticket(qr_text=forged)))
    with pytest.raises(TicketSignatureInvalid):
        verify(text)


def test_the_ticket_embeds_the_photo_and_prints_without_one():
    with_photo = PdfReader(io.BytesIO(render_ticket(_ticket())))
    assert len(with_photo.pages[0].images) == 1
    without = PdfReader(io.BytesIO(render_ticket(_ticket(photo=None))))
    assert len(without.pages[0].images) == 0


def test_long_rules_keep_the_ticket_on_one_page(tmp_path):
    rules = "\n".join(f"第{i}条 考生应当遵守考场纪律，服从监考人员管理。" * 3 for i in range(1, 80))
    pdf = render_ticket(_ticket(rules=rules))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert _qr_texts(pdf)  # still scannable after shrinking


def test_user_text_is_not_read_as_markup(tmp_path):
    pdf = render_ticket(_ticket(name="<b>李&四</b>"))
    assert "<b>李&四</b>" in _flat(_pages_text(pdf, tmp_path)[0])


def test_many_tickets_give_one_page_per_candidate_in_order(tmp_path):
    tickets = [_ticket(number=f"20264501010{i:02d}", name=f"考生{i:02d}") for i in range(1, 6)]
    pdf = render_tickets(tickets)
    pages = _pages_text(pdf, tmp_path)
    assert len(pages) == 5
    for i, page in enumerate(pages, start=1):
        assert f"考生{i:02d}" in page and f"20264501010{i:02d}" in page
    assert verify(_qr_texts(pdf, page=4)[0]).ticket_number == "2026450101005"


def test_many_tickets_need_at_least_one():
    with pytest.raises(ValueError):
        render_tickets([])


def test_the_door_list_shows_photo_seat_name_and_number_but_no_id_number(tmp_path):
    room = _room(8)
    pdf = render_door_list(room)
    reader = PdfReader(io.BytesIO(pdf))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    assert len(reader.pages[0].images) == 4  # the odd seats have photos
    flat = _flat(_pages_text(pdf, tmp_path)[0])
    assert "考场门贴" in flat and "南宁考点" in flat and "共8人" in flat
    for c in room.candidates:
        assert f"{c.seat}号" in flat and c.name in flat and c.ticket_number in flat
    assert "450102" not in flat


def test_the_door_list_of_an_empty_room_says_so(tmp_path):
    pdf = render_door_list(_room(0))
    assert "本考场无考生" in _flat(_pages_text(pdf, tmp_path)[0])


def test_the_sign_in_sheet_is_landscape_with_a_signature_column_and_masked_ids(tmp_path):
    room = _room(30)
    pdf = render_sign_in_sheet(room)
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    assert first.mediabox.width > first.mediabox.height
    pages = _pages_text(pdf, tmp_path)
    assert len(pages) >= 2  # 30 rows with photos run over; the header row repeats
    for page in pages:
        assert "考生签名" in page and "准考证号" in page
        assert "南宁考点 第 01 考场" in page
    flat = _flat("".join(pages))
    for c in room.candidates:
        assert c.ticket_number in flat and c.name in flat
        assert "45************" + c.id_number[-4:] in flat
    assert "450102" not in flat
    assert "监考员签名" in flat and f"共{len(pages)}页" in flat
