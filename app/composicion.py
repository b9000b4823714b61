"""Wiring: settings -> engine -> unit of work -> file store -> keys -> use-case context. Built once per process."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from app.config import Settings
from domain.casos_uso import Contexto
from domain.contrasenas import parametros_contrasenas
from domain.eregistro import LimitadorConsultas
from domain.limites import AlmacenContadores
from domain.motor.catalogo import CatalogoTramites
from persistence import (
    AlmacenLocal,
    ContadoresSQL,
    EstadisticasSQL,
    FabricaUnidadDeTrabajoSQL,
    crear_motor,
    esta_disponible,
)
from persistence.inspeccion_archivos import InspectorContenido
from persistence.lectura import LecturaDocumentosSQL, crear_motor_lectura
from persistence.limitador_consultas import limitador_eregistro_sql
from persistence.registros_externos import RegistrosExternosSQL
from signing.contrasena_pdf import EmisorContrasenasFirmadas
from signing.emisor import EmisorFirmado
from signing.llaves import Llavero, cargar_llavero, generar_llaves_entidad
from signing.memoria import VerificadorConMemoria
from signing.verificacion import VerificadorFirmas


class RelojSistema:
    def ahora(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class Sistema:
    settings: Settings
    motor: Engine
    llavero: Llavero
    contexto: Contexto
    limitador_eregistro: LimitadorConsultas
    """Blocks of the public e-Register lookup, read from the audit log: shared by workers, kept across restarts."""
    contadores: AlmacenContadores
    """The login and public-page limiters' counters: Redis when VENTANILLA_REDIS_URL names one, else the database."""

    def listo(self) -> dict[str, str]:
        """Readiness checks: each check name -> 'ok' or the error."""
        estado = {"base_de_datos": "ok" if esta_disponible(self.motor) else "no disponible"}
        estado["claves_firma"] = "ok" if self.llavero.entidades() else "sin claves"
        if self.settings.redis_url:
            estado["redis"] = "ok" if self.contadores.disponible() else "no disponible"
        return estado


def asegurar_claves(settings: Settings, catalogo: CatalogoTramites) -> list[str]:
    """Generate (if absent, outside git) the signing keys of every entidad whose trámites issue documents."""
    creadas = []
    for tramite in catalogo.todos():
        entidad = tramite.entidad
        if tramite.documento_resultado is None or entidad.codigo in creadas:
            continue
        if generar_llaves_entidad(settings.claves, entidad.codigo, entidad.nombre):
            creadas.append(entidad.codigo)
    # The Registraduría signs the contraseñas (seed 002 §15.4), which are not catálogo trámites.
    rnec = parametros_contrasenas()
    if rnec.entidad not in creadas and generar_llaves_entidad(settings.claves, rnec.entidad, rnec.entidad_nombre):
        creadas.append(rnec.entidad)
    return creadas


def clave_sesion(settings: Settings) -> str:
    if settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value()
    if settings.produccion:
        raise RuntimeError("VENTANILLA_SECRET_KEY es obligatoria en producción.")
    archivo = settings.directorio_datos / "secret_key"
    if not archivo.exists():
        archivo.parent.mkdir(parents=True, exist_ok=True)
        archivo.write_text(secrets.token_urlsafe(48))
        archivo.chmod(0o600)
    return archivo.read_text().strip()


def construir(settings: Settings, *, reloj: object | None = None) -> Sistema:
    settings.directorio_datos.mkdir(parents=True, exist_ok=True)
    motor = crear_motor(settings.url_base_datos)
    tramites = CatalogoTramites.cargar()  # an invalid catálogo stops start-up, naming each file and line
    frase = settings.frase_claves.get_secret_value().encode() if settings.frase_claves else None
    llavero = cargar_llavero(Path(settings.claves), passphrase=frase)
    contexto = Contexto(
        uow=FabricaUnidadDeTrabajoSQL.desde_motor(motor),
        almacen=AlmacenLocal(settings.archivos),
        reloj=reloj or RelojSistema(),  # type: ignore[arg-type]
        tramites=tramites,
        emisor=EmisorFirmado(llavero, settings.url_publica),
        verificador=_verificador(llavero, settings.url_publica),
        contrasenas=EmisorContrasenasFirmadas(llavero, settings.url_publica),
        lectura=LecturaDocumentosSQL(crear_motor_lectura(settings.url_base_datos) or motor),
        inspector=InspectorContenido(settings.max_pixeles_imagen),
        registros=RegistrosExternosSQL(motor),
        estadisticas=EstadisticasSQL(motor),
    )
    return Sistema(settings, motor, llavero, contexto, limitador_eregistro_sql(motor, contexto.reloj),
                   _contadores(settings, motor))


def _contadores(settings: Settings, motor: Engine) -> AlmacenContadores:
    if settings.redis_url:
        from persistence.contadores_redis import ContadoresRedis

        return ContadoresRedis.desde_url(settings.redis_url, prefijo=settings.redis_prefijo)
    return ContadoresSQL(motor)


def contexto_de_datos(settings: Settings) -> Contexto:
    """For console commands that only read and write data (``ventanilla aliados``): no signing keys are loaded, so
    nothing is signed or verified through it."""
    settings.directorio_datos.mkdir(parents=True, exist_ok=True)
    vacio = Llavero()
    motor = crear_motor(settings.url_base_datos)
    return Contexto(
        uow=FabricaUnidadDeTrabajoSQL.desde_motor(motor),
        almacen=AlmacenLocal(settings.archivos), reloj=RelojSistema(), tramites=CatalogoTramites.cargar(),
        emisor=EmisorFirmado(vacio, settings.url_publica), verificador=_verificador(vacio, settings.url_publica),
        inspector=InspectorContenido(settings.max_pixeles_imagen), registros=RegistrosExternosSQL(motor),
    )


def _verificador(llavero: Llavero, url_publica: str) -> VerificadorConMemoria:
    # One public keyring for both: the memo compares key objects by identity with what the verifier used.
    # A pasted full URL must carry this deployment's own base (docs/firma.md §1.1); the /V/1/ route passes only
    # the payload, since the request already reached this base.
    publico = llavero.publico()
    return VerificadorConMemoria(VerificadorFirmas(publico, url_base=url_publica), publico)
