"""The client's address, for the log-in throttling and the audit trail.

Behind a reverse proxy every request comes from the proxy's address, and the client's is in
the X-Forwarded-For header the proxy adds. Anyone can send that header, so it is read only
when the request comes from a proxy named in TRACKER_TRUSTED_PROXIES (addresses or networks;
none by default): from the right, each trusted hop is skipped and the first other address is
the client's. A malformed entry ends the walk at the last trusted hop.
"""

import ipaddress
from functools import lru_cache

from tracker.conf import setting


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """Used by django-axes (AXES_CLIENT_IP_CALLABLE) and by the audit trail."""
    remote = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(setting("TRACKER_TRUSTED_PROXIES")))

    def trusted(address) -> bool:
        return address is not None and any(address in network for network in networks)

    if not networks or not trusted(_address(remote or "")):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        remote = str(address)
        if not trusted(address):
            break
    return remote
