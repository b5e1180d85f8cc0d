"""The export of every feed, index.html and feeds.json flat into a folder: atomic writes (temporary
file and rename), unchanged files left alone, feeds that no longer exist removed. A state file keeps
each feed's signature, ETag and size, so a re-export skips feeds whose members did not change.

A temporary file is named ``.<file>.<writer's pid>.<random>.tmp``: an export killed mid-write leaves
one behind, and a later export of the same file removes it once that process is gone (never the
temporary file of a writer still running)."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BrsCoordError
from .feed_model import FeedDocument, Progress
from .feed_pages import INDEX_FILE, JSON_FILE
from .feed_source import FeedSource

Content = bytes | Sequence[bytes]  # a file's bytes, whole or in parts (written one after the other)

STATE_FILE = ".feeds-state.json"  # per feed: signature, ETag, size (lets a re-export skip unchanged feeds)
TEMP_SUFFIX = ".tmp"
UNNAMED_TEMP_AGE_S = 3600.0  # a temporary file without its writer's pid (older versions) is stale after this


@dataclass
class ExportReport:
    """What an export did, file by file."""

    out_dir: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    feeds: int = 0
    events: int = 0
    documents: list[FeedDocument] = field(default_factory=list, repr=False)  # built, bodies emptied


def export_feeds(feeds: FeedSource, out_dir: Path, progress: Progress | None = None) -> ExportReport:
    """Write every feed, index.html and feeds.json flat into ``out_dir`` (atomic; unchanged
    files are not rewritten; feeds that no longer exist are removed)."""
    out = writable_folder(Path(out_dir))
    specs_total = len(feeds.specs()) + 2
    state_path = out / STATE_FILE
    known = {
        name: entry for name, entry in _load_state(state_path).items()
        if _has_size(out / f"{name}.ics", entry.get("size"))
    }
    writes: list[tuple[str, Future[bool]]] = []
    # one writer thread: a feed is written (and the file it replaces freed) while the next is built
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-export") as writer:

        sizes: dict[str, int] = {}

        def write(name: str, content: Content, etag: str | None = None) -> None:
            writes.append((name, writer.submit(_write_feed, out / name, content, etag, known)))

        def built(doc: FeedDocument) -> None:
            sizes[doc.name] = doc.size
            write(f"{doc.name}.ics", doc.parts, doc.etag)  # parts: the VEVENT bytes are not copied

        documents = feeds.build_all(
            progress=(lambda done, _total: progress(done, specs_total * 2)) if progress else None,
            known=known, on_built=built,
        )
        report = ExportReport(out, feeds=len(documents), documents=documents)
        report.events = next((doc.count for doc in documents if doc.name == "all"), 0)
        report.unchanged += [f"{doc.name}.ics" for doc in documents if doc.reused]
        previous = _previous_feed_files(out / JSON_FILE)  # read before the new one is written
        write(INDEX_FILE, feeds.index_html(documents))
        write(JSON_FILE, feeds.feeds_json(documents))
        for done, (name, written) in enumerate(writes, 1):
            (report.written if written.result() else report.unchanged).append(name)
            if progress is not None:
                progress(specs_total + done, specs_total * 2)
    new_state = {
        doc.name: {
            "signature": doc.signature, "etag": doc.etag,
            "size": sizes[doc.name] if not doc.reused else known[doc.name]["size"],
            "updated": doc.updated.strftime("%Y-%m-%dT%H:%M:%SZ") if doc.updated else None,
        }
        for doc in documents
    }
    write_if_changed(state_path, json.dumps({"v": 1, "feeds": new_state}, sort_keys=True).encode())
    current = {f"{doc.name}.ics" for doc in documents} | {INDEX_FILE, JSON_FILE}
    for name in sorted(previous - current):
        target = out / name
        if name.endswith(".ics") and target.is_file():
            target.unlink()
            report.removed.append(name)
    remove_stale_temporaries(out, current | {STATE_FILE})
    return report


def remove_stale_temporaries(out: Path, names: set[str]) -> list[str]:
    """Remove the temporary files that writers of ``names`` left in ``out`` when killed: those whose
    writer process is gone (or, without a pid in the name, older than an hour). Returns their names."""
    removed = []
    for path in out.glob(f".*{TEMP_SUFFIX}"):
        name, pid = _temporary_owner(path.name, names)
        if name is None or not _stale(path, pid):
            continue
        try:
            path.unlink()
        except OSError:
            continue  # removed meanwhile, or not ours to remove
        removed.append(path.name)
    return removed


def _temporary_owner(temp_name: str, names: set[str]) -> tuple[str | None, int | None]:
    """The file a temporary file was written for (one of ``names``) and its writer's pid, if named."""
    for name in names:
        prefix = f".{name}."
        if temp_name.startswith(prefix) and temp_name.endswith(TEMP_SUFFIX):
            middle = temp_name[len(prefix):-len(TEMP_SUFFIX)]
            pid, dot, _random = middle.partition(".")
            return name, int(pid) if dot and pid.isdigit() else None
    return None, None


def _stale(path: Path, pid: int | None) -> bool:
    if pid is None:
        try:
            return time.time() - path.stat().st_mtime > UNNAMED_TEMP_AGE_S
        except OSError:
            return False
    if pid == os.getpid():
        return False  # this process's own writer
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, another user's
    return False


def writable_folder(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BrsCoordError(f"Cannot create the feed folder {out}: {exc.strerror}") from exc
    if not out.is_dir():
        raise BrsCoordError(f"{out} is not a folder")
    try:  # find out now, not after building every feed, that the folder cannot be written
        tempfile.TemporaryFile(dir=out).close()
    except OSError as exc:
        raise BrsCoordError(f"Cannot write in the feed folder {out}: {exc.strerror}") from exc
    return out


def _load_state(path: Path) -> dict[str, dict[str, object]]:
    try:
        state = json.loads(path.read_text("utf-8"))
        return {str(k): dict(v) for k, v in state.get("feeds", {}).items()} if state.get("v") == 1 else {}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _previous_feed_files(path: Path) -> set[str]:
    try:
        payload = json.loads(path.read_text("utf-8"))
        return {str(feed["file"]) for feed in payload.get("feeds", []) if "/" not in str(feed["file"])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def _has_size(path: Path, size: object) -> bool:
    try:
        return isinstance(size, int) and path.stat().st_size == size
    except OSError:
        return False


def _write_feed(
    path: Path, body: Content, etag: str | None, known: Mapping[str, Mapping[str, object]]
) -> bool:
    """Write one exported file; True when written. A feed exported before (its size checked) is
    compared by ETag, without reading the file back."""
    before = known.get(path.name.removesuffix(".ics")) if etag is not None else None
    if before is None:
        return write_if_changed(path, body)
    if before.get("etag") == etag:
        return False
    write_atomically(path, body)
    return True


def _pieces(content: Content) -> Sequence[bytes]:
    return (content,) if isinstance(content, bytes) else content


WRITE_CHUNK = 1 << 20  # bytes per write: a feed is ~54k small parts at 100k events, one write each
# through a buffer is ~4× slower on ext4 than ~1 MB writes


def _joined(pieces: Sequence[bytes]) -> Iterator[bytes]:
    """``pieces`` joined into chunks of about WRITE_CHUNK bytes (a bigger piece on its own)."""
    batch: list[bytes] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= WRITE_CHUNK:
            yield batch[0] if len(batch) == 1 else b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def _holds(path: Path, pieces: Sequence[bytes]) -> bool:
    """True when the file at ``path`` holds exactly ``pieces``, one after the other."""
    try:
        if path.stat().st_size != sum(map(len, pieces)):
            return False
        with path.open("rb") as stream:
            return all(stream.read(len(piece)) == piece for piece in pieces)
    except OSError:
        return False


def write_if_changed(path: Path, body: Content) -> bool:
    """Write ``body`` (bytes, or bytes in parts) to ``path`` atomically (temporary file + rename)
    unless it already holds it."""
    if _holds(path, _pieces(body)):
        return False
    write_atomically(path, body)
    return True


def write_atomically(path: Path, body: Content) -> None:
    """Write ``body`` (bytes, or bytes in parts) to ``path`` through a temporary file and a rename
    (readers never see half). A failure (a full disk, a file-size limit) is a BrsCoordError naming
    ``path``."""
    prefix = f".{path.name}.{os.getpid()}."  # the pid tells a later export whether its writer is gone
    try:
        handle, temp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise BrsCoordError(f"Writing {path} failed: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in _joined(_pieces(body)):
                stream.write(chunk)  # bigger than the buffer: written straight through, in full
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise BrsCoordError(f"Writing {path} failed: {exc.strerror or exc}") from exc
        raise
