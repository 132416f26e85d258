"""Benchmarks: ``python -m bench.<name>``; figures and the commands that produced them are in
bench/RESULTS.md."""
