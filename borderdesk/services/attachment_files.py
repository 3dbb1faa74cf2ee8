"""What a file really is (by its content, never its name), and making a large image smaller on request."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _

#: The limit per file, in bytes. A phone photo is 3-8 MB, a 20-page scan at 300 dpi about 10 MB.
MAX_BYTES = 25 * 1024 * 1024
#: Images wider or taller than this are offered a reduction (never made silently).
MAX_SIDE = 4000

MIMES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
}
_PIL_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/tiff": "TIFF"}


class AttachmentRefused(BorderDeskError):
    """The file cannot be attached; the message says why and what to do."""


@dataclass
class FileInfo:
    mime: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None

    @property
    def oversized_image(self) -> bool:
        return bool(self.width and self.height and max(self.width, self.height) > MAX_SIDE)


def sniff(head: bytes) -> str | None:
    """The type the first bytes announce, or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"II*\x00") or head.startswith(b"MM\x00*"):
        return "image/tiff"
    return None


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}"


def check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise AttachmentRefused(
            _("{name} is {size} MB; an attachment may be at most {limit} MB "
              "(scan at 200-300 dpi in grey, or split the document)").format(
                name=name, size=megabytes(size), limit=MAX_BYTES // 1024 // 1024))
    if size == 0:
        raise AttachmentRefused(_("{name} is empty").format(name=name))


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def inspect(data: bytes, name: str) -> FileInfo:
    """Check that *data* is a PDF, JPEG, PNG or TIFF that opens; its size in pixels and pages."""
    mime = sniff(data[:16])
    if mime is None:
        raise AttachmentRefused(
            _("{name} is not a PDF, JPEG, PNG or TIFF file (its content says so, whatever its name)").format(
                name=name))
    if mime == "application/pdf":
        if b"%%EOF" not in data[-2048:]:
            raise AttachmentRefused(_("{name} is an incomplete PDF (its end is missing)").format(name=name))
        return FileInfo(mime, pages=len(_PAGE.findall(data)) or None)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
            pages = getattr(im, "n_frames", 1)
            im.load()  # decodes the (first) picture: a truncated file fails here
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise AttachmentRefused(_("{name} is a damaged image: {reason}").format(name=name, reason=exc)) from None
    return FileInfo(mime, width, height, pages)


def downscale(data: bytes, info: FileInfo, max_side: int = MAX_SIDE) -> tuple[bytes, FileInfo]:
    """The image with its longest side at *max_side* pixels, same type, every page of a TIFF."""
    from PIL import Image, ImageSequence

    if not info.oversized_image:
        return data, info
    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as im:
        frames = []
        for frame in ImageSequence.Iterator(im):
            f = frame.copy()
            f.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            frames.append(f)
        fmt = _PIL_FORMAT[info.mime]
        options: dict = {}
        if fmt == "JPEG":
            options = {"quality": 88, "optimize": True}
            exif = im.info.get("exif")
            if exif:
                options["exif"] = exif
            frames = [f.convert("RGB") if f.mode not in ("RGB", "L") else f for f in frames]
        elif fmt == "TIFF":
            options = {"compression": "tiff_lzw"} if frames[0].mode != "1" else {"compression": "group4"}
            if len(frames) > 1:
                options.update(save_all=True, append_images=frames[1:])
        dpi = im.info.get("dpi")
        if dpi:
            scale = frames[0].size[0] / im.size[0]
            options["dpi"] = tuple(max(1, round(float(d) * scale)) for d in dpi)
        frames[0].save(out, fmt, **options)
    small = out.getvalue()
    w, h = frames[0].size
    return small, FileInfo(info.mime, w, h, info.pages)
