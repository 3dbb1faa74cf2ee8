"""A bundle and its numbered parts: the exporter's bundle, then the attachment bytes that did not fit
(see :mod:`borderdesk.sync.attachment_blobs` for what travels and how it is checked)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from borderdesk import __version__
from borderdesk.services import session
from borderdesk.store import attachment_store as store
from borderdesk.sync import audit_link, bundle, exporter, sites
from borderdesk.sync.attachment_blobs import _pending, max_bytes, set_max_mb  # noqa: F401 (set_max_mb: the CLI's)


@dataclass
class Exported:
    result: exporter.ExportResult
    parts: list[Path] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [self.result.path] + self.parts


def part_path(out: Path, n: int) -> Path:
    return out.with_name(f"{out.stem}.part{n}{out.suffix}")


def export_bundle(destination: str, out, *, full: bool = False, progress=None) -> Exported:
    """:func:`borderdesk.sync.exporter.export_bundle`, then the numbered parts the size limit needs."""
    _pending.rest, _pending.full = (None, []), full
    try:
        res = exporter.export_bundle(destination, out, full=full, progress=progress)
        code, rest = _pending.rest
    finally:
        _pending.rest, _pending.full = (None, []), False
    parts = write_parts(res, rest) if code == res.destination and rest else []
    return Exported(res, parts)


def write_parts(res: exporter.ExportResult, rest: list[tuple[str, int]]) -> list[Path]:
    from borderdesk.store.migrations import schema_version

    peer = sites.get_peer(res.destination)
    budget = max_bytes() - 1024 * 1024
    groups: list[list[str]] = [[]]
    used = 0
    for sha, size in rest:
        if groups[-1] and used + size > budget:
            groups.append([])
            used = 0
        groups[-1].append(sha)
        used += size
    paths = []
    for i, shas in enumerate(groups, start=2):
        manifest = {
            "format_version": bundle.FORMAT_VERSION, "schema_version": schema_version(), "app_version": __version__,
            "source": session.site_code(), "source_kind": session.site_kind(), "destination": peer.code,
            "bundle_no": res.bundle_no, "since_seq": res.since_seq, "upto_seq": res.since_seq, "full": False,
            "ack": {"upto": sites.ack_for(peer.code), "audit": audit_link.held_upto(peer.code)},
            "counts": {}, "tables": {}, "part": {"n": i, "of": len(groups) + 1},
        }
        path = part_path(Path(res.path), i)
        bundle.write_bundle(path, manifest, {f"blobs/{sha}": store.read_blob(sha) for sha in shas}, peer)
        paths.append(path)
    return paths
