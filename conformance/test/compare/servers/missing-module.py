"""A student server that never starts: it imports a package that is not installed."""
import sys

print("Traceback (most recent call last):\n  File \"server.py\", line 1, in <module>\nModuleNotFoundError: No module named 'flask'", file=sys.stderr, flush=True)
sys.exit(1)
