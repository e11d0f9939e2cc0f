"""Stand-alone Textual apps started in tmux by the benchmarks (run as scripts, not imported)."""
