"""The vanish kernel: ipykernel's wrapper kernel over one `vanish --machine` process.

Each cell goes to vanish as an execute request; what vanish sends back becomes Jupyter's
messages: text as stream, values as display_data (the cell's last value as execute_result,
with its MIME bundle: text/plain, and image/svg+xml for plots), errors as error, training
progress as one display that is updated in place. The notebook's stop button sends SIGINT to
the kernel, which passes it on to vanish: the running statement stops as it does for Ctrl-C.
"""

import signal
import threading
import uuid

from ipykernel.kernelbase import Kernel

from . import __version__
from .machine import Machine, MachineError


class VanishKernel(Kernel):
    implementation = "vanish_kernel"
    implementation_version = __version__
    language = "vanish"
    language_info = {
        "name": "vanish",
        "mimetype": "text/x-vanish",
        "file_extension": ".nn",
        "pygments_lexer": "text",
        "codemirror_mode": "null",
    }
    banner = "vanish: backpropagation, layer by layer (type ?name or :help)"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.machine = None
        self._sessions_started = 0
        self._restart_notice = False
        # Set by SIGINT while a cell runs; vanish gets it once it has started the cell.
        self._interrupt_wanted = False
        self._started = False
        try:
            self._start_machine()
        except MachineError as error:
            # Said in the first cell: a kernel that dies at start tells nobody why.
            self.log.error("%s", error)

    # MARK: - The vanish process

    def _start_machine(self):
        self.machine = Machine()
        self._sessions_started += 1
        self.language_info = dict(self.language_info, version=self.machine.version)

    def _machine_for_request(self):
        """The running vanish, started anew if it has ended (after :quit, or a crash)."""
        if self.machine is not None and self.machine.alive:
            return self.machine
        self.machine = None
        restarted = self._sessions_started > 0
        self._start_machine()
        # Said at the next cell that shows anything.
        self._restart_notice = self._restart_notice or restarted
        return self.machine

    def _stream(self, name, text):
        self.send_response(self.iopub_socket, "stream", {"name": name, "text": text})

    # MARK: - Execute

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **kwargs):
        if not code.strip():
            return self._ok()
        try:
            machine = self._machine_for_request()
        except MachineError as error:
            return self._error("VanishError", str(error), [f"error: {error}"], silent)
        if self._restart_notice and not silent:
            self._restart_notice = False
            self._stream("stderr", "(a new vanish session was started: the variables from before are gone)\n")
        self._interrupt_wanted = False
        self._started = False
        previous = self._catch_interrupts()
        try:
            return self._run(machine, code, silent)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
            self._started = False

    def _catch_interrupts(self):
        """SIGINT (the stop button) goes to vanish while a cell runs; signals reach only the
        main thread, where ipykernel runs the cells of the main shell."""
        if threading.current_thread() is not threading.main_thread():
            return None
        return signal.signal(signal.SIGINT, self._on_interrupt)

    def _on_interrupt(self, signum, frame):
        self._interrupt_wanted = True
        # Before "started" vanish has not cleared its flag for this cell: wait for it.
        if self._started and self.machine is not None:
            self.machine.interrupt()

    def _run(self, machine, code, silent):
        try:
            id = machine.request("execute", code=code)
        except MachineError as error:
            return self._error("VanishError", str(error), [f"error: {error}"], silent)
        progress_id = None
        failure = None
        while True:
            message = machine.read()
            if message is None:
                self.machine = None
                text = (
                    f"error: vanish ended while running this cell ({machine.ended()}); "
                    "the next cell starts a new vanish session"
                )
                return self._error("VanishEnded", text.splitlines()[0], text.splitlines(), silent)
            if message.get("id") != id:
                continue
            kind = message.get("type")
            if kind == "started":
                self._started = True
                if self._interrupt_wanted:
                    machine.interrupt()
            elif kind == "stream":
                if not silent:
                    self._stream(message.get("name", "stdout"), message.get("text", ""))
            elif kind == "display":
                if not silent:
                    self._display(message)
            elif kind == "progress" or kind == "progress_end":
                if not silent:
                    content = {"data": {"text/plain": message.get("text", "")}, "metadata": {"vanish": {"progress": True}}}
                    if progress_id is None:
                        progress_id = f"vanish-progress-{uuid.uuid4().hex}"
                        content["transient"] = {"display_id": progress_id}
                        self.send_response(self.iopub_socket, "display_data", content)
                    else:
                        content["transient"] = {"display_id": progress_id}
                        self.send_response(self.iopub_socket, "update_display_data", content)
                if kind == "progress_end":
                    progress_id = None
            elif kind == "error":
                text = message.get("text", "error")
                failure = ("VanishError", message.get("message", text), text.split("\n"))
                self._send_error(*failure, silent)
            elif kind == "interrupted":
                text = message.get("text", "interrupted")
                failure = ("Interrupted", text, text.split("\n"))
                self._send_error(*failure, silent)
            elif kind == "reply":
                status = message.get("status")
                if message.get("quit"):
                    machine.close()
                    self.machine = None
                    if not silent:
                        self._stream("stdout", "vanish ended (:quit); the next cell starts a new session\n")
                if status == "ok":
                    return self._ok()
                name, value, traceback = failure or ("VanishError", status, [f"error: {status}"])
                return {"status": "error", "execution_count": self.execution_count, "ename": name,
                        "evalue": value, "traceback": traceback}

    def _display(self, message):
        content = {"data": message.get("data", {}), "metadata": {}}
        if message.get("last"):
            content["execution_count"] = self.execution_count
            self.send_response(self.iopub_socket, "execute_result", content)
        else:
            self.send_response(self.iopub_socket, "display_data", content)

    def _send_error(self, name, value, traceback, silent):
        if not silent:
            self.send_response(self.iopub_socket, "error", {"ename": name, "evalue": value, "traceback": traceback})

    def _error(self, name, value, traceback, silent):
        self._send_error(name, value, traceback, silent)
        return {"status": "error", "execution_count": self.execution_count, "ename": name, "evalue": value,
                "traceback": traceback}

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    # MARK: - Complete, inspect, is_complete

    def _call(self, type, **fields):
        """A request that prints nothing; None when vanish cannot be reached."""
        try:
            return self._machine_for_request().call(type, **fields)
        except MachineError as error:
            self.log.error("%s", error)
            self.machine = None
            return None

    async def do_complete(self, code, cursor_pos):
        if cursor_pos is None:
            cursor_pos = len(code)
        reply = self._call("complete", code=code, cursor=cursor_pos)
        if reply is None or reply.get("status") != "ok":
            return {"status": "ok", "matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos, "metadata": {}}
        return {
            "status": "ok",
            "matches": reply.get("matches", []),
            "cursor_start": reply.get("cursor_start", cursor_pos),
            "cursor_end": reply.get("cursor_end", cursor_pos),
            "metadata": {},
        }

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        if cursor_pos is None:
            cursor_pos = len(code)
        reply = self._call("inspect", code=code, cursor=cursor_pos)
        found = bool(reply and reply.get("status") == "ok" and reply.get("found"))
        data = {"text/plain": reply["text"]} if found else {}
        return {"status": "ok", "found": found, "data": data, "metadata": {}}

    async def do_is_complete(self, code):
        reply = self._call("is_complete", code=code)
        if reply is None or reply.get("status") != "ok":
            return {"status": "unknown"}
        if reply.get("complete") == "incomplete":
            return {"status": "incomplete", "indent": ""}
        return {"status": "complete"}

    async def do_shutdown(self, restart):
        if self.machine is not None:
            self.machine.close()
            self.machine = None
        return {"status": "ok", "restart": restart}
