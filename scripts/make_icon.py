#!/usr/bin/env python3
"""Draw BorderDesk's application icon (resources/icons/borderdesk.png and .ico) with Pillow.

A boundary marker (cột mốc / 界碑) in white on the green of the border guard, with the
border line running at its foot. Run once; the results are committed.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZE = 1024  # drawn large, scaled down smoothly
GREEN = (22, 92, 62, 255)
GREEN_LIGHT = (40, 128, 88, 255)
WHITE = (250, 250, 245, 255)
RED = (200, 40, 40, 255)
GOLD = (236, 188, 60, 255)


def draw() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = SIZE
    d.rounded_rectangle((24, 24, s - 24, s - 24), radius=200, fill=GREEN)
    # Hills behind the marker: the border runs through mountains.
    d.polygon([(24, 700), (300, 470), (520, 640), (760, 420), (s - 24, 640), (s - 24, 780), (24, 780)],
              fill=GREEN_LIGHT)
    d.rectangle((24, 760, s - 24, 800), fill=GREEN_LIGHT)
    # The marker: a stele with a pyramid top on a stepped base.
    cx = s // 2
    d.polygon([(cx - 120, 330), (cx, 190), (cx + 120, 330)], fill=WHITE)
    d.rectangle((cx - 120, 330, cx + 120, 760), fill=WHITE)
    d.rectangle((cx - 170, 740, cx + 170, 800), fill=WHITE)
    # Two bands on the stele: one for each side's inscription.
    d.rectangle((cx - 80, 400, cx + 80, 430), fill=RED)
    d.rectangle((cx - 80, 470, cx + 80, 500), fill=GOLD)
    # The border line at its foot.
    for x in range(80, s - 80, 90):
        d.rounded_rectangle((x, 850, x + 55, 880), radius=14, fill=GOLD)
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(OUT / "borderdesk.png", optimize=True)
    big.resize((512, 512), Image.LANCZOS).save(OUT / "borderdesk-512.png", optimize=True)
    big.save(OUT / "borderdesk.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
