"""What the kernel tests share: the vanish binary under test and a kernelspec that runs this
checkout's kernel (not an installed one), in a temporary Jupyter path."""

import json
import os
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]

# Generous: the suite also runs with two busy processes per core (scripts/test --loaded).
STARTUP_TIMEOUT = 180
CELL_TIMEOUT = 600


def vanish_binary():
    """$VANISH_BINARY (the Swift tests pass the debug build they run), else the debug build."""
    binary = os.environ.get("VANISH_BINARY") or str(REPOSITORY / ".build" / "debug" / "vanish")
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"no vanish binary at {binary}: run `swift build` or set VANISH_BINARY")
    return binary


def use_test_kernelspec(directory):
    """Makes "vanish" in `directory` the kernelspec every KernelManager of this process finds."""
    spec_dir = Path(directory) / "kernels" / "vanish"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "vanish_kernel", "-f", "{connection_file}"],
        "display_name": "vanish (test)",
        "language": "vanish",
        "interrupt_mode": "signal",
        "env": {"PYTHONPATH": str(REPOSITORY / "jupyter"), "VANISH_BINARY": vanish_binary()},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=2))
    os.environ["JUPYTER_PATH"] = str(directory)
    os.environ["JUPYTER_RUNTIME_DIR"] = str(Path(directory) / "runtime")
    # Plots and tables as wide as in the transcripts.
    os.environ.pop("COLUMNS", None)
    os.environ["NO_COLOR"] = "1"


def transcript(nb):
    """The text a notebook's outputs show, as the script prints it: streams as they are, each
    value's text/plain and each error's traceback on lines of their own. Progress displays
    (which a terminal wipes) are left out."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                if output.get("metadata", {}).get("vanish", {}).get("progress"):
                    continue
                parts.append(output.data.get("text/plain", "") + "\n")
            elif output.output_type == "error":
                parts.append("\n".join(output.traceback) + "\n")
    return "".join(parts)
