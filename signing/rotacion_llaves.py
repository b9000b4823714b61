"""Creating, rotating and retiring an entidad's keys on disk: ``generar_llaves_entidad`` (root and first signer),
``rotar_firmante`` (a new signer, the active ones retired), ``rotar_raiz`` (a new root and a signer under it; the
old root stays a trust anchor while it anchors a signer) and ``retirar_clave`` (retired or compromised).

Each one holds the folder's exclusive lock, first finishes (or discards) a change an earlier run left
interrupted, and writes everything it changes as one ``Transaccion`` (crash safety: ``carpeta_llaves.py``).

Re-exported by ``llaves.py``, the module callers import them from. Layout on disk: ``llaves.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from signing.carpeta_llaves import (
    HOLGURA_RELOJ,
    ClavePublica,
    LlavesInconsistentes,
    _cargar_llave_raiz,
    _cargar_raiz,
    _certificados_rotados,
    _clave_publica,
    _claves_de_carpeta,
    _par_existente,
    _raices_de,
    _union_tipos,
    _validar_codigo,
)
from signing.certificados import (
    ARCHIVO_FIRMANTE_CERT,
    ARCHIVO_FIRMANTE_LLAVE,
    ARCHIVO_RAIZ_CERT,
    ARCHIVO_RAIZ_LLAVE,
    CARPETA_FIRMANTES,
    CARPETA_RAICES,
    Algoritmo,
    calcular_kid,
    construir_firmante,
    construir_raiz,
    nombre_organizacion,
    nueva_llave,
)
from signing.estado_claves import (
    ARCHIVO_ESTADO,
    EstadoClave,
    MetadatosClave,
    leer_estado,
    normalizar_tipos,
)
from signing.transaccion_llaves import (
    Transaccion,
    bloqueo_exclusivo,
    pem_privado,
    pem_publico,
    recuperar,
    serializar_estado,
)

_PRIVADO = 0o600
_PUBLICO = 0o644


def generar_llaves_entidad(
    directorio: Path,
    entidad_codigo: str,
    entidad_nombre: str,
    *,
    passphrase: bytes | None = None,
    ahora: datetime | None = None,
    algoritmo: Algoritmo = Algoritmo.ES256,
    tipos: Iterable[str] | None = None,
) -> bool:
    """Create the entidad's root and first signer if absent; existing, complete material is kept untouched.

    Returns whether anything was created (files land in ``directorio/entidad_codigo``, all in one transaction).
    Raises ``LlavesInconsistentes`` if only half of a key/certificate pair exists. ``tipos`` restricts the
    document kinds the new signer may sign (default: any).
    """
    _validar_codigo(entidad_codigo)
    tipos_normalizados = normalizar_tipos(tipos)
    carpeta = Path(directorio) / entidad_codigo
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    instante = (ahora or datetime.now(UTC)) - HOLGURA_RELOJ
    with bloqueo_exclusivo(carpeta):
        recuperar(carpeta)
        hay_raiz = _par_existente(carpeta / ARCHIVO_RAIZ_LLAVE, carpeta / ARCHIVO_RAIZ_CERT)
        hay_firmante = _par_existente(carpeta / ARCHIVO_FIRMANTE_LLAVE, carpeta / ARCHIVO_FIRMANTE_CERT) or bool(
            _certificados_rotados(carpeta)
        )
        if hay_raiz and hay_firmante:
            return False  # nothing to do, and no private key is even read (it may be encrypted)
        if hay_firmante:
            raise LlavesInconsistentes(f"{carpeta}: hay firmante pero no raíz; no se puede rehacer la cadena.")
        with Transaccion(carpeta, "generar") as tx:
            # Renamed in this order: root, state, signer key, signer certificate (the certificate makes it live).
            if hay_raiz:
                raiz_llave = _cargar_llave_raiz(carpeta, passphrase)
                raiz_cert = _cargar_raiz(carpeta)
            else:
                raiz_llave = ec.generate_private_key(ec.SECP256R1())
                raiz_cert = construir_raiz(raiz_llave, entidad_codigo, entidad_nombre, instante)
                tx.escribir(ARCHIVO_RAIZ_LLAVE, pem_privado(raiz_llave, passphrase), _PRIVADO)
                tx.escribir(ARCHIVO_RAIZ_CERT, pem_publico(raiz_cert), _PUBLICO)
            llave = nueva_llave(algoritmo)
            cert = construir_firmante(
                llave.public_key(), entidad_codigo, entidad_nombre, raiz_llave, raiz_cert, instante
            )
            if tipos_normalizados is not None:
                estados = leer_estado(carpeta)
                estados[calcular_kid(cert).hex()] = MetadatosClave(tipos=tipos_normalizados)
                tx.escribir(ARCHIVO_ESTADO, serializar_estado(estados), _PUBLICO)
            tx.escribir(ARCHIVO_FIRMANTE_LLAVE, pem_privado(llave, passphrase), _PRIVADO)
            tx.escribir(ARCHIVO_FIRMANTE_CERT, pem_publico(cert), _PUBLICO)
    return True


@dataclass(frozen=True)
class Rotacion:
    entidad_codigo: str
    nuevo: ClavePublica
    retiradas: tuple[str, ...]
    """Kids (hex) that were active and are now retired."""


def rotar_firmante(
    directorio: Path,
    entidad_codigo: str,
    *,
    passphrase: bytes | None = None,
    ahora: datetime | None = None,
    algoritmo: Algoritmo | None = None,
    tipos: Iterable[str] | None = None,
) -> Rotacion:
    """Issue a new signer with the entidad's root and retire every active one (overlap: they still verify).

    The new signer inherits the algorithm of the newest active one and the union of the active ones' document
    kinds, unless ``algoritmo`` / ``tipos`` say otherwise. Needs the root's private key. The new files and the
    state change are one transaction.
    """
    _validar_codigo(entidad_codigo)
    carpeta = _carpeta_existente(directorio, entidad_codigo)
    instante = ahora or datetime.now(UTC)
    with bloqueo_exclusivo(carpeta):
        recuperar(carpeta)
        raiz_cert = _cargar_raiz(carpeta)
        raiz_llave = _cargar_llave_raiz(carpeta, passphrase)
        with Transaccion(carpeta, "rotar") as tx:
            return _nuevo_firmante(
                tx, carpeta, entidad_codigo, raiz_llave, raiz_cert, _raices_de(carpeta), instante,
                passphrase=passphrase, algoritmo=algoritmo, tipos=tipos,
            )


def _nuevo_firmante(
    tx: Transaccion, carpeta: Path, entidad_codigo: str, raiz_llave: ec.EllipticCurvePrivateKey,
    raiz_cert: x509.Certificate, raices: tuple[x509.Certificate, ...], instante: datetime, *,
    passphrase: bytes | None, algoritmo: Algoritmo | None, tipos: Iterable[str] | None,
) -> Rotacion:
    """Stage a signer issued by ``raiz_cert`` and the retirement of the active ones (``raices``: the roots
    the folder's current signers chain to)."""
    activas = [c for c in _claves_de_carpeta(carpeta, raices) if c.estado is EstadoClave.ACTIVA]
    if algoritmo is None:
        algoritmo = activas[0].algoritmo if activas else Algoritmo.ES256
    nuevos_tipos = normalizar_tipos(tipos) if tipos is not None else _union_tipos(activas)
    nombre = nombre_organizacion(raiz_cert) or entidad_codigo
    llave = nueva_llave(algoritmo)
    cert = construir_firmante(
        llave.public_key(), entidad_codigo, nombre, raiz_llave, raiz_cert, instante - HOLGURA_RELOJ
    )
    kid = calcular_kid(cert)
    estados = leer_estado(carpeta)
    for clave in activas:
        previo = estados.get(clave.kid.hex(), MetadatosClave(tipos=clave.tipos))
        estados[clave.kid.hex()] = previo.retirar(instante, comprometida=False, motivo="rotación")
    estados[kid.hex()] = MetadatosClave(tipos=nuevos_tipos)
    # The state first: a reader that ignores the journal never sees the new key allowed more than it should be.
    tx.escribir(ARCHIVO_ESTADO, serializar_estado(estados), _PUBLICO)
    tx.escribir(f"{CARPETA_FIRMANTES}/{kid.hex()}.key.pem", pem_privado(llave, passphrase), _PRIVADO)
    tx.escribir(f"{CARPETA_FIRMANTES}/{kid.hex()}.crt.pem", pem_publico(cert), _PUBLICO)
    nuevo = _clave_publica(entidad_codigo, cert, MetadatosClave(tipos=nuevos_tipos))
    return Rotacion(entidad_codigo, nuevo, tuple(c.kid.hex() for c in activas))


def _carpeta_existente(directorio: Path, entidad_codigo: str) -> Path:
    carpeta = Path(directorio) / entidad_codigo
    if not (carpeta / ARCHIVO_RAIZ_CERT).exists():
        raise LlavesInconsistentes(f"La entidad {entidad_codigo} no tiene claves en {directorio}: use 'generar'.")
    return carpeta


@dataclass(frozen=True)
class RotacionRaiz:
    entidad_codigo: str
    raiz_anterior: x509.Certificate
    raiz_nueva: x509.Certificate
    firmante: Rotacion
    """The signer issued under the new root, and the signers it retired."""


def rotar_raiz(
    directorio: Path,
    entidad_codigo: str,
    *,
    passphrase: bytes | None = None,
    ahora: datetime | None = None,
    algoritmo: Algoritmo | None = None,
    tipos: Iterable[str] | None = None,
) -> RotacionRaiz:
    """Replace the entidad's root: a new root key and certificate, then a new signer under it (``rotar_firmante``).

    The old root certificate moves to ``raices/<kid>.crt.pem`` and stays a trust anchor while a signer it issued
    is kept (overlap: documents signed by the retired signers keep verifying); its private key is replaced by
    the new one, since nothing may be issued under it any more. Needs the current root's private key. The whole
    rotation (both roots, the new signer, the state) is one transaction: after a crash the folder is the old
    state or, once the next run or load finishes the journal, the new one (``carpeta_llaves``).
    """
    _validar_codigo(entidad_codigo)
    carpeta = _carpeta_existente(directorio, entidad_codigo)
    instante = ahora or datetime.now(UTC)
    with bloqueo_exclusivo(carpeta):
        recuperar(carpeta)
        anterior = _cargar_raiz(carpeta)
        _cargar_llave_raiz(carpeta, passphrase)  # proves the operator holds the root before anything changes
        raices = _raices_de(carpeta)
        _claves_de_carpeta(carpeta, raices)  # refuse to rotate an inconsistent folder
        nombre = nombre_organizacion(anterior) or entidad_codigo
        llave = ec.generate_private_key(ec.SECP256R1())
        nueva = construir_raiz(llave, entidad_codigo, nombre, instante - HOLGURA_RELOJ)
        with Transaccion(carpeta, "rotar-raiz") as tx:
            # Renamed in this order: the old root's certificate to raices/ (every signer keeps a root it chains
            # to), the new root's key and certificate, the state, then the new signer. The old root's key is
            # replaced, never kept: nothing may be issued under it any more.
            tx.escribir(f"{CARPETA_RAICES}/{calcular_kid(anterior).hex()}.crt.pem", pem_publico(anterior), _PUBLICO)
            tx.escribir(ARCHIVO_RAIZ_LLAVE, pem_privado(llave, passphrase), _PRIVADO)
            tx.escribir(ARCHIVO_RAIZ_CERT, pem_publico(nueva), _PUBLICO)
            rotacion = _nuevo_firmante(
                tx, carpeta, entidad_codigo, llave, nueva, raices, instante,
                passphrase=passphrase, algoritmo=algoritmo, tipos=tipos,
            )
    return RotacionRaiz(entidad_codigo, anterior, nueva, rotacion)


def retirar_clave(
    directorio: Path,
    entidad_codigo: str,
    kid_hex: str,
    *,
    comprometida: bool,
    ahora: datetime | None = None,
    motivo: str | None = None,
) -> ClavePublica:
    """Retire a signer (it stops signing; what it signed still verifies) or withdraw it as compromised (nothing
    it signed is trustworthy any more). A retired key may later be declared compromised; not the reverse."""
    _validar_codigo(entidad_codigo)
    carpeta = _carpeta_existente(directorio, entidad_codigo)
    with bloqueo_exclusivo(carpeta):
        recuperar(carpeta)
        return _retirar(carpeta, entidad_codigo, kid_hex, comprometida=comprometida, ahora=ahora, motivo=motivo)


def _retirar(
    carpeta: Path, entidad_codigo: str, kid_hex: str, *, comprometida: bool, ahora: datetime | None,
    motivo: str | None,
) -> ClavePublica:
    kid_hex = kid_hex.strip().lower()
    claves = {c.kid.hex(): c for c in _claves_de_carpeta(carpeta, _raices_de(carpeta))}
    clave = claves.get(kid_hex)
    if clave is None:
        raise LlavesInconsistentes(f"La entidad {entidad_codigo} no tiene una clave con kid {kid_hex}.")
    if clave.estado is EstadoClave.COMPROMETIDA:
        raise LlavesInconsistentes(f"La clave {kid_hex} ya fue retirada por compromiso.")
    if clave.estado is EstadoClave.RETIRADA and not comprometida:
        raise LlavesInconsistentes(f"La clave {kid_hex} ya está retirada.")
    estados = leer_estado(carpeta)
    previo = estados.get(kid_hex, MetadatosClave(tipos=clave.tipos))
    nuevo = previo.retirar(
        ahora or datetime.now(UTC), comprometida=comprometida,
        motivo=motivo or ("compromiso" if comprometida else "retiro"),
    )
    estados[kid_hex] = nuevo
    with Transaccion(carpeta, "retirar") as tx:
        tx.escribir(ARCHIVO_ESTADO, serializar_estado(estados), _PUBLICO)
    return replace(clave, estado=nuevo.estado, retirada_en=nuevo.retirada_en)

