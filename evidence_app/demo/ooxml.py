"""Deterministic zip writing for the OOXML files of the demo (docx, xlsx).

python-docx and openpyxl stamp zip members with the wall clock (and openpyxl the workbook's
modified time), so their output differs from run to run. These helpers write the members
again with a fixed time and order. Identical members (styles, themes — most of a small docx)
are compressed once per process and the compressed bytes reused, which makes this cheaper than
the libraries' own save.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import re
import struct
import zipfile
import zlib

_DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1        # 2020-01-01
_DOS_TIME = 0
_CACHE: dict[bytes, tuple[bytes, int]] = {}
_CACHE_MIN = 1024                                      # bytes; smaller members vary anyway


def _deflate(blob: bytes) -> tuple[bytes, int]:
    key = None
    if len(blob) >= _CACHE_MIN:
        key = hashlib.sha1(blob).digest()
        hit = _CACHE.get(key)
        if hit is not None:
            return hit
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    out = (c.compress(blob) + c.flush(), zlib.crc32(blob))
    if key is not None:
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = out
    return out


def write_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``members`` (name, bytes), deflated, fixed timestamps: same input, same bytes."""
    out = bytearray()
    central = bytearray()
    for name, blob in members:
        data, crc = _deflate(blob)
        raw = name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, _DOS_TIME, _DOS_DATE, crc,
                           len(data), len(blob), len(raw), 0)
        out += raw
        out += data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, _DOS_TIME,
                               _DOS_DATE, crc, len(data), len(blob), len(raw), 0, 0, 0, 0,
                               0o100644 << 16, offset)
        central += raw
    n = len(members)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central),
                       len(out) - len(central), 0)
    return bytes(out)


def read_zip(data: bytes) -> list[tuple[str, bytes]]:
    src = zipfile.ZipFile(io.BytesIO(data))
    return [(info.filename, src.read(info.filename)) for info in src.infolist()]


def set_core_times(blob: bytes, when: _dt.datetime) -> bytes:
    """docProps/core.xml with dcterms:created and dcterms:modified set to ``when``."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    for tag in (rb"dcterms:modified", rb"dcterms:created"):
        blob = re.sub(rb"(<" + tag + rb"[^>]*>)[^<]*(</" + tag + rb">)",
                      rb"\g<1>" + stamp + rb"\g<2>", blob)
    return blob


def normalize_ooxml_zip(data: bytes, modified: _dt.datetime | None = None,
                        patch: dict | None = None) -> bytes:
    """Rewrite an OOXML zip so it is byte-identical on every run.

    ``modified`` sets docProps/core.xml's created/modified times; ``patch`` maps member names
    to functions bytes -> bytes.
    """
    members = []
    for name, blob in read_zip(data):
        if modified is not None and name == "docProps/core.xml":
            blob = set_core_times(blob, modified)
        if patch and name in patch:
            blob = patch[name](blob)
        members.append((name, blob))
    return write_zip(members)


def docx_members(document) -> list[tuple[str, bytes]]:
    """The members python-docx would save for ``document``, without zipping them.

    Uses python-docx's PackageWriter steps (stable since 0.8); if they are not there, falls
    back to a normal save and reads the zip back.
    """
    try:
        from docx.opc.pkgwriter import PackageWriter

        pkg = document.part.package
        parts = list(pkg.parts)
        for part in parts:
            part.before_marshal()

        class _Collect:
            def __init__(self):
                self.members: list[tuple[str, bytes]] = []

            def write(self, uri, blob):
                self.members.append((uri.membername, blob))

        sink = _Collect()
        PackageWriter._write_content_types_stream(sink, parts)
        PackageWriter._write_pkg_rels(sink, pkg.rels)
        PackageWriter._write_parts(sink, parts)
        return sink.members
    except (ImportError, AttributeError):       # pragma: no cover - other python-docx
        buf = io.BytesIO()
        document.save(buf)
        return read_zip(buf.getvalue())
