"""brs-coord: the technical-assistance calendar of the BRS conventions."""

__version__ = "0.1.0"
