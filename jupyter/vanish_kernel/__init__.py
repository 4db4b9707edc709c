"""A Jupyter kernel for vanish (see the README's "vanish in Jupyter")."""

__version__ = "0.1.0"
