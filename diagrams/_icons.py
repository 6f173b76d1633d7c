"""Icons for embedding: the library's 300 px PNGs shrunk to the size they are shown at.

Embedded full size, five or six icons push a diagram past its 60 KB (gzip) budget, and PNG
does not gzip further. Shrinking by a whole factor (300 -> 100 px, 256 -> 85 px: still sharp on
2x screens at the 52 px they are drawn) cuts each icon to a fraction of its size. Pure Python (zlib only), so no image library is needed and the
output depends only on the input bytes and the zlib version.
"""

from __future__ import annotations

import functools
import hashlib
import os
import struct
import tempfile
import zlib
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


class IconError(ValueError):
    pass


def shrink_png(data: bytes, target: int) -> bytes:
    """PNG bytes no wider than `target`, as RGBA; unchanged if already small enough
    or in a form this reader does not handle (interlaced, 16-bit)."""
    image = _decode(data)
    if image is None:
        return data
    width, height, rgba = image
    factor = -(-width // target)  # ceiling: never larger than the target
    if factor < 2 or height // factor < 1:
        return data
    small_w, small_h, small = _box_shrink(width, height, rgba, factor)
    return _encode(small_w, small_h, small)


def png_size(data: bytes) -> tuple[int, int]:
    if not data.startswith(PNG_SIGNATURE):
        raise IconError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _chunks(data: bytes):
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        yield kind, data[pos + 8 : pos + 8 + length]
        pos += 12 + length


def _decode(data: bytes) -> tuple[int, int, bytearray] | None:
    if not data.startswith(PNG_SIGNATURE):
        raise IconError("not a PNG file")
    header = palette = alpha = None
    idat = bytearray()
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"tRNS":
            alpha = body
        elif kind == b"IDAT":
            idat += body
    if header is None:
        raise IconError("PNG without IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or interlace or colour not in CHANNELS:
        return None
    bpp = CHANNELS[colour]
    raw = _unfilter(zlib.decompress(bytes(idat)), width, height, bpp)
    return width, height, _to_rgba(raw, colour, palette, alpha)


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> bytearray:
    stride = width * bpp
    out = bytearray(stride * height)
    prev = bytearray(stride)
    pos = 0
    for y in range(height):
        kind = raw[pos]
        line = bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        elif kind != 0:
            raise IconError(f"unknown PNG filter {kind}")
        out[y * stride : (y + 1) * stride] = line
        prev = line
    return out


def _to_rgba(raw: bytearray, colour: int, palette: bytes | None, alpha: bytes | None) -> bytearray:
    if colour == 6:
        return raw
    out = bytearray()
    if colour == 2:
        for i in range(0, len(raw), 3):
            out += raw[i : i + 3] + b"\xff"
    elif colour == 3:
        if palette is None:
            raise IconError("palette PNG without PLTE")
        for index in raw:
            a = alpha[index] if alpha and index < len(alpha) else 255
            out += palette[index * 3 : index * 3 + 3] + bytes([a])
    elif colour == 0:
        for g in raw:
            out += bytes([g, g, g, 255])
    elif colour == 4:
        for i in range(0, len(raw), 2):
            out += bytes([raw[i], raw[i], raw[i], raw[i + 1]])
    return out


def _box_shrink(width: int, height: int, rgba: bytearray, factor: int) -> tuple[int, int, bytearray]:
    # Average with alpha weighting, so transparent pixels do not darken the edges.
    small_w, small_h = width // factor, height // factor
    out = bytearray(small_w * small_h * 4)
    area = factor * factor
    for sy in range(small_h):
        for sx in range(small_w):
            r = g = b = a = 0
            for dy in range(factor):
                row = ((sy * factor + dy) * width + sx * factor) * 4
                for dx in range(factor):
                    p = row + dx * 4
                    pa = rgba[p + 3]
                    r += rgba[p] * pa
                    g += rgba[p + 1] * pa
                    b += rgba[p + 2] * pa
                    a += pa
            o = (sy * small_w + sx) * 4
            if a:
                out[o : o + 4] = bytes(
                    ((r + a // 2) // a, (g + a // 2) // a, (b + a // 2) // a, (a + area // 2) // area)
                )
    return small_w, small_h, out


def _encode(width: int, height: int, rgba: bytearray) -> bytes:
    stride = width * 4
    body = bytearray()
    prev = bytes(stride)
    for y in range(height):
        line = bytes(rgba[y * stride : (y + 1) * stride])
        # The "up" filter alone compresses these flat-colour icons well and is cheap.
        body.append(2)
        body += bytes((a - b) & 0xFF for a, b in zip(line, prev))
        prev = line
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(bytes(body), 9)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


# Shrunk icons, kept between runs: decoding a PNG in pure Python is most of a cold render (about
# 5 of its 7 s), and the same 34 icons come back in every cold build and in the tests' own render.
# Keyed by the icon's bytes, the size, this file and zlib, everything the output depends on.
ICON_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "icons"
_CODE = hashlib.sha256(Path(__file__).read_bytes() + zlib.ZLIB_RUNTIME_VERSION.encode()).digest()


@functools.lru_cache(maxsize=None)
def load_icon(path: Path, target: int) -> bytes:
    # Many diagrams share icons (the KMS key is in five): shrink each once per run, at most.
    data = path.read_bytes()
    key = hashlib.sha256(_CODE + target.to_bytes(4, "big") + data).hexdigest()
    cached = ICON_CACHE / f"{key}.png"
    if cached.is_file():
        return cached.read_bytes()
    small = shrink_png(data, target)
    ICON_CACHE.mkdir(parents=True, exist_ok=True)
    # Written whole or not at all: a build and the tests may shrink the same icon at once.
    fd, tmp = tempfile.mkstemp(prefix=f".{key}.", dir=ICON_CACHE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(small)
    os.replace(tmp, cached)
    return small
