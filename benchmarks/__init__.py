"""Benchmarks of newscrawl against its peers (run from the repository root)."""
