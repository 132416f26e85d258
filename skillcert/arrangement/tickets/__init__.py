"""准考证 (细则第六条): the signed QR code and the printed documents (ticket, door list, 签到表).

``signing`` is the QR code's signature, verified offline at check-in; ``document`` renders the
PDFs through ``skillcert.core.documents`` from plain dataclasses, so services, jobs and the
benchmark call the same functions.
"""
