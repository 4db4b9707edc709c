"""python3 -m vanish_kernel: the kernel (as Jupyter starts it, with -f CONNECTION_FILE);
`install` installs its kernelspec; `notebook SCRIPT.nn [OUT.ipynb]` makes a notebook of a script."""

import signal
import sys


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else None
    if command == "install":
        from .install import main as install

        return install(sys.argv[2:])
    if command == "notebook":
        from .notebook import main as notebook

        return notebook(sys.argv[2:])
    if command in ("-h", "--help"):
        print(__doc__)
        return 0
    # A blocked signal is never delivered, and the mask is inherited: under a parent that
    # blocks SIGINT (a test runner, some supervisors) the stop button would do nothing.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    from ipykernel.kernelapp import IPKernelApp

    from .kernel import VanishKernel

    IPKernelApp.launch_instance(kernel_class=VanishKernel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
