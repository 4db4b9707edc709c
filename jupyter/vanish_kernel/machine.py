"""One `vanish --machine` process: finding the binary, starting it, requests in, messages out.

The protocol (docs/language.md, "The machine mode") is JSON lines: each request is one JSON
object on vanish's standard input; vanish answers with messages on its standard output, the
last of each request being its "reply".
"""

import collections
import json
import os
import queue
import shutil
import signal
import subprocess
import threading
from pathlib import Path


class MachineError(Exception):
    """vanish could not be found, started, or talked to."""


def repository_candidates():
    """Checkouts of vanish whose .build may hold the binary: $VANISH_REPO, then the one this
    package lives in when it is used from the source tree (`pip install -e jupyter`)."""
    candidates = []
    if os.environ.get("VANISH_REPO"):
        candidates.append(Path(os.environ["VANISH_REPO"]).expanduser())
    here = Path(__file__).resolve().parent.parent.parent
    if (here / "Package.swift").is_file():
        candidates.append(here)
    return candidates


def find_binary():
    """The vanish binary: $VANISH_BINARY; else `vanish` on PATH; else a checkout's
    .build/release/vanish, then .build/debug/vanish (see repository_candidates)."""
    given = os.environ.get("VANISH_BINARY")
    if given:
        path = Path(given).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise MachineError(f"VANISH_BINARY is {given}, which is not an executable file")
        return str(path)
    on_path = shutil.which("vanish")
    if on_path:
        return on_path
    looked = []
    for repo in repository_candidates():
        for config in ("release", "debug"):
            path = repo / ".build" / config / "vanish"
            looked.append(str(path))
            if path.is_file() and os.access(path, os.X_OK):
                return str(path)
    where = f" (looked in {', '.join(looked)})" if looked else ""
    raise MachineError(
        "cannot find the vanish binary: set VANISH_BINARY to its path, put vanish on PATH, "
        f"or build it in the repository with `swift build -c release`{where}"
    )


class Machine:
    """A running `vanish --machine`, in a session of its own: the kernel's process group gets
    the notebook's interrupt, and the kernel forwards it to vanish (see VanishKernel)."""

    def __init__(self, binary=None, cwd=None):
        self.binary = binary or find_binary()
        try:
            self.process = subprocess.Popen(
                [self.binary, "--machine"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
                start_new_session=True,
            )
        except OSError as error:
            raise MachineError(f"cannot start {self.binary}: {error.strerror}") from error
        # Standard error carries nothing in the machine mode but a crash's last words: keep
        # the last lines to tell, and read them away so that a long message cannot block vanish.
        self.stderr_tail = collections.deque(maxlen=40)
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        # Messages are read on a thread of their own, so that the kernel's main thread never
        # blocks in a read: it waits on the queue a little at a time, and a signal handler
        # (the notebook's interrupt) runs within moments, whichever thread the signal reached.
        self._messages = queue.Queue()
        threading.Thread(target=self._read_messages, daemon=True).start()
        self._next_id = 0
        ready = self.read()
        if ready is None or ready.get("type") != "ready":
            raise MachineError(f"{self.binary} --machine did not start: {self.ended()}")
        self.version = ready.get("version", "")
        self.protocol = ready.get("protocol")

    def _drain_stderr(self):
        for line in self.process.stderr:
            self.stderr_tail.append(line.decode("utf-8", "replace").rstrip("\n"))

    def _read_messages(self):
        for line in self.process.stdout:
            try:
                self._messages.put(json.loads(line))
            except ValueError:
                # Never written by vanish, whose standard output is only the protocol.
                self.stderr_tail.append("not a message: " + line.decode("utf-8", "replace").rstrip("\n"))
        self._messages.put(None)

    def request(self, type, **fields):
        """Sends a request; returns its id."""
        self._next_id += 1
        message = dict(fields, id=self._next_id, type=type)
        try:
            self.process.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
            self.process.stdin.flush()
        except OSError as error:
            raise MachineError(f"vanish is not running: {self.ended()}") from error
        return self._next_id

    def read(self):
        """The next message, or None when vanish has ended (and from then on)."""
        while True:
            try:
                message = self._messages.get(timeout=0.2)
            except queue.Empty:
                continue
            if message is None:
                self._messages.put(None)
            return message

    def call(self, type, **fields):
        """Sends a request that prints nothing (complete, inspect, is_complete); returns its reply."""
        id = self.request(type, **fields)
        while True:
            message = self.read()
            if message is None:
                raise MachineError(f"vanish ended: {self.ended()}")
            if message.get("type") == "reply" and message.get("id") == id:
                return message

    def interrupt(self):
        """SIGINT, as Ctrl-C at vanish's prompt: the running statement stops at its next safe point."""
        if self.alive:
            try:
                os.kill(self.process.pid, signal.SIGINT)
            except ProcessLookupError:
                pass

    @property
    def alive(self):
        return self.process.poll() is None

    def ended(self):
        """How the process ended, with the last lines of its standard error."""
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "it is still running but does not answer"
        if status < 0:
            try:
                how = f"killed by {signal.Signals(-status).name}"
            except ValueError:
                how = f"killed by signal {-status}"
        else:
            how = f"exit status {status}"
        tail = "\n".join(self.stderr_tail)
        return how + (f"; its last words:\n{tail}" if tail else "")

    def close(self, timeout=5):
        """Ends vanish: the end of its input, then SIGKILL if it does not go."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
