"""Argument parsing shared by every ``python -m skill`` command: one line for a bad argument, exit status 2.

argparse already exits with 2, but prints the whole usage block first; a user who mistyped one flag
needs the one line that names it. Argument types here check values (ports, URLs, folders) while
parsing, so a bad value is that same one line rather than a traceback later.
"""
from __future__ import annotations

import argparse
import ipaddress
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

MIN_PORT, MAX_PORT = 1, 65535


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, except that an error is one line, ``PROG: MESSAGE (see --help)``, and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def port_number(text: str) -> int:
    """A TCP port, 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not MIN_PORT <= value <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"port must be from {MIN_PORT} to {MAX_PORT} (got {value})")
    return value


def http_url(text: str) -> str:
    """An ``http://`` or ``https://`` URL with a host (and a valid port, if one is given)."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises ValueError for a port out of range or not a number)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a URL: {text!r} ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not an http:// or https:// URL: {text!r} (e.g. http://127.0.0.1:8000/)")
    return text


def folder(text: str) -> Path:
    """A folder to write into: it may not exist yet, but if something is there it must be a folder."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"not a folder: {text!r} exists and is a file")
    return path


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1); false for anything else, names included."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
