"""Keep a known, harmless complaint of OR-Tools' SCIP interface off the console.

MathOpt registers a callback with SCIP through an event handler that asks SCIP to catch
variable and row events with `SCIPcatchEvent`, which SCIP refuses. SCIP then prints two
"ERROR" lines on every solve with a callback (OR-Tools 9.15: `scip_event.c:305` and
`gscip_event_handler.cc:124`), although the solve goes on and the callback is called with
every new plan (tests/solver/test_quiet.py). The lines are written by C code straight to
file descriptor 2, so Python cannot catch them as exceptions or log records: while such a
solve runs, descriptor 2 points at a temporary file, and afterwards every line but those
two goes on to the real stderr, in order. A real error of SCIP or anyone else is kept.
"""

import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

STDERR_FD = 2
SCIP_CALLBACK_NOISE = (
    re.compile(
        rb"^\[scip_event\.c:\d+\] ERROR: SCIPcatchEvent does not support variable or row "
        rb"change events\. Use SCIPcatchVarEvent or SCIPcatchRowEvent!\r?\n?$"
    ),
    re.compile(rb"^\[gscip_event_handler\.cc:\d+\] ERROR: Error <-9> in function call\r?\n?$"),
)
"""The two lines SCIP prints when MathOpt's callback handler asks for events it cannot have
(-9 is SCIP_INVALIDCALL). Matched whole, so any other SCIP error still shows."""

_lock = threading.Lock()
_depth = 0
_held: tuple[int, BinaryIO] | None = None
"""While any filtered solve runs: the real stderr (a duplicate descriptor) and the file
that descriptor 2 points at. Solves in several threads share one redirection, undone when
the last one ends, so a thread never restores another's file as stderr."""


def is_noise(line: bytes) -> bool:
    return any(pattern.match(line) for pattern in SCIP_CALLBACK_NOISE)


def _forward(held: BinaryIO, real_fd: int) -> None:
    held.seek(0)
    kept = b"".join(line for line in held if not is_noise(line))
    if kept:
        os.write(real_fd, kept)


def _flush_python_stderr() -> None:
    """What Python buffered for stderr goes out before the descriptor changes, in order."""
    if sys.stderr is not None:
        sys.stderr.flush()


@contextmanager
def scip_callback_noise_filtered() -> Iterator[None]:
    """Within the block, SCIP's callback complaint is dropped from stderr; everything else
    written to stderr reaches it when the last filtered block ends."""
    global _depth, _held
    with _lock:
        if _depth == 0:
            _flush_python_stderr()
            file = tempfile.TemporaryFile()  # noqa: SIM115 (closed when the last block ends)
            real = os.dup(STDERR_FD)
            os.dup2(file.fileno(), STDERR_FD)
            _held = (real, file)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _held is not None:
                real_fd, held = _held
                _held = None
                _flush_python_stderr()
                os.dup2(real_fd, STDERR_FD)
                try:
                    _forward(held, real_fd)
                finally:
                    os.close(real_fd)
                    held.close()
