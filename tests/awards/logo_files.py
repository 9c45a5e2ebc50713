"""Logos for the branding tests: good ones, and hostile ones built byte by byte."""

import struct
import zlib
from io import BytesIO

from PIL import Image


def png(width=120, height=40, colour=(200, 30, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(width=120, height=40) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), (30, 30, 200)).save(out, "JPEG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header declares `width` x `height` pixels (a decompression bomb's
    header: its pixels would only be inflated when decoded)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


SVG_OK = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <rect width="120" height="40" fill="url(#g)"/><text x="10" y="25">UoPL</text>
</svg>"""

SVG_SCRIPT = b"""<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"""
SVG_HANDLER = b"""<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>"""
SVG_EXTERNAL_IMAGE = b"""<svg xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://tracker.example/x.png"
 width="10" height="10"/></svg>"""
SVG_EXTERNAL_STYLE = b"""<svg xmlns="http://www.w3.org/2000/svg"><style>
rect { fill: url(https://tracker.example/p.svg#x) }</style><rect width="5" height="5"/></svg>"""
SVG_ENTITIES = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"""
SVG_EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"""
