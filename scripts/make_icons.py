"""Draws the skill's store icons (108 and 512 px PNG) into skill-package/assets/images/.

Usage: python scripts/make_icons.py

The icon is a white lower leg in profile, calf to the left and foot to the right, with an amber
zigzag at the calf for the cramp, on dark teal. Drawn from a few shapes with the standard library
only (anti-aliased by supersampling), so changing it is editing the shapes below and running this.
The PNGs are committed; the build copies them into the ASK skill package.
"""
from __future__ import annotations

import math
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "skill-package" / "assets" / "images"
SIZES = {"en-US_smallIconUri.png": 108, "en-US_largeIconUri.png": 512}
SUPERSAMPLE = 3

Colour = tuple[int, int, int]
Shape = Callable[[float, float], bool]
BACKGROUND: Colour = (14, 116, 112)
LEG: Colour = (255, 255, 255)
CRAMP: Colour = (251, 191, 36)


def capsule(ax: float, ay: float, bx: float, by: float, radius: float) -> Shape:
    """Points within ``radius`` of the segment A-B: a stroke with round ends."""
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy

    def inside(x: float, y: float) -> bool:
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        return math.hypot(x - ax - t * dx, y - ay - t * dy) <= radius
    return inside


def ellipse(cx: float, cy: float, rx: float, ry: float) -> Shape:
    return lambda x, y: ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0


def polyline(points: list[tuple[float, float]], radius: float) -> Shape:
    strokes = [capsule(*a, *b, radius) for a, b in zip(points, points[1:])]
    return lambda x, y: any(stroke(x, y) for stroke in strokes)


# Unit square, y down. Later layers paint over earlier ones.
LAYERS: list[tuple[Shape, Colour]] = [
    (polyline([(0.50, 0.10), (0.50, 0.70)], 0.085), LEG),             # shin
    (ellipse(0.455, 0.36, 0.125, 0.21), LEG),                          # calf muscle
    (polyline([(0.50, 0.74), (0.76, 0.80)], 0.075), LEG),              # foot
    (polyline([(0.22, 0.20), (0.14, 0.28), (0.24, 0.34), (0.14, 0.42), (0.23, 0.50)], 0.026), CRAMP),
]


def pixel(x: float, y: float) -> Colour:
    colour = BACKGROUND
    for shape, paint in LAYERS:
        if shape(x, y):
            colour = paint
    return colour


def render(size: int) -> bytes:
    """Raw PNG scanlines (filter byte 0) of the icon at ``size`` pixels, each pixel averaged from samples."""
    rows = bytearray()
    step = 1.0 / (size * SUPERSAMPLE)
    for row in range(size):
        rows.append(0)
        for column in range(size):
            total = [0, 0, 0]
            for sy in range(SUPERSAMPLE):
                for sx in range(SUPERSAMPLE):
                    r, g, b = pixel((column * SUPERSAMPLE + sx + 0.5) * step, (row * SUPERSAMPLE + sy + 0.5) * step)
                    total[0] += r
                    total[1] += g
                    total[2] += b
            rows.extend(round(channel / SUPERSAMPLE ** 2) for channel in total)
    return bytes(rows)


def png(size: int, scanlines: bytes) -> bytes:
    """An 8-bit RGB PNG file around the scanlines."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(scanlines, 9)) + \
        chunk(b"IEND", b"")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size in SIZES.items():
        (OUT / name).write_bytes(png(size, render(size)))
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
