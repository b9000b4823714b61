"""The client's address: computed once per request, here, and written to ``scope["client"]`` so that every page,
limiter and audit record (``request.client.host``) uses the same value.

The rules (docs/seguridad-red.md):

- Reverse proxies are trusted only when named in ``VENTANILLA_PROXIES_CONFIABLES`` (IPs or CIDR networks, comma
  separated; none by default). uvicorn's own ``proxy_headers`` must be off (``ventanilla servir`` turns it off; with
  the uvicorn command, pass ``--no-proxy-headers``): it trusts loopback by default and would have rewritten the peer
  before this middleware sees it.
- If the TCP peer is not a trusted proxy, the peer is the client: ``X-Forwarded-For``, ``Forwarded`` and
  ``X-Real-IP`` are ignored, whatever they say.
- If it is, ``X-Forwarded-For`` (all its lines, in order) is walked from the right, skipping trusted proxies; the
  first address that is not one is the client. Each proxy appends the address it got the connection from, so what
  lies left of that address was written by the client itself and proves nothing.
- A malformed entry met on that walk (not an IP: ``unknown``, an obfuscated name, garbage) ends it, and the client is
  the last trusted hop walked, the proxy that passed the entry on. Only a trusted proxy can have written it (an
  untrusted address would have ended the walk first), so the fault is in our own chain: its requests then share that
  proxy's limits, the strict side, instead of being believed.
- If every entry is a trusted proxy, the client is the left-most one (the farthest hop known); no header: the peer.
- ``X-Forwarded-Proto`` from a trusted peer sets the scheme (its right-most value, ``http`` or ``https``).

Ports in entries (``192.0.2.1:5000``, ``[2001:db8::1]:443``) are dropped; an IPv4-mapped IPv6 address is written as
the IPv4 address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

Red = ipaddress.IPv4Network | ipaddress.IPv6Network
Direccion = ipaddress.IPv4Address | ipaddress.IPv6Address


def leer_proxies(texto: str) -> tuple[Red, ...]:
    """``"10.0.0.5, 192.168.0.0/16, 2001:db8::/32"`` → networks; raises ValueError naming the bad item."""
    redes = []
    for parte in (p.strip() for p in texto.split(",")):
        if not parte:
            continue
        try:
            redes.append(ipaddress.ip_network(parte, strict=False))
        except ValueError:
            raise ValueError(f"VENTANILLA_PROXIES_CONFIABLES: {parte!r} no es una dirección IP ni una red CIDR.") \
                from None
    return tuple(redes)


def leer_ip(texto: str) -> Direccion | None:
    """One address as proxies write it (optionally with a port), or None if it is not an address."""
    texto = texto.strip()
    if texto.startswith("["):  # [IPv6]:port
        cierre = texto.find("]")
        texto = texto[1:cierre] if cierre > 0 else ""
    elif texto.count(":") == 1:  # IPv4:port (a bare IPv6 has at least two colons)
        texto = texto.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(texto)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _confiable(ip: Direccion, proxies: Iterable[Red]) -> bool:
    return any(ip.version == red.version and ip in red for red in proxies)


def direccion_cliente(par: str, reenviado_por: Sequence[str], proxies: Sequence[Red]) -> str:
    """The client of a request whose TCP peer is ``par``, given its ``X-Forwarded-For`` lines (rules above)."""
    ip_par = leer_ip(par)
    if ip_par is None or not _confiable(ip_par, proxies):
        return par if ip_par is None else str(ip_par)
    ultimo_confiable = ip_par
    entradas = [e for linea in reenviado_por for e in linea.split(",")]
    for entrada in reversed(entradas):
        if not entrada.strip():
            continue
        ip = leer_ip(entrada)
        if ip is None:
            break
        if not _confiable(ip, proxies):
            return str(ip)
        ultimo_confiable = ip
    return str(ultimo_confiable)


class DireccionCliente:
    """ASGI middleware: ``scope["client"]`` (and the scheme) as the rules above say. Outermost in the app."""

    def __init__(self, app: ASGIApp, *, proxies: Sequence[Red] = ()) -> None:
        self.app = app
        self.proxies = tuple(proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        par = scope.get("client")
        if self.proxies and par and scope["type"] in ("http", "websocket"):
            ip_par = leer_ip(par[0])
            if ip_par is not None and _confiable(ip_par, self.proxies):
                scope = self._detras_de_proxy(scope, par[0])
        await self.app(scope, receive, send)

    def _detras_de_proxy(self, scope: Scope, par: str) -> Scope:
        reenviado, protocolo = [], ""
        for nombre, valor in scope["headers"]:
            if nombre == b"x-forwarded-for":
                reenviado.append(valor.decode("latin-1"))
            elif nombre == b"x-forwarded-proto":
                protocolo = valor.decode("latin-1").rsplit(",", 1)[-1].strip().lower()
        cambios: dict[str, object] = {"client": (direccion_cliente(par, reenviado, self.proxies), 0)}
        if protocolo in ("http", "https"):
            cambios["scheme"] = protocolo if scope["type"] == "http" else protocolo.replace("http", "ws")
        return {**scope, **cambios}
