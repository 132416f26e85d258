"""Zip archives checked from their central directory first and then entry by entry while
streaming: a zip bomb, a lying size header, a bad CRC or an encrypted entry is refused with a
Chinese message before anything is kept (ASVS 5.2.3; an .xlsx is a zip too).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from skillcert.core.identity.masking import mask_id_numbers_in
from skillcert.core.uploads.errors import UploadRefused

CHUNK = 64 * 1024
# A ratio says little about a small entry: a page of blanks compresses 300 to 1.
RATIO_FLOOR_BYTES = 1024 * 1024
NESTED_ARCHIVES = (".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".jar")


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int
    max_total_bytes: int
    max_ratio: int
    max_depth: int
    max_entry_bytes: int | None = None

    @classmethod
    def from_settings(cls, **overrides: int | None) -> ZipLimits:
        conf = settings.UPLOADS
        values: dict[str, int | None] = {
            "max_entries": conf["zip_max_entries"],
            "max_total_bytes": conf["zip_max_total_bytes"],
            "max_ratio": conf["zip_max_ratio"],
            "max_depth": conf["zip_max_depth"],
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _shown(name: str) -> str:
    """An entry name as a message may show it: short, ID numbers masked (names are often IDs)."""
    return mask_id_numbers_in(name[:100])


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def unsafe_name(name: str) -> str | None:
    """Why an entry name is refused, or None: absolute, ``..``, drive letters, backslashes."""
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "路径不安全（含绝对路径、盘符或反斜杠）"
    if any(part == ".." for part in name.split("/")):
        return "路径不安全（含“..”）"
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        return "文件名含有控制字符"
    return None


def open_zip(file: IO[bytes], limits: ZipLimits, *, what: str = "压缩包") -> zipfile.ZipFile:
    """The archive once its directory passes every check; refuses with UploadRefused."""
    try:
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
    except Exception:  # BadZipFile, NotImplementedError (version), struct and OS errors alike
        raise UploadRefused(f"上传的文件不是有效的 zip {what}，请重新打包后上传。") from None
    check_directory(infos, limits, what=what)
    return archive


def check_directory(infos: list[zipfile.ZipInfo], limits: ZipLimits, *, what: str) -> None:
    files = [i for i in infos if not i.is_dir()]
    if len(infos) > limits.max_entries:
        raise UploadRefused(
            f"{what}内有 {len(infos)} 个条目，超过 {limits.max_entries} 个的上限，请分批上传。"
        )
    total = 0
    for info in files:
        name = info.filename
        reason = unsafe_name(name)
        if reason:
            raise UploadRefused(f"{what}中的“{_shown(name)}”{reason}，请重新打包后上传。")
        if name.count("/") >= limits.max_depth:
            raise UploadRefused(
                f"{what}中的“{_shown(name)}”目录层级过深（最多 {limits.max_depth} 层），"
                "请重新打包。"
            )
        if name.lower().endswith(NESTED_ARCHIVES):
            raise UploadRefused(f"{what}中不能再包含压缩包（“{_shown(name)}”），请解压后重新打包。")
        if info.flag_bits & 0x1:
            raise UploadRefused(f"{what}中的“{_shown(name)}”已加密，请去掉密码后重新打包。")
        if limits.max_entry_bytes is not None and info.file_size > limits.max_entry_bytes:
            raise UploadRefused(
                f"{what}中的“{_shown(name)}”解压后为 {_mb(info.file_size)}，"
                f"超过 {_mb(limits.max_entry_bytes)} 的上限。"
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise UploadRefused(
                f"{what}中的“{_shown(name)}”压缩比异常（疑似压缩炸弹），已拒绝，请重新打包后上传。"
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        raise UploadRefused(
            f"{what}解压后共 {_mb(total)}，超过 {_mb(limits.max_total_bytes)} 的上限，请分批上传。"
        )


def _broken(info: zipfile.ZipInfo, what: str) -> UploadRefused:
    return UploadRefused(
        f"{what}中的“{_shown(info.filename)}”已损坏（内容与记录的校验值或大小不符），"
        "请重新打包后上传。"
    )


def stream_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, max_bytes: int, what: str = "压缩包"
) -> Iterator[bytes]:
    """The entry's bytes in chunks, never more than ``max_bytes`` nor more than its header says;
    the CRC is checked when the last chunk has been read."""
    if info.file_size > max_bytes:
        raise UploadRefused(
            f"{what}中的“{_shown(info.filename)}”解压后为 {_mb(info.file_size)}，"
            f"超过 {_mb(max_bytes)} 的上限。"
        )
    seen = 0
    try:
        with archive.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                seen += len(chunk)
                if seen > info.file_size or seen > max_bytes:
                    raise _broken(info, what)
                yield chunk
    except UploadRefused:
        raise
    except RuntimeError:  # zipfile's "encrypted, password required"
        raise UploadRefused(
            f"{what}中的“{_shown(info.filename)}”已加密，请去掉密码后重新打包。"
        ) from None
    except NotImplementedError:
        raise UploadRefused(
            f"{what}中的“{_shown(info.filename)}”使用了不支持的压缩方式，请用标准 zip 重新打包。"
        ) from None
    except Exception:  # BadZipFile, zlib.error, EOFError, struct.error: all a damaged entry
        raise _broken(info, what) from None
    if seen != info.file_size:
        raise _broken(info, what)


def read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, max_bytes: int, what: str = "压缩包"
) -> bytes:
    return b"".join(stream_entry(archive, info, max_bytes=max_bytes, what=what))
