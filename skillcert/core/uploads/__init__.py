"""Uploads checked by what they contain, never by their name (ASVS 5.2.2, SECURITY.md CHK-3.4).

``sniff`` names the real type of a file (image with its pixel count checked before any decode,
PDF parsed), ``archive`` checks a zip entry by entry while streaming it, ``text`` is the one
normalisation of names and free text. Each refusal is an ``UploadRefused`` with a Chinese message.
"""

from skillcert.core.uploads.errors import UploadRefused

__all__ = ["UploadRefused"]
