"""Child processes end with the program that started them.

A program killed outright (kill -9, a crash, the task manager) runs no clean-up of its own, so
its children must notice by themselves: otherwise extraction and compile workers wait for
work forever and LibreOffice goes on writing into the archive's cache.

- Worker processes (multiprocessing) call :func:`die_with_parent` first. On Linux the kernel
  sends them SIGTERM when their parent ends (``PR_SET_PDEATHSIG``); everywhere a thread waits
  on multiprocessing's sentinel of the parent (a pipe on POSIX, the process handle on
  Windows) and ends the process when it fires. SIGTERM unwinds the worker's stack
  (:func:`exit_on_sigterm`), so its temporary files are removed on the way out; one that
  does not end within :data:`GRACE` seconds is ended hard.
- LibreOffice is started through :func:`start_guarded`. ``soffice`` starts ``oosplash``,
  which forks ``soffice.bin``, so a signal reaching the direct child is not enough: on POSIX
  a small ``/bin/sh`` guardian leads the process group and kills the whole group when the
  pipe from its starter closes, however the starter ended; on Windows the process is put in
  a job object that kills everything in it when the last handle to the job closes.
- ``EVIDENCE_MP_START`` (``spawn``, ``forkserver``, ``fork``) forces the start method of
  every worker pool (:func:`mp_context`): CI runs the worker tests with ``spawn``, the only
  method Windows has.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from multiprocessing.connection import wait

__all__ = ["GRACE", "START_METHOD_VAR", "die_with_parent", "exit_on_sigterm", "lower_priority",
           "mp_context", "start_guarded"]

GRACE = 5.0  # seconds an orphaned worker has to clean up before it is ended hard
START_METHOD_VAR = "EVIDENCE_MP_START"
_PR_SET_PDEATHSIG = 1
_ORPHAN_EXIT = 70

# POSIX guardian of a LibreOffice run. Its standard input is the read end of a pipe whose
# write end only the starter holds: reading it returns when the starter ends (or releases
# the run), and the watcher then kills the guardian's whole process group. Asynchronous
# commands of a non-interactive shell get /dev/null as input, hence the copy on fd 3.
_GUARDIAN = """exec 3<&0 0</dev/null
(read line <&3; kill -s KILL 0) >/dev/null 2>&1 &
watcher=$!
"$@" 3<&- &
wait $!
status=$?
kill $watcher 2>/dev/null
exit $status
"""


def mp_context(preferred: str) -> mp.context.BaseContext:
    """The multiprocessing context of a worker pool: ``preferred`` where this system has it,
    else ``spawn``; ``EVIDENCE_MP_START`` overrides both."""
    methods = mp.get_all_start_methods()
    forced = os.environ.get(START_METHOD_VAR, "").strip()
    if forced:
        if forced not in methods:
            raise ValueError(f"{START_METHOD_VAR}={forced!r}: this system offers {methods}")
        return mp.get_context(forced)
    return mp.get_context(preferred if preferred in methods else "spawn")


def _on_sigterm(signum, frame):
    # Once only: a second SIGTERM (the parent-death signal and the watcher thread both send
    # one) must not interrupt the clean-up the first one started.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def exit_on_sigterm() -> None:
    """Make SIGTERM raise SystemExit in the main thread (POSIX), so ``finally`` blocks and
    context managers run: a LibreOffice run is killed, a temporary folder removed."""
    if sys.platform != "win32":
        signal.signal(signal.SIGTERM, _on_sigterm)


def _set_parent_death_signal() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watcher thread still does it


def _end_when(sentinel) -> None:
    wait([sentinel])
    if sys.platform != "win32":
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(GRACE)
    os._exit(_ORPHAN_EXIT)


def die_with_parent() -> None:
    """End this worker process when the process that started it ends (see the module
    docstring). Call it first in a multiprocessing worker, after :func:`exit_on_sigterm`
    where the worker has something to clean up; does nothing in a program's main process."""
    parent = mp.parent_process()
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        _set_parent_death_signal()
    threading.Thread(target=_end_when, args=(parent.sentinel,), name="evidence-parent-watch",
                     daemon=True).start()


def lower_priority() -> None:
    """Background work (OCR, conversions after an import) lets everything else on the machine
    go first: nice 10, below-normal priority on Windows. What this process starts inherits
    it (LibreOffice runs included)."""
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x4000
            kernel32 = ctypes.windll.kernel32
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
        else:
            os.nice(10)
    except (OSError, AttributeError):
        pass  # not allowed here; the work still gets done, just not politely


@contextmanager
def start_guarded(cmd: list[str], **popen_kwargs):
    """``subprocess.Popen(cmd, ...)`` whose whole process tree ends when this program ends,
    even when it is killed outright; on leaving the block, whatever of the tree still runs
    is killed too. The process leads its own process group (POSIX) or process group and job
    (Windows), so ``os.killpg(proc.pid, …)`` reaches all of it."""
    if sys.platform == "win32":
        popen_kwargs["creationflags"] = (popen_kwargs.get("creationflags", 0)
                                         | subprocess.CREATE_NEW_PROCESS_GROUP)
        proc = subprocess.Popen(cmd, **popen_kwargs)
        job = _windows_job_for(proc.pid)
        try:
            yield proc
        finally:
            if job is not None:
                _close_handle(job)  # kills what is left of the tree
        return
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen(["/bin/sh", "-c", _GUARDIAN, "evidence-guardian", *cmd],
                                stdin=read_end, start_new_session=True, **popen_kwargs)
    finally:
        os.close(read_end)
    try:
        yield proc
    finally:
        # Also after a normal end: soffice.bin may linger once the soffice it was forked by
        # has returned. The group keeps its id while any member lives, so this hits no one else.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        os.close(write_end)
        proc.wait()


# ---------------------------------------------------------------------------- Windows
def _job_limit_structure():
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION, as declared in winnt.h."""
    import ctypes

    class BasicLimits(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                    ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", ctypes.c_uint32),
                    ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t),
                    ("ActiveProcessLimit", ctypes.c_uint32),
                    ("Affinity", ctypes.c_size_t),
                    ("PriorityClass", ctypes.c_uint32),
                    ("SchedulingClass", ctypes.c_uint32)]

    class IoCounters(ctypes.Structure):
        _fields_ = [(name, ctypes.c_uint64) for name in (
            "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
            "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BasicLimits),
                    ("IoInfo", IoCounters),
                    ("ProcessMemoryLimit", ctypes.c_size_t),
                    ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t),
                    ("PeakJobMemoryUsed", ctypes.c_size_t)]

    return ExtendedLimits


_JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
_JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
_PROCESS_TERMINATE = 0x0001
_PROCESS_SET_QUOTA = 0x0100


def _windows_job_for(pid: int):
    """A job object holding process ``pid`` that kills its processes when its last handle
    closes (this program's, also when it is killed); None if Windows refuses (then the tree
    is still killed by ``taskkill /T`` on a timeout, but not when this program is killed)."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = ctypes.c_void_p
    kernel32.OpenProcess.restype = ctypes.c_void_p
    kernel32.SetInformationJobObject.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                                 ctypes.c_void_p, ctypes.c_uint32]
    kernel32.AssignProcessToJobObject.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return None
    limits = _job_limit_structure()()
    limits.BasicLimitInformation.LimitFlags = _JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    process = kernel32.OpenProcess(_PROCESS_SET_QUOTA | _PROCESS_TERMINATE, False, pid)
    ok = bool(process) and bool(kernel32.SetInformationJobObject(
        job, _JOB_OBJECT_EXTENDED_LIMIT_INFORMATION, ctypes.byref(limits),
        ctypes.sizeof(limits))) and bool(kernel32.AssignProcessToJobObject(job, process))
    if process:
        kernel32.CloseHandle(process)
    if not ok:
        kernel32.CloseHandle(job)
        return None
    return job


def _close_handle(handle) -> None:
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32")
    kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    kernel32.CloseHandle(handle)
