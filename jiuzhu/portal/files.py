"""Uploaded scans and photos: type and size checked, a virus-scan hook, stored outside the static files.

Types are decided by the file's first bytes, not by its name or the browser's word: JPEG, PNG or PDF only.
The scanner is settings.PORTAL_VIRUS_SCANNER (a dotted path to a function `scan(data) -> str | None`
returning the name of what it found, or None). The default only recognises the EICAR test file, so that the
hook is exercised end to end; a deployment points it at its antivirus (e.g. clamd).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

MAX_BYTES_DEFAULT = 10 * 1024 * 1024
TYPES = {  # content type: (magic bytes, extension)
    "image/jpeg": (b"\xff\xd8\xff", ".jpg"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png"),
    "application/pdf": (b"%PDF-", ".pdf"),
}
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!"


class UploadRefused(ValueError):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


def max_bytes() -> int:
    return int(getattr(settings, "PORTAL_UPLOAD_MAX_BYTES", MAX_BYTES_DEFAULT))


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def upload_dir() -> Path:
    return Path(getattr(settings, "PORTAL_UPLOAD_DIR", "") or settings.DATA_DIR / "portal_uploads")


def storage() -> FileSystemStorage:
    return FileSystemStorage(location=str(upload_dir()))


def eicar_only(data: bytes) -> str | None:
    return "EICAR-Test-File" if EICAR in data else None


def sniff(data: bytes) -> str | None:
    for content_type, (magic, _ext) in TYPES.items():
        if data.startswith(magic):
            return content_type
    return None


def check(uploaded) -> tuple[bytes, str, str]:
    """The file's bytes, type and the scanner's name, or UploadRefused naming the field `file`."""
    if uploaded is None:
        raise UploadRefused("file", _("请选择要上传的文件"))
    limit = max_bytes()
    if uploaded.size > limit:
        raise UploadRefused("file", _("文件过大：最大%(size)s") % {"size": human_size(limit)})
    data = uploaded.read()
    if not data:
        raise UploadRefused("file", _("文件是空的"))
    content_type = sniff(data)
    if content_type is None:
        raise UploadRefused("file", _("文件类型不支持：只接受JPG、PNG照片或PDF扫描件"))
    scanner_path = getattr(settings, "PORTAL_VIRUS_SCANNER", "jiuzhu.portal.files.eicar_only")
    found = import_string(scanner_path)(data)
    if found:
        raise UploadRefused("file", _("文件未通过病毒扫描，已拒收"))
    return data, content_type, scanner_path.rsplit(".", 1)[-1]


def save(data: bytes, content_type: str) -> str:
    name = f"{uuid.uuid4().hex}{TYPES[content_type][1]}"
    return storage().save(name, ContentFile(data))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
