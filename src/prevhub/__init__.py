"""Prevention Hub."""
