"""Prints markup, Markdown and control characters, then exits before listening: its output ends
up in the comparison's "did not run" line, which must show it as text."""
import sys

print("</script><img src=x onerror=alert(2)> | `code` *bold* [link](javascript:alert(3)) \x1b[31m", flush=True)
sys.exit(1)
