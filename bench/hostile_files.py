"""Hostile files against the safe readers: time and peak memory per file, each beside an honest
file of the same kind and about the same size read the same way in the same run.

    .venv/bin/python -m bench.hostile_files            # every case of the corpus
    .venv/bin/python -m bench.hostile_files --only zip # the cases whose name contains "zip"

Every file is read in its own fresh subprocess (``--child``), so a peak is that file's alone:
time and peak RSS (the child's VmHWM: interpreter, Django and the parsers included, about
100 MiB before the file) come from a plain run, the Python-heap peak from a second run under
tracemalloc. The path each kind takes is the one the upload takes, minus
the database: spreadsheets through ``core.tabular`` and ``validate_table`` (registration rules,
no batch levels); images and PDFs through ``core.uploads.sniff``; zips through ``open_zip``,
``read_entry`` and the sniffer for each entry; XML through ``safe_parse_xml``. Goal (issue 20):
under 300 MiB and under 10 s per file, refused with a Chinese message.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

GOAL_MIB = 300
GOAL_SECONDS = 10


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.settings")
    import django

    django.setup()


HONEST_LEVELS = [("电工", "五级/初级工"), ("焊工", "四级/中级工")]


def _levels():
    """The batch the honest rows apply for, so that they pass and are checked in full."""
    from skillcert.registration.services.import_table import LevelChoice, LevelIndex

    choices = [
        LevelChoice(i, i, f"6-31-01-0{i}", name, "", 5 - i, True)
        for i, (name, _) in enumerate(HONEST_LEVELS)
    ]
    return LevelIndex(choices=choices, known_occupations={c.occupation_name for c in choices})


def _read(kind: str, path: Path) -> str:
    """What the upload path does with the file; returns a short verdict."""
    from skillcert.core.errors import DomainError

    data = path.read_bytes()
    try:
        if kind == "table":
            from skillcert.registration.services.import_table import (
                TableRefused,
                read_table,
                validate_table,
            )

            try:
                headers, rows = read_table(data, path.name)
                result = validate_table(headers, rows, levels=_levels(), today=date(2026, 3, 2))
            except TableRefused as exc:
                return f"refused: {exc.message}"
            return f"read {result.row_count} rows, {result.error_count} errors"
        if kind == "image":
            from skillcert.core.uploads.sniff import sniff

            found = sniff(data, label="证件照片")
            return f"accepted {found.content_type}"
        if kind == "zip":
            from skillcert.core.uploads.archive import ZipLimits, open_zip, read_entry
            from skillcert.core.uploads.sniff import sniff

            archive = open_zip(io.BytesIO(data), ZipLimits.from_settings())
            problems = 0
            for info in archive.infolist():
                if info.is_dir():
                    continue
                try:
                    sniff(read_entry(archive, info, max_bytes=5 * 1024 * 1024), label="材料")
                except DomainError:
                    problems += 1
            return f"read, {problems} entries refused"
        if kind == "xml":
            from skillcert.core.tabular.xml import safe_parse_xml

            safe_parse_xml(data)
            return "parsed"
    except DomainError as exc:
        return f"refused: {exc.message}"
    raise ValueError(kind)


def _peak_rss_mib() -> float:
    """This process's own peak resident set: VmHWM, which exec resets (ru_maxrss would report
    the parent's peak after fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm_up() -> None:
    """Import every parser first: a server has them loaded, and import time is not reading."""
    import pypdf  # noqa: F401
    from PIL import Image

    Image.init()


def child(kind: str, path: str) -> None:
    """Time and peak RSS from a plain run; the Python-heap peak from a second run under
    tracemalloc (which slows allocation several times over, so it is never timed)."""
    _setup_django()
    _warm_up()
    started = time.perf_counter()
    verdict = _read(kind, Path(path))
    elapsed = time.perf_counter() - started
    rss = _peak_rss_mib()
    tracemalloc.start()
    _read(kind, Path(path))
    _, heap_peak = tracemalloc.get_traced_memory()
    print(
        json.dumps(
            {"seconds": elapsed, "rss_mib": rss, "heap_mib": heap_peak / 2**20, "verdict": verdict}
        )
    )


def _kind(name: str) -> str:
    suffix = Path(name).suffix
    if suffix in (".xlsx", ".csv"):
        return "table"
    if suffix == ".zip":
        return "zip"
    if suffix == ".xml":
        return "xml"
    return "image"


# -- honest files of a given size ------------------------------------------------------------


def _honest_rows(count: int) -> list[list[str]]:
    from bench.import_registrations import generate_rows

    return generate_rows(count, HONEST_LEVELS)


def honest_table(kind_suffix: str, size: int) -> bytes:
    """A realistic registration file of about ``size`` bytes (capped at the row limit)."""
    from bench.import_registrations import write_xlsx
    from tests.data.hostile.make_corpus import csv_bytes

    def build(count: int) -> bytes:
        rows = _honest_rows(count)
        return write_xlsx(rows) if kind_suffix == ".xlsx" else csv_bytes(rows)

    sample = 2000
    per_row = len(build(sample)) / sample
    count = max(10, min(50_000, int(size / per_row)))
    return build(count)


def honest_image(size: int) -> bytes:
    """A noisy photo-sized PNG (noise does not compress) of about ``size`` bytes."""
    from PIL import Image

    side = max(16, min(4000, int((max(size, 1024) / 3) ** 0.5)))
    image = Image.frombytes("RGB", (side, side), random.Random(7).randbytes(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def honest_zip(size: int) -> bytes:
    from tests.data.hostile.make_corpus import SAMPLE_ID, small_jpeg

    jpeg = small_jpeg()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{SAMPLE_ID}.jpg", jpeg)
        # Padding of incompressible bytes in a document-sized PDF-like entry reaches the size.
        left = max(size - len(jpeg), 0)
        index = 0
        while left > 0:
            chunk = random.Random(index).randbytes(min(left, 4 * 1024 * 1024))
            archive.writestr(f"{SAMPLE_ID}/other{index}.bin", chunk)
            left -= len(chunk)
            index += 1
    return out.getvalue()


def honest_xml(size: int) -> bytes:
    body = b"<item>" + b"<p>\xe6\xad\xa3\xe6\x96\x87</p>" * max(1, size // 20) + b"</item>"
    return b'<?xml version="1.0" encoding="UTF-8"?>' + body


def honest_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def honest_twin(name: str, data: bytes) -> bytes:
    kind, suffix = _kind(name), Path(name).suffix
    if suffix == ".pdf":
        return honest_pdf()
    if kind == "table":
        return honest_table(suffix, len(data))
    if kind == "zip":
        return honest_zip(len(data))
    if kind == "xml":
        return honest_xml(len(data))
    return honest_image(len(data))


def run_child(kind: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.hostile_files", "--child", kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--only", default="", help="only the cases whose name contains this")
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return
    _setup_django()
    from tests.data.hostile.make_corpus import large_corpus, small_corpus

    corpus = {**small_corpus(), **large_corpus()}
    failures = 0
    header = (
        f"{'file':38} {'size':>10} {'time s':>7} {'RSS MiB':>8} {'heap MiB':>8}   "
        f"{'honest twin':>10} {'time s':>7} {'RSS MiB':>8}   verdict"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in corpus.items():
            if args.only not in name:
                continue
            kind = _kind(name)
            hostile, honest = Path(tmp) / name, Path(tmp) / f"honest-{name}"
            hostile.write_bytes(data)
            twin = honest_twin(name, data)
            honest.write_bytes(twin)
            bad, good = run_child(kind, hostile), run_child(kind, honest)
            ok = bad["rss_mib"] < GOAL_MIB and bad["seconds"] < GOAL_SECONDS
            failures += not ok
            print(
                f"{name:38} {len(data):>10,} {bad['seconds']:>7.2f} {bad['rss_mib']:>8.1f} "
                f"{bad['heap_mib']:>8.1f}   {len(twin):>10,} {good['seconds']:>7.2f} "
                f"{good['rss_mib']:>8.1f}   {'' if ok else 'OVER GOAL '}{bad['verdict'][:70]}"
            )
    print(
        f"\ngoal: under {GOAL_MIB} MiB peak RSS and {GOAL_SECONDS} s per file; "
        f"{failures} file(s) over the goal"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
