"""The vanish kernel driven through jupyter_client, as a notebook drives it.

    VANISH_BINARY=.build/debug/vanish python3 -m unittest -v test_kernel   (in jupyter/tests)

Tests/VanishEndToEndTests/JupyterKernelTests.swift runs this from `swift test`.
"""

import os
import queue
import re
import signal
import tempfile
import time
import unittest

from jupyter_client.manager import KernelManager

import support


class KernelTests(unittest.TestCase):
    """One kernel for every test, as one notebook: each test makes the variables it uses."""

    @classmethod
    def setUpClass(cls):
        cls.directory = tempfile.TemporaryDirectory(prefix="vanish-jupyter-")
        support.use_test_kernelspec(cls.directory.name)
        cls.km = KernelManager(kernel_name="vanish")
        cls.km.start_kernel(cwd=str(support.REPOSITORY))
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=support.STARTUP_TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        cls.directory.cleanup()

    # MARK: - Helpers

    def run_cell(self, code, interrupt_when=None, then=None, silent=False):
        """Runs a cell; returns (the reply's content, [(msg_type, content)] of its outputs).
        When `interrupt_when(msg_type, content)` is first true, the stop button is pressed a
        second later (or `then` is called instead)."""
        msg_id = self.kc.execute(code, silent=silent, store_history=not silent)
        outputs = []
        self.interrupted_at = None
        deadline = time.monotonic() + support.CELL_TIMEOUT
        while True:
            try:
                message = self.kc.get_iopub_msg(timeout=max(1, deadline - time.monotonic()))
            except queue.Empty:
                self.fail(f"no end of the cell {code!r} in {support.CELL_TIMEOUT} s; outputs so far: {outputs}")
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "status":
                if content["execution_state"] == "idle":
                    break
                continue
            if kind == "execute_input":
                continue
            outputs.append((kind, content))
            if interrupt_when is not None and self.interrupted_at is None and interrupt_when(kind, content):
                time.sleep(1)
                (then or self.km.interrupt_kernel)()
                self.interrupted_at = time.monotonic()
        return self.shell_reply(msg_id)["content"], outputs

    def shell_reply(self, msg_id):
        while True:
            reply = self.kc.get_shell_msg(timeout=support.CELL_TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def request(self, send):
        msg_id = send()
        return self.shell_reply(msg_id)["content"]

    def vanish_pids(self):
        """The kernel's vanish processes (its children, found in /proc)."""
        kernel = self.km.provisioner.pid
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as file:
                    stat = file.read()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == kernel and "vanish" in stat[stat.index("(") + 1:stat.rindex(")")]:
                pids.append(int(entry))
        return pids

    @staticmethod
    def texts(outputs, kinds=("execute_result", "display_data")):
        return [c["data"]["text/plain"] for k, c in outputs if k in kinds and "text/plain" in c.get("data", {})]

    @staticmethod
    def streams(outputs, name="stdout"):
        return "".join(c["text"] for k, c in outputs if k == "stream" and c["name"] == name)

    # MARK: - Cells

    def test_kernel_info_names_vanish(self):
        info = self.request(self.kc.kernel_info)
        self.assertEqual(info["language_info"]["name"], "vanish")
        self.assertEqual(info["language_info"]["file_extension"], ".nn")
        self.assertRegex(info["language_info"]["version"], r"^\d+\.\d+\.\d+$")

    def test_a_cell_defines_a_network(self):
        reply, outputs = self.run_cell("net = dense(1, 1, sigmoid, init=const(1), bias=const(0)) x 8\nnet")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([k for k, _ in outputs], ["execute_result"])
        text = outputs[0][1]["data"]["text/plain"]
        self.assertTrue(text.startswith("network 1→1→1→1→1→1→1→1→1: 8 layers, 16 parameters\n"), text)
        self.assertIn("    8  1→1    sigmoid      0.25           2", text)
        self.assertEqual(outputs[0][1]["execution_count"], reply["execution_count"])

    def test_norms_of_a_gradient_are_a_table(self):
        self.run_cell("n8 = dense(1, 1, sigmoid, init=const(1), bias=const(0)) x 8")
        reply, outputs = self.run_cell("norms(grad(n8, [1], [0]))")
        self.assertEqual(reply["status"], "ok")
        [table] = self.texts(outputs)
        self.assertTrue(table.startswith("layer    ||delta||  gamma bound  tight bound"), table)
        self.assertIn("    1  3.63482e-06  1.00563e-05  3.63482e-06", table)
        self.assertIn("    8     0.148091     0.164762     0.148091", table)
        self.assertIn("||delta[1]|| / ||delta[8]|| = 2.45446e-05: the gradient vanishes by 4.6 decades", table)
        self.assertEqual(list(outputs[0][1]["data"]), ["text/plain"])

    def test_every_value_of_a_cell_is_shown_the_last_as_its_result(self):
        reply, outputs = self.run_cell("x = [0.5]\nx8 = 2\nx8 * x\n[[1, 2], [3, 4]] @ [1, 1]")
        self.assertEqual([(k, c["data"]["text/plain"]) for k, c in outputs],
                         [("display_data", "[1]"), ("execute_result", "[3, 7]")])

    def test_a_plot_is_svg(self):
        reply, outputs = self.run_cell('plot([1, 4, 9, 16], title="squares")')
        self.assertEqual(reply["status"], "ok")
        [(kind, content)] = outputs
        self.assertEqual(kind, "execute_result")
        svg = content["data"]["image/svg+xml"]
        self.assertTrue(svg.startswith("<svg"), svg[:80])
        self.assertIn(">squares</text>", svg)
        self.assertIn("squares", content["data"]["text/plain"])

    def test_completion_of_sigm(self):
        reply = self.request(lambda: self.kc.complete("sigm", 4))
        self.assertEqual(reply["status"], "ok")
        self.assertIn("sigmoid", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (0, 4))
        reply = self.request(lambda: self.kc.complete("net = dense(2, 2, ta", 20))
        self.assertEqual(reply["matches"], ["take", "tanh"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (18, 20))

    def test_inspection_of_dense(self):
        reply = self.request(lambda: self.kc.inspect("dense", 5))
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(reply["found"])
        text = reply["data"]["text/plain"]
        self.assertTrue(text.startswith("dense(in, out, act=sigmoid, init=nielsen, bias=...)\n"), text)
        self.assertIn("one dense layer of `out` neurons on `in` inputs", text)
        # Inside the call's parentheses (Shift-Tab after "dense(2, ").
        reply = self.request(lambda: self.kc.inspect("net = dense(2, ", 15))
        self.assertEqual(reply["data"]["text/plain"], text)
        reply = self.request(lambda: self.kc.inspect("no_such_name", 3))
        self.assertFalse(reply["found"])

    def test_help_works_in_a_cell(self):
        reply, outputs = self.run_cell("?dense")
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(self.streams(outputs).startswith("dense(in, out, act=sigmoid, init=nielsen, bias=...)\n"))
        reply, outputs = self.run_cell(":help")
        self.assertIn("\nCommands:\n", self.streams(outputs))

    def test_is_complete_waits_for_open_brackets(self):
        self.assertEqual(self.request(lambda: self.kc.is_complete("net = mlp([2,"))["status"], "incomplete")
        self.assertEqual(self.request(lambda: self.kc.is_complete("net = mlp([2, 3])"))["status"], "complete")

    def test_an_error_is_shown_and_the_next_cell_sees_the_variables(self):
        self.run_cell("kept = 41")
        reply, outputs = self.run_cell("before = 1\nkept + missing_name")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "VanishError")
        self.assertEqual(reply["evalue"], "unknown name 'missing_name'")
        [(kind, error)] = outputs
        self.assertEqual(kind, "error")
        self.assertEqual(error["traceback"], [
            "error: 2:8: unknown name 'missing_name'",
            "  kept + missing_name",
            "         ^^^^^^^^^^^^",
            "  hint: :vars lists your variables, :help the builtins",
        ])
        reply, outputs = self.run_cell("kept + before")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.texts(outputs), ["42"])

    def test_bad_input_leaves_the_kernel_alive(self):
        for code in ["((((", "\x00\x01", "]]]", "x = ", ":nonsense", "1 +* 2", "€" * 1000]:
            reply, outputs = self.run_cell(code)
            self.assertEqual(reply["status"], "error", code)
            self.assertTrue(outputs and outputs[0][0] == "error", (code, outputs))
        reply, outputs = self.run_cell("1 + 1")
        self.assertEqual(self.texts(outputs), ["2"])

    def test_a_silent_cell_shows_nothing_and_keeps_its_variables(self):
        reply, outputs = self.run_cell("quiet = 5\nquiet", silent=True)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(outputs, [])
        self.assertEqual(self.texts(self.run_cell("quiet")[1]), ["5"])

    def test_interrupt_stops_a_long_descent(self):
        self.run_cell("f(w) = w")
        reply, outputs = self.run_cell(
            '"descending"\np = descend(f, from=1, lr=0.5, steps=100000000)\np.stopped',
            interrupt_when=lambda kind, content: kind == "display_data",
        )
        self.assertIsNotNone(self.interrupted_at, outputs)
        # It stopped, not ran to its end: generous for a loaded machine, far below the minutes
        # a hundred million steps take.
        self.assertLess(time.monotonic() - self.interrupted_at, 120)
        self.assertEqual(reply["status"], "ok")
        note = re.fullmatch(r"interrupted after step (\d+) of 100000000: the path so far is returned\n",
                            self.streams(outputs))
        self.assertIsNotNone(note, outputs)
        steps = int(note.group(1))
        self.assertEqual(self.texts(outputs), ['"descending"', f'"Ctrl-C interrupted it after {steps} steps"'])
        # The path so far is kept, and the kernel goes on.
        self.assertEqual(self.texts(self.run_cell("p.steps")[1]), [str(steps)])

    def test_interrupt_stops_an_unfinished_statement_and_nothing_is_assigned(self):
        reply, outputs = self.run_cell(
            '"making"\nunfinished = [sin(L) * 2 for L in 1:100000000]',
            interrupt_when=lambda kind, content: kind == "display_data",
        )
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        self.assertEqual(outputs[-1], ("error", {
            "ename": "Interrupted",
            "evalue": "interrupted; every variable is as it was before this statement",
            "traceback": ["interrupted; every variable is as it was before this statement"],
        }))
        reply, outputs = self.run_cell("unfinished")
        self.assertEqual(reply["evalue"], "unknown name 'unfinished'")

    def test_training_shows_its_progress_and_stops_on_interrupt(self):
        self.run_cell("seed(1); tdata = spiral(300, 3); tnet = mlp([2, 16, 3], sigmoid)")
        reply, outputs = self.run_cell(
            "th = train(tnet, tdata, epochs=1000000, batch=10, lr=0.5)\n\"trained\"",
            interrupt_when=lambda kind, content: kind == "display_data",
        )
        self.assertEqual(reply["status"], "ok")
        kinds = [k for k, _ in outputs]
        # One display for the bar, updated in place, its last update the end of the run.
        first = outputs[0]
        self.assertEqual(first[0], "display_data")
        display_id = first[1]["transient"]["display_id"]
        self.assertRegex(first[1]["data"]["text/plain"], r"^epoch 1/1000000 │.*│ \d+/900  \d+ examples/s  ETA ")
        self.assertEqual(first[1]["metadata"], {"vanish": {"progress": True}})
        updates = [c for k, c in outputs if k == "update_display_data"]
        self.assertTrue(updates, kinds)
        self.assertTrue(all(u["transient"]["display_id"] == display_id for u in updates))
        self.assertRegex(updates[-1]["data"]["text/plain"], r"^epoch \d+/1000000 │.*│ \d+/900  \d+ examples/s  took \d+:\d\d")
        self.assertRegex(self.streams(outputs),
                         r"^interrupted after batch \d+ of 90 in epoch \d+: the network keeps what it learned")
        self.assertEqual(self.texts(outputs, kinds=("execute_result",)), ['"trained"'])
        reply, outputs = self.run_cell("th")
        self.assertTrue(self.texts(outputs)[0].startswith("history: "), outputs)

    def test_quit_ends_the_session_and_the_next_cell_starts_one(self):
        self.run_cell("gone = 1")
        reply, outputs = self.run_cell(":quit")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.streams(outputs), "vanish ended (:quit); the next cell starts a new session\n")
        reply, outputs = self.run_cell("1 + 1")
        self.assertEqual(self.streams(outputs, "stderr"),
                         "(a new vanish session was started: the variables from before are gone)\n")
        self.assertEqual(self.texts(outputs), ["2"])
        self.assertEqual(self.run_cell("gone")[0]["evalue"], "unknown name 'gone'")

    def test_a_crash_of_vanish_is_an_error_and_the_next_cell_starts_a_new_session(self):
        self.run_cell("f(w) = w")
        [pid] = self.vanish_pids()
        reply, outputs = self.run_cell(
            '"descending"\np = descend(f, from=1, lr=0.5, steps=100000000)',
            interrupt_when=lambda kind, content: kind == "display_data",
            then=lambda: os.kill(pid, signal.SIGKILL),
        )
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "VanishEnded")
        self.assertEqual(reply["evalue"],
                         "error: vanish ended while running this cell (killed by SIGKILL); "
                         "the next cell starts a new vanish session")
        reply, outputs = self.run_cell("1 + 2")
        self.assertEqual(self.streams(outputs, "stderr"),
                         "(a new vanish session was started: the variables from before are gone)\n")
        self.assertEqual(self.texts(outputs), ["3"])
        self.assertNotEqual(self.vanish_pids(), [pid])


if __name__ == "__main__":
    unittest.main()
