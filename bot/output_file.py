"""Files the CLI writes for people to share (exports, reports): written whole or not at all,
readable by their owner only, never over an existing file unless asked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bot.errors import UsageProblem


def checked_target(path: Path, force: bool, example: str) -> Path:
    """The file to write, or a UsageProblem saying why not (`example`: a good file name)."""
    target = path.expanduser()
    if target.is_dir():
        raise UsageProblem(f"--out {path}: that is a folder; give a file name, e.g. {example}")
    if not target.parent.is_dir():
        raise UsageProblem(f"--out {path}: there is no folder {target.parent}")
    if target.exists() and not force:
        raise UsageProblem(f"--out {path}: the file exists; add --force to replace it")
    return target


@contextlib.contextmanager
def written_whole(target: Path) -> Iterator[Path]:
    """A file next to `target` to write to (only its owner can read it), renamed to
    `target` once the block ends well, removed otherwise: a half-written file never
    appears. A problem with the disk ends as a UsageProblem naming the file."""
    try:
        descriptor, part = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as problem:
        raise UsageProblem(
            f"--out {target}: cannot write in {target.parent} ({problem.strerror})"
        ) from None
    os.close(descriptor)
    try:
        yield Path(part)
        os.replace(part, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(part)
        if isinstance(error, OSError) and not isinstance(error, ConnectionError):
            reason = error.strerror or str(error)
            raise UsageProblem(f"--out {target}: could not write the file ({reason})") from None
        raise
