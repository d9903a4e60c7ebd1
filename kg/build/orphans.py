"""Child processes that die with their parent: validation workers, the ``oxigraph`` server.

A process killed with ``kill -9`` cannot stop its children, and a child left
running holds memory (a validation worker, several hundred megabytes at 10^6
triples) or a port (an ``oxigraph`` server still answering for a ``kg serve``
that is gone). On Linux the kernel can signal a child when its parent dies
(``prctl(PR_SET_PDEATHSIG)``); the child asks for that as it starts, then checks
that its parent has not died already. Elsewhere this is a no-op.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """In a child of process ``parent``: receive ``sig`` when the parent dies (Linux), or now if it has."""
    if not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os.kill(os.getpid(), sig)


def before_exec(sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` for :class:`subprocess.Popen` that makes the child die with this process (Linux;
    ``None`` elsewhere). The function is prepared here, so the child between fork and exec only calls it."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def request() -> None:
        prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
        if os.getppid() != parent:
            os.kill(os.getpid(), sig)

    return request
