"""Benchmarks (run with benchmarks/run_all.sh); not part of the shipped package."""
