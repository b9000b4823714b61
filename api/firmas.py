"""GraphQL face of the registro de firmas and the certificación de firma con fines de apostilla (seed 002 §6-7).

For partner systems holding the scope ``apostilla`` (e.g. Cancillería's apostille system):

- ``certificacionFirma(numero, fecha)`` — the e-Register lookup, through the same use case as the public page
  ``/verificar-certificacion``: every lookup is audited, failures are counted per partner (``aliado:<id>``) and
  a partner is blocked for a day after repeated failures (``ErrorConsultaBloqueada``);
- ``firmasRegistradas`` / ``firmaRegistrada(id)`` — the registro, without the specimen (privacy).

There is deliberately no mutation to issue a certificación: §7.3 requires an RNEC official to inspect the recaudo
sticker on the physical record at the counter (admin). Errors are data (named unions), mapped centrally.
"""

from __future__ import annotations

import base64
import binascii
import threading
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool

from api.alcances import alcance
from api.contexto import Info
from api.enumeraciones import EstadoDocumento
from api.errores import Error, ErrorNoAutorizado, ErrorNoEncontrado, ErrorValidacion
from api.ids import decodificar, id_global
from api.tipos import InfoPagina
from domain import firmas as dominio_firmas
from domain.alcances import APOSTILLA
from domain.casos_uso import Contexto
from domain.casos_uso import firmas_consultas as uc
from domain.casos_uso.firmas import ConsultaBloqueada, ResultadoConsulta
from domain.documentos import EstadoDocumento as EstadoDominio
from domain.eregistro import LimitadorConsultas
from domain.errores import DatoInvalido, NoAutorizado, NoEncontrado
from domain.reloj import hoy_en_colombia
from domain.textos import tiene_controles

FIRMA = "FirmaRegistrada"
_PREFIJO_CURSOR = "firmas:v1|"
_P = dominio_firmas.parametros_certificacion()
_REGLA = (f"tras {_P.fallos_maximos} consultas fallidas en {_P.ventana_minutos} minutos el aliado queda bloqueado "
          f"{_P.bloqueo_horas} horas")
NO_ENCONTRADA = ("No existe una certificación de firma con ese número y esa fecha de expedición. Revise ambos datos: "
                 f"tras varios intentos fallidos este sistema aliado quedará bloqueado durante {_P.bloqueo_horas} "
                 "horas.")
NOTA_SIN_EMISION = (
    "La API no emite certificaciones de firma: según la Circular Única RNEC 2021, §7.3, un "
    "funcionario de la Registraduría debe verificar en ventanilla la estampilla de recaudo del registro civil, así "
    "que la certificación solo se expide desde la administración. Exige el alcance `apostilla`."
)


# -- the e-Register limiter: one per schema (one per ``crear_api`` app), shared by every request ----------------
class LimitadorPorEsquema:
    """Holds the schema's e-Register limiter, built on first use on the context's clock unless one was given."""

    def __init__(self, limitador: LimitadorConsultas | None = None) -> None:
        self._limitador = limitador
        self._candado = threading.Lock()

    def para(self, ctx: Contexto) -> LimitadorConsultas:
        with self._candado:
            if self._limitador is None:
                self._limitador = uc.limitador_por_defecto(ctx.reloj)
            return self._limitador


ATRIBUTO_LIMITADOR = "limitador_certificaciones"
"""Attribute of the strawberry schema (``api.esquema``) holding its ``LimitadorPorEsquema``."""


def _limitador(info: Info) -> LimitadorConsultas:
    proveedor = getattr(info.schema, ATRIBUTO_LIMITADOR, None)
    if not isinstance(proveedor, LimitadorPorEsquema):
        raise RuntimeError("El esquema no tiene limitador de consultas del e-Register (use api.esquema).")
    return proveedor.para(info.context.ctx)


# -- types -------------------------------------------------------------------------------------------------------
@strawberry.type(description="Certificación de firma con fines de apostilla encontrada en el e-Register: datos "
                 "mínimos del firmante y estado del documento.")
class CertificacionFirmaEncontrada:
    numero: str = strawberry.field(description="Número de la certificación (p. ej. `CF-2026-000001`).")
    fecha_expedicion: date = strawberry.field(description="Fecha de expedición de la certificación.")
    firmante: str = strawberry.field(description="Nombre del funcionario cuya firma se certificó.")
    cargo: str = strawberry.field(description="Cargo del firmante (calidad en que actuó).")
    entidad: str = strawberry.field(description="Entidad donde sirve el firmante.")
    sello: str = strawberry.field(description="Sello o timbre que acompaña la firma.")
    tipo: str = strawberry.field(description="Clase de certificación y de registro civil certificado.")
    estado: EstadoDocumento = strawberry.field(description="Estado hoy del documento de certificación.")
    vigente: bool = strawberry.field(description="Verdadero solo si la certificación está vigente (no revocada, "
                                     "suspendida ni vencida).")

    @classmethod
    def desde(cls, r: ResultadoConsulta) -> CertificacionFirmaEncontrada:
        estado = EstadoDominio(r.estado)
        return cls(numero=r.numero, fecha_expedicion=r.fecha, firmante=r.firmante, cargo=r.cargo, entidad=r.entidad,
                   sello=r.sello, tipo=r.tipo, estado=EstadoDocumento[estado.name],
                   vigente=estado is EstadoDominio.VIGENTE)


@strawberry.type(description="Demasiadas consultas fallidas del e-Register desde este sistema aliado: queda "
                 "bloqueado un tiempo (protección contra la pesca de números).")
class ErrorConsultaBloqueada(Error):
    bloqueada_hasta: datetime | None = strawberry.field(description="Instante (UTC) en que termina el bloqueo.")


@strawberry.type(name="FirmaRegistrada", description="Firma de un funcionario inscrita en el registro de firmas de "
                 "la Registraduría (Circular Única RNEC 2021, §6). No incluye el espécimen de la firma (privacidad).")
class FirmaRegistradaTipo:
    id: strawberry.ID = strawberry.field(description="ID global de la firma registrada.")
    funcionario: str = strawberry.field(description="Nombre del funcionario.")
    entidad: str = strawberry.field(description="Entidad donde sirve (registraduría, notaría, consulado).")
    cargo: str = strawberry.field(description="Cargo.")
    resolucion_nombramiento: str = strawberry.field(description="Acto de nombramiento.")
    fecha_posesion: date = strawberry.field(description="Fecha de posesión en el cargo.")
    fecha_retiro: date | None = strawberry.field(description="Fecha de retiro; nula si sigue en el cargo.")
    huella_certificado: str = strawberry.field(description="SHA-256 (hexadecimal) del certificado de firma "
                                               "digital del funcionario.")
    dominio: strawberry.Private[dominio_firmas.FirmaRegistrada]

    @classmethod
    def desde(cls, f: dominio_firmas.FirmaRegistrada) -> FirmaRegistradaTipo:
        return cls(id=strawberry.ID(id_global(FIRMA, f.id)), funcionario=f.nombre, entidad=f.entidad, cargo=f.cargo,
                   resolucion_nombramiento=f.resolucion_nombramiento, fecha_posesion=f.fecha_posesion,
                   fecha_retiro=f.fecha_retiro, huella_certificado=f.huella_certificado, dominio=f)

    @strawberry.field(description="¿Registrada y en el cargo en esa fecha (de la posesión al retiro, ambos "
                      "incluidos)? Sin fecha, hoy en Colombia.")
    def activa_en(self, info: Info, fecha: date | None = None) -> bool:
        return self.dominio.activa_en(fecha or hoy_en_colombia(info.context.ctx.reloj))


@strawberry.type(name="FirmaRegistradaEdge", description="Una firma registrada dentro de una página, con su cursor.")
class AristaFirma:
    cursor: str = strawberry.field(description="Cursor opaco de esta firma.")
    node: FirmaRegistradaTipo = strawberry.field(description="La firma registrada.")


@strawberry.type(name="FirmaRegistradaConnection", description="Página del registro de firmas, por nombre del "
                 "funcionario, paginada por cursor (máximo 100).")
class ConexionFirmas:
    page_info: InfoPagina = strawberry.field(description="Información para pedir la página siguiente.")
    edges: list[AristaFirma] = strawberry.field(description="Las firmas de esta página, en orden.")


CertificacionFirmaResultado = Annotated[
    CertificacionFirmaEncontrada | ErrorValidacion | ErrorNoEncontrado | ErrorConsultaBloqueada | ErrorNoAutorizado,
    strawberry.union("CertificacionFirmaResultado", description="Resultado de consultar una certificación de firma."),
]
FirmasRegistradasResultado = Annotated[
    ConexionFirmas | ErrorValidacion | ErrorNoAutorizado,
    strawberry.union("FirmasRegistradasResultado", description="Página del registro de firmas, o el error."),
]
FirmaRegistradaResultado = Annotated[
    FirmaRegistradaTipo | ErrorValidacion | ErrorNoEncontrado | ErrorNoAutorizado,
    strawberry.union("FirmaRegistradaResultado", description="Una firma registrada, o el error."),
]


# -- errors: ConsultaBloqueada is a NoAutorizado, so this handler must come before the central ones -------------
class _ConsultaBloqueada(strawberry.ExceptionHandler[ConsultaBloqueada, ErrorConsultaBloqueada]):
    def handle(self, exception: ConsultaBloqueada, *, field: Any, info: Any) -> ErrorConsultaBloqueada:
        hasta = None
        aliado = info.context.aliado
        if aliado is not None:
            fin = _limitador(info).bloqueada_hasta(uc.clave_limitador(aliado))
            hasta = fin.astimezone(UTC) if fin is not None else None
        return ErrorConsultaBloqueada(mensaje=exception.mensaje, codigo=exception.codigo, bloqueada_hasta=hasta)


MANEJADORES_FIRMAS: tuple[strawberry.ExceptionHandler[Any, Any], ...] = (_ConsultaBloqueada(),)


# -- cursors and ids ------------------------------------------------------------------------------------------------
def _cursor(f: dominio_firmas.FirmaRegistrada) -> str:
    texto = f"{_PREFIJO_CURSOR}{f.id}|{f.nombre}"
    return base64.urlsafe_b64encode(texto.encode()).decode().rstrip("=")


def _descifrar_cursor(cursor: str) -> tuple[str, uuid.UUID]:
    try:
        texto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not texto.startswith(_PREFIJO_CURSOR):
            raise ValueError(texto)
        id_, nombre = texto.removeprefix(_PREFIJO_CURSOR).split("|", 1)
        if tiene_controles(nombre):  # a forged cursor: the name goes into the keyset query
            raise ValueError(nombre)
        return nombre, uuid.UUID(id_)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DatoInvalido("El cursor «after» no es válido: use el `endCursor` de la página anterior.",
                           campo="after") from None


def _id_firma(valor: str) -> uuid.UUID:
    decodificado = decodificar(valor)
    if decodificado is None or decodificado[0] != FIRMA:
        muestra = valor if len(valor) <= 60 else valor[:57] + "..."
        raise DatoInvalido(f"«{muestra}» no es un identificador válido de una firma registrada.", campo="id")
    return decodificado[1]


# -- queries -------------------------------------------------------------------------------------------------------
@strawberry.type
class ConsultaFirmas:
    @strawberry.field(
        description="e-Register: consulta una certificación de firma con fines de apostilla por su número y su "
        "fecha de expedición (ambos obligatorios). Cada consulta queda en la auditoría; " + _REGLA + ". "
        + NOTA_SIN_EMISION,
        extensions=alcance(APOSTILLA),
    )
    async def certificacion_firma(
        self, info: Info,
        numero: Annotated[str, strawberry.argument(description="Número de la certificación, p. ej. `CF-2026-000001`.")],
        fecha: Annotated[date, strawberry.argument(description="Fecha de expedición que figura en la certificación.")],
    ) -> CertificacionFirmaResultado:
        aliado = info.context.aliado
        if aliado is None:
            raise NoAutorizado("Falta una credencial válida de sistema aliado.")
        numero = numero[:60]
        limitador = _limitador(info)
        resultado = await run_in_threadpool(uc.consultar_certificacion_aliado, numero, fecha, aliado, limitador,
                                            info.context.ctx)
        if resultado is None:
            raise NoEncontrado(NO_ENCONTRADA)
        return CertificacionFirmaEncontrada.desde(resultado)

    @strawberry.field(
        description="Registro de firmas de la Registraduría, por nombre del funcionario, por páginas (máximo 100). "
        "Sin el espécimen de la firma. Exige el alcance `apostilla`.",
        extensions=alcance(APOSTILLA),
    )
    async def firmas_registradas(
        self, info: Info,
        first: Annotated[int, strawberry.argument(description="Tamaño de la página: de 1 a 100.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` de la página anterior.")] = None,
        vigente_en: Annotated[date | None, strawberry.argument(
            description="Solo las firmas registradas y en el cargo en esa fecha (p. ej. la fecha de firma del "
            "registro).")] = None,
    ) -> FirmasRegistradasResultado:
        if info.context.aliado is None:
            raise NoAutorizado("Falta una credencial válida de sistema aliado.")
        aliado = info.context.aliado
        uc.exigir_alcance_apostilla(aliado)  # again in the domain (the field's extension checked it first)
        if not 1 <= first <= uc.TAMANO_MAXIMO_PAGINA:
            raise DatoInvalido(f"«first» debe estar entre 1 y {uc.TAMANO_MAXIMO_PAGINA}.", campo="first")
        despues_de = _descifrar_cursor(after) if after else None
        pagina = await run_in_threadpool(
            lambda: uc.listar_firmas_aliado(aliado, info.context.ctx, despues_de=despues_de, limite=first,
                                            vigente_en=vigente_en)
        )
        aristas = [AristaFirma(cursor=_cursor(f), node=FirmaRegistradaTipo.desde(f)) for f in pagina.firmas]
        return ConexionFirmas(edges=aristas, page_info=InfoPagina(
            has_next_page=pagina.hay_mas, has_previous_page=after is not None,
            start_cursor=aristas[0].cursor if aristas else None, end_cursor=aristas[-1].cursor if aristas else None,
        ))

    @strawberry.field(
        description="Una firma registrada por su ID global (sin el espécimen). Exige el alcance `apostilla`.",
        extensions=alcance(APOSTILLA),
    )
    async def firma_registrada(self, info: Info, id: strawberry.ID) -> FirmaRegistradaResultado:
        if info.context.aliado is None:
            raise NoAutorizado("Falta una credencial válida de sistema aliado.")
        aliado = info.context.aliado
        uc.exigir_alcance_apostilla(aliado)
        firma_id = _id_firma(str(id))
        firma = await run_in_threadpool(uc.obtener_firma_aliado, firma_id, aliado, info.context.ctx)
        if firma is None:
            raise NoEncontrado("La firma registrada no existe.", campo="id")
        return FirmaRegistradaTipo.desde(firma)


__all__ = ["ATRIBUTO_LIMITADOR", "MANEJADORES_FIRMAS", "ConsultaFirmas", "LimitadorPorEsquema"]
