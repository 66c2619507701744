"""The PySide6 desktop window: the only package that imports Qt.

Works around a binding bug seen with PySide6 6.12 on Python 3.11: every call of a Qt method
that returns nothing (``setText``, ``update``, ``processEvents``…) gives back ``None``
without taking a reference to it, so None's reference count falls by one per call and the
interpreter aborts ("none_dealloc" / "bool_dealloc") after some thousands of calls — minutes
of ordinary use. Python 3.12 made None, True and False immortal, which is what the binding
assumes; on older Pythons we give them the same property by raising their counts far out of
reach. Nothing else in the program depends on these counts.
"""

import sys

if sys.version_info < (3, 12):  # pragma: no cover - depends on the interpreter
    import ctypes

    for _constant in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_constant)).value += 1 << 40
    del _constant
