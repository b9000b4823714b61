"""Partner systems and their credentials: create, list, rotate and revoke (CLI and admin), authenticate (API).

A credential is ``vnt_`` + 256 random bits, shown once to whoever creates or rotates it; only its SHA-256 and its
first characters (to tell credentials apart in a listing) are stored. Partners are platform-wide, not of an entidad:
any active coordinador may manage them from the admin, and the platform operator from the console
(``ventanilla aliados``). Every change is audited as a platform-wide entry (entidad None). See docs/aliados.md.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable

from domain.alcances import validar_alcances
from domain.auditoria import EventoAuditoria
from domain.casos_uso import Contexto
from domain.errores import DatoInvalido, NoAutorizado, NoEncontrado, TransicionInvalida
from domain.personas import Rol, SistemaAliado, normalizar_nombre
from domain.puertos import UnidadDeTrabajo

PREFIJO = "vnt_"
LARGO_PREFIJO_VISIBLE = len(PREFIJO) + 4  # 24 of 256 bits: tells credentials apart, useless to an attacker
LARGO_NOMBRE = 200
ACTOR_CONSOLA = "sistema:consola"
ACCION_CREAR = "aliado.crear"
ACCION_ROTAR = "aliado.rotar"
ACCION_REVOCAR = "aliado.revocar"
SOLO_COORDINADOR = "Solo un coordinador puede administrar los sistemas aliados."


def hash_credencial(credencial: str) -> str:
    # Credentials are 256-bit random tokens, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(credencial.encode()).hexdigest()


def _nueva_credencial() -> str:
    return PREFIJO + secrets.token_urlsafe(32)


def _operador(uow: UnidadDeTrabajo, funcionario_id: uuid.UUID | None) -> str:
    """The audit actor; None is the platform operator at the console, an official must be an active coordinador."""
    if funcionario_id is None:
        return ACTOR_CONSOLA
    funcionario = uow.funcionarios.obtener(funcionario_id)
    if funcionario is None or not funcionario.activo or funcionario.rol is not Rol.COORDINADOR:
        raise NoAutorizado(SOLO_COORDINADOR)
    return f"funcionario:{funcionario.usuario}"


def _auditar(uow: UnidadDeTrabajo, ctx: Contexto, actor: str, accion: str, aliado: SistemaAliado,
             detalle: str) -> None:
    uow.auditoria.registrar(EventoAuditoria.nuevo(ctx.reloj.ahora(), actor, accion, f"aliado:{aliado.id}", None,
                                                  f"{aliado.nombre}: {detalle}"))


def _nombre_valido(nombre: str, existentes: Iterable[SistemaAliado]) -> str:
    limpio = " ".join(nombre.split())
    if not limpio:
        raise DatoInvalido("El nombre del sistema aliado es obligatorio.", campo="nombre")
    if len(limpio) > LARGO_NOMBRE:
        raise DatoInvalido(f"El nombre admite máximo {LARGO_NOMBRE} caracteres.", campo="nombre")
    if any(normalizar_nombre(a.nombre) == normalizar_nombre(limpio) for a in existentes):
        raise DatoInvalido(f"Ya existe un sistema aliado llamado «{limpio}».", campo="nombre")
    return limpio


def crear_aliado(
    nombre: str, alcances: Iterable[str], ctx: Contexto, credencial: str | None = None, *,
    funcionario_id: uuid.UUID | None = None,
) -> tuple[SistemaAliado, str]:
    """Register a partner system; the clear credential is returned once and only its hash is stored.

    ``credencial`` lets tests and the demo fix it; ``funcionario_id`` is the coordinador acting from the admin."""
    credencial = credencial or _nueva_credencial()
    with ctx.uow() as uow:
        actor = _operador(uow, funcionario_id)
        aliado = SistemaAliado(
            uuid.uuid4(), _nombre_valido(nombre, uow.aliados.listar()), hash_credencial(credencial),
            validar_alcances(alcances), prefijo_credencial=credencial[:LARGO_PREFIJO_VISIBLE],
            creado_en=ctx.reloj.ahora(),
        )
        uow.aliados.agregar(aliado)
        _auditar(uow, ctx, actor, ACCION_CREAR, aliado, f"creado con los alcances {', '.join(sorted(aliado.alcances))}"
                 f"; credencial {aliado.prefijo_credencial}…")
        uow.commit()
    return aliado, credencial


def listar_aliados(ctx: Contexto, funcionario_id: uuid.UUID | None = None) -> list[SistemaAliado]:
    with ctx.uow() as uow:
        _operador(uow, funcionario_id)
        return uow.aliados.listar()


def _buscar(uow: UnidadDeTrabajo, referencia: str | uuid.UUID) -> SistemaAliado:
    """By id, or by name (accents, case and spaces ignored); a name two partners share must be given as the id."""
    texto = str(referencia).strip()
    try:
        aliado = uow.aliados.obtener(uuid.UUID(texto))
    except ValueError:
        aliado = None
    if aliado is not None:
        return aliado
    por_nombre = [a for a in uow.aliados.listar() if normalizar_nombre(a.nombre) == normalizar_nombre(texto)]
    if len(por_nombre) > 1:
        raise DatoInvalido(f"Hay varios sistemas aliados llamados «{texto}»: indique su id.", campo="aliado")
    if not por_nombre:
        raise NoEncontrado(f"No existe un sistema aliado «{texto[:LARGO_NOMBRE]}».", campo="aliado")
    return por_nombre[0]


def rotar_credencial(referencia: str | uuid.UUID, ctx: Contexto, *,
                     funcionario_id: uuid.UUID | None = None) -> tuple[SistemaAliado, str]:
    """A new credential for the partner (shown once); the old one stops working with this commit."""
    credencial = _nueva_credencial()
    with ctx.uow() as uow:
        actor = _operador(uow, funcionario_id)
        aliado = _buscar(uow, referencia)
        if not aliado.activo:
            raise TransicionInvalida(f"El sistema aliado «{aliado.nombre}» está revocado: cree uno nuevo.")
        anterior = aliado.prefijo_credencial
        aliado.hash_credencial = hash_credencial(credencial)
        aliado.prefijo_credencial = credencial[:LARGO_PREFIJO_VISIBLE]
        aliado.rotado_en = ctx.reloj.ahora()
        uow.aliados.guardar(aliado)
        _auditar(uow, ctx, actor, ACCION_ROTAR, aliado,
                 f"credencial {anterior or 'anterior'}… reemplazada por {aliado.prefijo_credencial}…")
        uow.commit()
    return aliado, credencial


def revocar_aliado(referencia: str | uuid.UUID, ctx: Contexto, *,
                   funcionario_id: uuid.UUID | None = None) -> SistemaAliado:
    """For good: the credential stops working with this commit. What the partner filed stays (officials see it)."""
    with ctx.uow() as uow:
        actor = _operador(uow, funcionario_id)
        aliado = _buscar(uow, referencia)
        if not aliado.activo:
            raise TransicionInvalida(f"El sistema aliado «{aliado.nombre}» ya estaba revocado.")
        aliado.activo = False
        aliado.revocado_en = ctx.reloj.ahora()
        uow.aliados.guardar(aliado)
        _auditar(uow, ctx, actor, ACCION_REVOCAR, aliado, f"credencial {aliado.prefijo_credencial}… revocada")
        uow.commit()
    return aliado


def autenticar_aliado(credencial: str, ctx: Contexto) -> SistemaAliado | None:
    with ctx.uow() as uow:
        aliado = uow.aliados.por_hash(hash_credencial(credencial))
    return aliado if aliado is not None and aliado.activo else None


def obtener_aliado(aliado_id: uuid.UUID, ctx: Contexto) -> SistemaAliado | None:
    with ctx.uow() as uow:
        return uow.aliados.obtener(aliado_id)


def actividad_plataforma(ctx: Contexto, funcionario_id: uuid.UUID | None = None,
                         limite: int = 20) -> list[EventoAuditoria]:
    """The latest platform-wide audit entries (credentials created, rotated, revoked; persona links), newest first."""
    with ctx.uow() as uow:
        _operador(uow, funcionario_id)
        return uow.auditoria.listar(solo_plataforma=True, limite=limite)
