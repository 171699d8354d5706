"""Test machinery for the student servers whose bug is an endless loop (not part of the bug)."""
import os


def lower_priority():
    """Test machinery, not the student's: the endless loop spins as before, but at the lowest
    priority, on cores the other tests leave idle instead of theirs. With Linux's autogroups a
    session competes as one group and a nice value counts only inside it, so the server moves to
    a session of its own (no other process shares its group's priority) and lowers that too."""
    if os.getpriority(os.PRIO_PROCESS, 0) < 19:
        os.nice(19)
    try:
        os.setsid()
    except OSError:
        pass  # it leads a process group already
    if os.getsid(0) != os.getpid():
        return
    try:
        with open("/proc/self/autogroup", "w") as f:
            f.write("19")
    except OSError:
        pass
