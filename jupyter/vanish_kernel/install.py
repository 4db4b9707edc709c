"""Installs the vanish kernelspec, so that Jupyter offers "vanish" as a kernel.

    python3 -m vanish_kernel install [--user | --sys-prefix | --prefix DIR] [--vanish PATH]

--vanish records the binary in the kernelspec (as VANISH_BINARY); without it the kernel looks
for vanish when it starts (VANISH_BINARY, PATH, the checkout's .build). Installing again
replaces the kernelspec: it is safe to run at any time.
"""

import argparse
import json
import os
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpecManager


def kernel_json(vanish=None):
    spec = {
        "argv": [sys.executable, "-m", "vanish_kernel", "-f", "{connection_file}"],
        "display_name": "vanish",
        "language": "vanish",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }
    if vanish:
        spec["env"] = {"VANISH_BINARY": os.path.abspath(os.path.expanduser(vanish))}
    return spec


def main(arguments):
    parser = argparse.ArgumentParser(prog="python3 -m vanish_kernel install", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for this user (the default)")
    where.add_argument("--sys-prefix", action="store_true", help="into this Python's prefix (a virtual environment)")
    where.add_argument("--prefix", help="under this prefix")
    parser.add_argument("--vanish", help="the vanish binary the kernel runs (recorded as VANISH_BINARY)")
    options = parser.parse_args(arguments)
    if options.vanish and not (os.path.isfile(options.vanish) and os.access(options.vanish, os.X_OK)):
        parser.error(f"--vanish {options.vanish}: not an executable file")
    prefix = sys.prefix if options.sys_prefix else options.prefix
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "kernel.json"), "w") as file:
            json.dump(kernel_json(options.vanish), file, indent=2)
        destination = KernelSpecManager().install_kernel_spec(
            directory, "vanish", user=prefix is None, prefix=prefix
        )
    print(f"installed the vanish kernel in {destination}")
    return 0
