"""Executes a notebook with nbclient against this checkout's vanish kernel and prints the text
of its outputs (support.transcript), for a comparison with the script's golden transcript.

    python3 jupyter/tests/run_notebook.py samples/tour.ipynb [--executed OUT.ipynb]
"""

import argparse
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

import support


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--executed", help="also write the executed notebook here")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanish-jupyter-") as directory:
        support.use_test_kernelspec(directory)
        nb = nbformat.read(options.notebook, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name="vanish",
            timeout=support.CELL_TIMEOUT,
            startup_timeout=support.STARTUP_TIMEOUT,
            record_timing=False,
            resources={"metadata": {"path": str(support.REPOSITORY)}},
        )
        client.execute()
    if options.executed:
        nbformat.write(nb, options.executed)
    sys.stdout.write(support.transcript(nb))
    return 0


if __name__ == "__main__":
    sys.exit(main())
