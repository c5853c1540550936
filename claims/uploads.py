"""What an evidence upload may be: small enough, and of a type we can vouch for.

The type is read from the file's first bytes, never from its name or the
Content-Type the browser sent, since both are the uploader's to choose.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

# (leading bytes, MIME type); WebP is checked apart (RIFF....WEBP).
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]
ALLOWED = "PDF, PNG, JPEG, GIF, WebP or plain UTF-8 text"


class UploadRefused(Exception):
    pass


def evidence_content_type(upload: UploadedFile) -> str:
    """The MIME type of an acceptable evidence file; refuses anything else."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise UploadRefused(
            f"“{upload.name}” is {filesizeformat(upload.size)}; evidence files may be at most "
            f"{filesizeformat(settings.EVIDENCE_MAX_BYTES)}."
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    content_type = sniff(head, complete=upload.size <= len(head))
    if content_type is None:
        raise UploadRefused(f"“{upload.name}” is not a {ALLOWED} file.")
    return content_type


def sniff(head: bytes, *, complete: bool) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head and _is_text(head, complete=complete):
        return "text/plain"
    return None


def _is_text(head: bytes, *, complete: bool) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off by the 2 KB window is still text.
        return not complete and error.start >= len(head) - 3
    return True
