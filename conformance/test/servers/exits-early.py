"""Prints a line and exits before listening: the harness must say so in one line."""
import sys

print("ModuleNotFoundError: No module named 'flask'", file=sys.stderr, flush=True)
sys.exit(3)
