"""Fetching a web page or file for the evidence archive without reaching inside the network.

Only http and https; the host is resolved here and every address it resolves to must be public
(not private, loopback, link-local, shared, multicast or reserved); the connection goes to the
address that was checked, never to a second resolution (so DNS rebinding cannot slip a private
address in); every redirect is checked the same way; the body is size-capped. Tests against a
local server set ``INDICATOR_FETCH_ALLOW_PRIVATE``; nothing else should.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from flask import current_app

from participa.core.params import parse_int

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "Participa evidence archiver"
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,40}/[a-z0-9][a-z0-9!#$&^_.+-]{0,36}\Z")


class FetchError(Exception):
    """The fetch was refused or failed; ``reason`` says why, for logs and tests."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


def is_public_address(address: str) -> bool:
    """True for an address on the public internet only."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def fetch_limit() -> int:
    return int(current_app.config.get("INDICATOR_ARCHIVE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _allow_private() -> bool:
    return bool(current_app.config.get("INDICATOR_FETCH_ALLOW_PRIVATE", False))


def resolve(host: str, port: int) -> str:
    """The address to connect to, once every address ``host`` resolves to is checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError("resolve") from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError("resolve")
    if not _allow_private() and not all(is_public_address(a) for a in addresses):
        raise FetchError("address")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address already checked; the Host header keeps the name."""

    def __init__(self, host: str, address: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As _PinnedHTTPConnection, with the certificate checked against the host name."""

    def __init__(self, host: str, address: str, port: int, timeout: float):
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def _media_type(header: str | None) -> str:
    media = (header or "").split(";", 1)[0].strip().lower()
    return media if _MEDIA_TYPE.match(media) else "application/octet-stream"


def fetch(url: str, *, max_bytes: int | None = None) -> Fetched:
    """GET ``url`` under the rules above; raise FetchError when refused or failed."""
    limit = fetch_limit() if max_bytes is None else max_bytes
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("scheme")
        if parts.username or parts.password:
            raise FetchError("scheme")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError("scheme") from None
        address = resolve(parts.hostname, port)
        pinned = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = pinned(parts.hostname, address, port, TIMEOUT_SECONDS)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(
                "GET", target, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
            )
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError("status")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError("status")
            declared = parse_int(response.getheader("Content-Length"), max=10**18)
            if declared is not None and declared > limit:
                raise FetchError("size")
            data = response.read(limit + 1)
            if len(data) > limit:
                raise FetchError("size")
            return Fetched(url=url, content_type=_media_type(response.getheader("Content-Type")),
                           data=data)  # fmt: skip
        except (OSError, http.client.HTTPException):
            raise FetchError("network") from None
        finally:
            connection.close()
    raise FetchError("redirects")
