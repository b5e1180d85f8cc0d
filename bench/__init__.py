"""Benchmarks of brs-coord (not tests): `make bench` or `python -m bench`."""
