#!/usr/bin/env python3
"""Draws Signaal's app icons (PNG) without image libraries, so a fresh machine can redo them.

The mark is a white dot with two signal arcs on the brand teal. Everything sits inside the
central 60 % so the same art works as a maskable icon (Android crops to a circle/squircle).
Run: python3 scripts/make-icons.py  (writes public/icons/*.png)
"""
import math
import struct
import zlib
from pathlib import Path

TEAL = (11, 94, 89)
WHITE = (255, 255, 255)
SUPERSAMPLE = 4


def coverage(x, y):
    """1.0 where the mark is, in unit coordinates centred on (0.5, 0.5)."""
    dx, dy = x - 0.42, y - 0.58
    r = math.hypot(dx, dy)
    if r < 0.075:
        return 1.0
    angle = math.atan2(-dy, dx)  # up-right quadrant holds the arcs
    if -0.15 < angle < math.pi / 2 + 0.15:
        for radius in (0.19, 0.29):
            if abs(r - radius) < 0.035:
                return 1.0
    return 0.0


def render(size, path):
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0
        for px in range(size):
            hits = 0
            for sy in range(n):
                for sx in range(n):
                    hits += coverage((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
            a = hits / (n * n)
            row.extend(round(TEAL[i] * (1 - a) + WHITE[i] * a) for i in range(3))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    Path(path).write_bytes(png)


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "public" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for size, name in ((192, "icon-192.png"), (512, "icon-512.png"), (180, "apple-touch-icon.png"), (32, "favicon-32.png")):
        render(size, out / name)
