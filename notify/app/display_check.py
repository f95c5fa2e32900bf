"""Before Qt opens the X display: one clear line when it cannot be reached.

Qt's xcb plugin aborts the process (SIGABRT) when ``DISPLAY`` is set but its server is gone or
refuses this user (a stale ``ssh -X`` session, a missing ``XAUTHORITY``), with advice to install
``libxcb-cursor0`` or reinstall the application: a wrong lead. So, when Qt would use X11, the
app first connects as Qt would, through libxcb, and says what failed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

log = logging.getLogger(__name__)

# xcb_connection_has_error's codes (xcb.h), in a person's words
_WHY = {
    1: "it cannot be reached, or it refused this user",  # XCB_CONN_ERROR (socket, auth)
    2: "it lacks an extension",
    3: "there was not enough memory",
    5: "the name is not a display's name",  # XCB_CONN_CLOSED_PARSE_ERR
    6: "it has no such screen",  # XCB_CONN_CLOSED_INVALID_SCREEN
}


def uses_x11(environ: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    """Whether Qt will open the X display: ``QT_QPA_PLATFORM`` unset or ``xcb``, and no
    Wayland session beside it (Qt prefers Wayland then)."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def x_display_problem(display: str) -> str | None:
    """A sentence saying why the X display ``display`` cannot be used, or None when it can (or
    when libxcb is not there to ask: Qt's own message is then the right one)."""
    name = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(name)
    except OSError as err:
        log.info("libxcb not loadable (%s): the display is not checked before Qt", err)
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.restype = None
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    try:
        code = xcb.xcb_connection_has_error(conn)
    finally:
        xcb.xcb_disconnect(conn)  # an error connection is freed this way too
    if code == 0:
        return None
    why = _WHY.get(code, f"libxcb error {code}")
    return (f"Notify cannot open a window: the X display {display or '(DISPLAY is empty)'} "
            f"cannot be used ({why}). Start Notify from your desktop session, or check DISPLAY "
            "and XAUTHORITY; the command line needs no display (notify --help).")
