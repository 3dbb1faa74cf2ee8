"""Real files to attach: a PDF made by reportlab, photos and multi-page TIFF scans made by Pillow."""
from __future__ import annotations

import io
from pathlib import Path


def make_pdf(path: Path, pages: int = 2, text: str = "Cong thu so 36/CV-DBP") -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pageCompression=0)  # the text stays readable in the bytes
    for n in range(pages):
        c.setFont("Helvetica", 18)
        c.drawString(72, 760, f"{text} - {n + 1}")
        c.rect(72, 400, 300, 200)
        c.showPage()
    c.save()
    return path


def make_jpeg(path: Path, size=(800, 600), color=(40, 120, 60), noise: int | None = None) -> Path:
    from PIL import Image

    im = Image.new("RGB", size, color)
    if noise is not None:
        im = Image.frombytes("RGB", size, _noise(size[0] * size[1] * 3, noise))
    im.save(path, "JPEG", quality=90)
    return path


def make_png(path: Path, size=(300, 200)) -> Path:
    from PIL import Image, ImageDraw

    im = Image.new("RGB", size, (250, 250, 245))
    ImageDraw.Draw(im).rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(200, 0, 0), width=6)
    im.save(path, "PNG")
    return path


def make_tiff(path: Path, pages: int = 3, size=(600, 850)) -> Path:
    from PIL import Image, ImageDraw

    frames = []
    for n in range(pages):
        im = Image.new("L", size, 255)
        ImageDraw.Draw(im).text((40, 40 + 30 * n), f"page {n + 1}", fill=0)
        frames.append(im)
    frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return path


def _noise(n: int, seed: int) -> bytes:
    import random

    return random.Random(seed).randbytes(n)


def big_bytes_file(path: Path, megabytes: float, seed: int = 1) -> Path:
    """A valid PDF of about *megabytes* (an embedded stream of random bytes): content that does not compress."""
    body = _noise(int(megabytes * 1024 * 1024), seed)
    buf = io.BytesIO()
    buf.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
              b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
              b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n")
    buf.write(b"4 0 obj << /Length %d >> stream\n" % len(body))
    buf.write(body)
    buf.write(b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    path.write_bytes(buf.getvalue())
    return path
