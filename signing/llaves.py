"""Signing keys per entidad: an ECDSA P-256 root CA and one or more signer certificates it issues.

Layout on disk (one folder per entidad code)::

    <directorio>/<ENTIDAD>/raiz.key.pem                 root private key (0600, optionally encrypted)
    <directorio>/<ENTIDAD>/raiz.crt.pem                 self-signed root certificate
    <directorio>/<ENTIDAD>/firmante.key.pem             first signer's private key (0600, optionally encrypted)
    <directorio>/<ENTIDAD>/firmante.crt.pem             first signer's certificate, issued by the root
    <directorio>/<ENTIDAD>/firmantes/<kid>.key.pem      signers added by rotations (same rules)
    <directorio>/<ENTIDAD>/firmantes/<kid>.crt.pem
    <directorio>/<ENTIDAD>/claves.json                  state of each signer (``estado_claves.py``), optional
    <directorio>/<ENTIDAD>/raices/<kid>.crt.pem         roots replaced by ``rotar_raiz`` (certificate only)
    <directorio>/<ENTIDAD>/.bloqueo                     lock held by whoever changes the folder
    <directorio>/<ENTIDAD>/.transaccion.json            journal of a change being applied (crash safety)

A root rotation (``rotar_raiz``) makes a new root and a signer under it and retires the active signers: what they
signed keeps verifying, because their old root stays a trust anchor (in ``raices/`` and in the trust list's
``raices_anteriores``) for as long as any signer it issued is kept.

A folder written before rotation existed (the first four files only) is one active signer allowed to sign any
kind of document. Signers are ES256 (P-256) or EdDSA (Ed25519). Private keys are only read for *active*
signers: a retired or compromised key is never used again, and its file may be destroyed.

Keys are read once (``cargar_llavero``) and kept as ``cryptography`` objects: parsing a PEM costs far more than
signing with it, so nothing is re-read per request. What *can* change while the server runs is the state of a
key (``ventanilla claves rotar`` / ``retirar`` in another process): a keyring loaded from a folder looks, at most
every ``intervalo_refresco`` seconds, whether the folder changed (a handful of ``stat`` calls) and reloads if so,
re-using the keys it already holds. A compromised key therefore stops signing and stops verifying within
seconds, without a restart.

Every change is written as one transaction (``transaccion_llaves.Transaccion``): after a crash, loading the folder
finishes a committed change from its journal, or discards the temporary files of an uncommitted one, so a
keyring always loads as the complete old state or the complete new one.

This module holds the keyring (``Llavero``, ``cargar_llavero``); reading a folder into a snapshot is in
``carga_llavero.py``, creating, rotating and retiring keys in ``rotacion_llaves.py`` and the on-disk helpers and
key types in ``carpeta_llaves.py``; the public names are re-exported here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography import x509

from domain.errores import ErrorDominio
from signing.carga_llavero import _cargar, _huella, _Instantanea, _instantanea, _Origen
from signing.carpeta_llaves import (
    _TIPOS_PUBLICOS,
    HOLGURA_RELOJ,
    ClavePublica,
    Firmante,
    FraseIncorrecta,
    FraseNecesaria,
    LlavePublica,
    LlavesInconsistentes,
    algoritmo_de,
)
from signing.certificados import (
    ARCHIVO_FIRMANTE_CERT,
    ARCHIVO_FIRMANTE_LLAVE,
    ARCHIVO_RAIZ_CERT,
    ARCHIVO_RAIZ_LLAVE,
    LONGITUD_KID,
    Algoritmo,
    calcular_kid,
)
from signing.estado_claves import EstadoClave, EstadoClavesInvalido
from signing.rotacion_llaves import (
    Rotacion,
    RotacionRaiz,
    generar_llaves_entidad,
    retirar_clave,
    rotar_firmante,
    rotar_raiz,
)

__all__ = [
    "ARCHIVO_FIRMANTE_CERT",
    "ARCHIVO_FIRMANTE_LLAVE",
    "ARCHIVO_RAIZ_CERT",
    "ARCHIVO_RAIZ_LLAVE",
    "HOLGURA_RELOJ",
    "LONGITUD_KID",
    "_TIPOS_PUBLICOS",
    "Algoritmo",
    "ClaveFirmaNoDisponible",
    "ClavePublica",
    "EstadoClave",
    "Firmante",
    "FraseIncorrecta",
    "FraseNecesaria",
    "LlavePublica",
    "Llavero",
    "LlavesInconsistentes",
    "Rotacion",
    "RotacionRaiz",
    "algoritmo_de",
    "calcular_kid",
    "cargar_llavero",
    "generar_llaves_entidad",
    "retirar_clave",
    "rotar_firmante",
    "rotar_raiz",
]

INTERVALO_REFRESCO = 2.0
"""Seconds between two looks at the key folder for state changes made by another process."""

_log = logging.getLogger(__name__)

class ClaveFirmaNoDisponible(ErrorDominio):
    """The entidad has no signing key loaded: a deployment problem, not a citizen's."""

    codigo = "CLAVE_FIRMA_NO_DISPONIBLE"


@dataclass
class _Refresco:
    origen: _Origen
    proxima: float = 0.0
    candado: threading.Lock = field(default_factory=threading.Lock)
    ultimo_error: str = ""


class Llavero:
    """Every entidad's keys, indexed by entidad code (to sign) and by kid (to verify)."""

    def __init__(
        self, firmantes: Iterable[Firmante] = (), claves: Iterable[ClavePublica] = (),
        raices: Mapping[str, x509.Certificate] | None = None,
        raices_anteriores: Mapping[str, tuple[x509.Certificate, ...]] | None = None,
    ) -> None:
        self._estado = _instantanea(firmantes, claves, raices or {}, (), raices_anteriores)
        self._refresco: _Refresco | None = None

    @classmethod
    def _desde(cls, estado: _Instantanea, origen: _Origen | None) -> Llavero:
        llavero = cls.__new__(cls)
        llavero._estado = estado
        llavero._refresco = None
        if origen is not None:
            llavero._refresco = _Refresco(origen, time.monotonic() + origen.intervalo)
        return llavero

    def entidades(self) -> tuple[str, ...]:
        """Codes of the entidades whose certificates are loaded (with or without private keys)."""
        return tuple(sorted(self._actual().raices))

    def firmante(self, entidad_codigo: str, tipo: str | None = None) -> Firmante:
        """The newest active signer of the entidad (allowed to sign ``tipo``, when given)."""
        activos = self._actual().firmantes.get(entidad_codigo, ())
        if not activos:
            raise ClaveFirmaNoDisponible(f"No hay llave de firma activa cargada para la entidad {entidad_codigo}.")
        for firmante in activos:
            if tipo is None or firmante.permite(tipo):
                return firmante
        raise ClaveFirmaNoDisponible(
            f"Ninguna llave activa de {entidad_codigo} está autorizada para firmar documentos de tipo {tipo}."
        )

    def clave_publica(self, kid: bytes) -> ClavePublica | None:
        return self._actual().claves.get(kid)

    def claves(self) -> tuple[ClavePublica, ...]:
        """Every known key (active, retired, compromised), by entidad then certificate date."""
        return tuple(sorted(
            self._actual().claves.values(),
            key=lambda c: (c.entidad_codigo, c.certificado.not_valid_before_utc, c.kid),
        ))

    def raiz(self, entidad_codigo: str) -> x509.Certificate | None:
        return self._actual().raices.get(entidad_codigo)

    def raices(self) -> tuple[x509.Certificate, ...]:
        """Trust anchors, e.g. for a PAdES validator: current roots and the replaced ones still in use."""
        estado = self._actual()
        return tuple(r for e in sorted(estado.raices) for r in (estado.raices[e], *estado.anteriores.get(e, ())))

    def raices_anteriores(self, entidad_codigo: str) -> tuple[x509.Certificate, ...]:
        """Roots replaced by a root rotation that still anchor one of the entidad's signers (the overlap)."""
        return self._actual().anteriores.get(entidad_codigo, ())

    def publico(self) -> Llavero:
        """The same keyring without any private key, safe to hand to verification code.

        A keyring loaded from a folder hands its folder on: the public one follows state changes too.
        """
        estado = self._actual()
        publico = _Instantanea({}, dict(estado.claves), dict(estado.raices), estado.huella, dict(estado.anteriores))
        origen = self._refresco.origen if self._refresco else None
        if origen is not None:
            origen = replace(origen, passphrase=None, solo_publico=True)
        return Llavero._desde(publico, origen)

    def refrescar(self) -> bool:
        """Reload if the key folder changed since the last load; returns whether it did.

        A failed reload (e.g. a file being written) keeps the current keys and is logged.
        """
        refresco = self._refresco
        if refresco is None or not refresco.candado.acquire(blocking=False):
            return False
        try:
            origen = refresco.origen
            if not origen.directorio.is_dir() and self._estado.claves:
                # An unmounted or removed folder must not wipe keys that are loaded and working.
                _log.warning("la carpeta de llaves %s no está disponible: se conservan las cargadas", origen.directorio)
                return False
            huella = _huella(origen.directorio)
            if huella == self._estado.huella:
                return False
            try:
                self._estado = _cargar(origen, previo=self._estado, estricto=False)
            except (LlavesInconsistentes, EstadoClavesInvalido, OSError, ValueError, TypeError) as exc:
                # Once per distinct problem: a key command writing the folder (or a broken folder) would
                # otherwise log the same error every interval until it is fixed.
                nivel = logging.DEBUG if str(exc) == refresco.ultimo_error else logging.ERROR
                refresco.ultimo_error = str(exc)
                _log.log(nivel, "no se pudo recargar el llavero de %s: %s", origen.directorio, exc)
                return False
            refresco.ultimo_error = ""
            _log.info("llavero recargado desde %s", origen.directorio)
            return True
        finally:
            refresco.proxima = time.monotonic() + refresco.origen.intervalo
            refresco.candado.release()

    def _actual(self) -> _Instantanea:
        refresco = self._refresco
        if refresco is not None and time.monotonic() >= refresco.proxima:
            self.refrescar()
        return self._estado


def cargar_llavero(
    directorio: Path,
    *,
    passphrase: bytes | None = None,
    solo_publico: bool = False,
    intervalo_refresco: float = INTERVALO_REFRESCO,
) -> Llavero:
    """Load every entidad folder under ``directorio`` once.

    With ``solo_publico`` only the certificates are read (private key files may be absent), which is what an
    offline verifier or the public verification page should use. Private keys are read for active signers
    only; an encrypted one without ``passphrase`` raises ``FraseNecesaria``, a wrong one ``FraseIncorrecta``.
    """
    origen = _Origen(Path(directorio), passphrase, solo_publico, intervalo_refresco)
    if not origen.directorio.is_dir():
        # An empty keyring is visible (readiness checks, ClaveFirmaNoDisponible) without crashing start-up.
        _log.warning("no existe la carpeta de llaves %s: llavero vacío", directorio)
        return Llavero._desde(_Instantanea({}, {}, {}, _huella(origen.directorio)), origen)
    return Llavero._desde(_cargar(origen, previo=None, estricto=True), origen)
