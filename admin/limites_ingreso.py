"""Limits on failed admin logins: per (client, user name), per client and per account, and the device cookie that
keeps a per-account lock from locking out the official who owns the account.

Three counters of failures within ``ventana`` (15 minutes), all on the shared store, so they hold across workers:

- **(client, user name)**: ``maximo`` (5). The one a mistyping official meets.
- **client**: 4 × ``maximo``. One address sweeping through many user names.
- **account** (the user name typed, whatever the address): 2 × ``maximo``. Many addresses guessing one account's
  password; the bound is then 10 guesses per 15 minutes per account, about 1,000 a day against argon2id.

Failures are counted for any user name, existing or not, and every block answers with the same message, so the
limits tell nothing about which accounts exist. Blocked attempts are not counted (knocking does not extend a block).
A successful login clears its (client, user name) counter only: an attacker's account-wide count is not reset by
the owner logging in.

A per-account lock is a denial-of-service tool: anyone can lock an official out by failing ten times. Hence the
**device cookie** (OWASP, "Slow down online guessing attacks with device cookies"): a successful login leaves, on
that browser, a signed cookie naming (by an HMAC, not in clear) up to five accounts that logged in there, valid 90
days, sent only to the login page. A login attempt carrying it for the account typed skips the account lock — the
per-(client, user name) and per-client limits still apply — so the official keeps logging in from the usual
browser during an attack; a new browser waits out the window. The cookie does not authenticate anything.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

from admin.seguridad import LimitadorIntentos
from domain.limites import Limitador

MAXIMO_FALLOS = 5
VENTANA_INGRESO = 15 * 60
POR_CLIENTE = 4
POR_CUENTA = 2

FabricaLimitador = Callable[[str, int, int], Limitador]
"""(name, maximum, window in seconds) → limiter."""


@dataclass(frozen=True)
class LimitesIngreso:
    par: Limitador
    cliente: Limitador
    cuenta: Limitador

    @classmethod
    def con(cls, fabrica: FabricaLimitador, *, maximo: int = MAXIMO_FALLOS,
            ventana: int = VENTANA_INGRESO) -> LimitesIngreso:
        return cls(fabrica("ingreso-par", maximo, ventana), fabrica("ingreso-cliente", POR_CLIENTE * maximo, ventana),
                   fabrica("ingreso-cuenta", POR_CUENTA * maximo, ventana))

    @classmethod
    def en_memoria(cls, *, maximo: int = MAXIMO_FALLOS, ventana: int = VENTANA_INGRESO) -> LimitesIngreso:
        """One process's limits (tests, tools); the application gets shared ones from the composition root."""
        return cls.con(lambda _nombre, m, v: LimitadorIntentos(m, v), maximo=maximo, ventana=ventana)

    def bloqueado(self, cliente: str, usuario: str, *, dispositivo_conocido: bool) -> bool:
        if self.par.bloqueado(_par(cliente, usuario)) or self.cliente.bloqueado(cliente):
            return True
        return not dispositivo_conocido and self.cuenta.bloqueado(_cuenta(usuario))

    def fallo(self, cliente: str, usuario: str) -> None:
        self.par.registrar(_par(cliente, usuario))
        self.cliente.registrar(cliente)
        self.cuenta.registrar(_cuenta(usuario))

    def exito(self, cliente: str, usuario: str) -> None:
        self.par.limpiar(_par(cliente, usuario))


def _par(cliente: str, usuario: str) -> str:
    return f"{cliente}|usuario:{usuario}"


def _cuenta(usuario: str) -> str:
    return f"usuario:{usuario}"


COOKIE_DISPOSITIVO = "ventanilla_dispositivo"
DURACION_DISPOSITIVO = 90 * 24 * 3600
MAXIMO_CUENTAS = 5


class Dispositivos:
    """The device cookie: signed (itsdangerous, with the session secret and its own salt), HttpOnly, SameSite=Strict,
    Secure in production, path = the login page."""

    def __init__(self, secret_key: str, *, ruta: str, seguro: bool) -> None:
        self._serie = URLSafeTimedSerializer(secret_key, salt="ventanilla.dispositivo")
        self._clave = hashlib.sha256(b"ventanilla.dispositivo|" + secret_key.encode()).digest()
        self.ruta, self.seguro = ruta, seguro

    def _huella(self, usuario: str) -> str:
        return hmac.new(self._clave, usuario.encode(), hashlib.sha256).hexdigest()[:24]

    def _huellas(self, valor: str | None) -> list[str]:
        if not valor:
            return []
        try:
            datos = self._serie.loads(valor, max_age=DURACION_DISPOSITIVO)
        except BadSignature:  # forged, expired or from another secret: no device
            return []
        return [h for h in datos if isinstance(h, str)][:MAXIMO_CUENTAS] if isinstance(datos, list) else []

    def conoce(self, valor: str | None, usuario: str) -> bool:
        return self._huella(usuario) in self._huellas(valor)

    def recordar(self, respuesta: Response, valor: str | None, usuario: str) -> None:
        huella = self._huella(usuario)
        huellas = [huella, *(h for h in self._huellas(valor) if h != huella)][:MAXIMO_CUENTAS]
        respuesta.set_cookie(COOKIE_DISPOSITIVO, self._serie.dumps(huellas), max_age=DURACION_DISPOSITIVO,
                             path=self.ruta, httponly=True, secure=self.seguro, samesite="strict")
