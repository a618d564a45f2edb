"""Benchmarks that print figures (``make bench``): corpus generator, extraction, build, store, view."""
