"""Queries: nodes by global ID, solicitudes by keyset pages, and the public certificate verification."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry import relay

from api.alcances import alcance, publica, puede_ver_nodo
from api.contexto import Info
from api.enumeraciones import EstadoSolicitud
from api.errores import ErrorNoAutorizado, ErrorValidacion
from api.ids import DOCUMENTO, PERSONA, SOLICITUD, decodificar
from api.tipos import (
    AristaSolicitud,
    ConexionSolicitudes,
    DocumentoNodo,
    InfoPagina,
    PersonaNodo,
    SolicitudNodo,
    VerificacionCertificado,
)
from domain import solicitudes as dominio_solicitudes
from domain.alcances import PERSONAS, SOLICITUDES
from domain.casos_uso.certificados import ResultadoVerificacion, verificar_en_linea
from domain.casos_uso.consultas import TAMANO_MAXIMO_PAGINA, detalle_solicitud, listar_solicitudes
from domain.errores import DatoInvalido

_PREFIJO_CURSOR = "solicitudes:v1|"
SolicitudesResultado = Annotated[
    ConexionSolicitudes | ErrorValidacion | ErrorNoAutorizado,
    strawberry.union("SolicitudesResultado", description="Página de solicitudes, o el error (p. ej. `first` fuera de "
                     "rango o un cursor no válido)."),
]
LARGO_MAXIMO_QR = 4096  # a version-15 QR holds well under 1,000 alphanumeric characters


def _cursor(s: dominio_solicitudes.Solicitud) -> str:
    texto = f"{_PREFIJO_CURSOR}{s.radicada_en.isoformat()}|{s.id}"
    return base64.urlsafe_b64encode(texto.encode()).decode().rstrip("=")


def _descifrar_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        texto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not texto.startswith(_PREFIJO_CURSOR):
            raise ValueError(texto)
        instante, id_ = texto.removeprefix(_PREFIJO_CURSOR).split("|")
        momento = datetime.fromisoformat(instante)
        if momento.tzinfo is None:
            raise ValueError(instante)
        return momento, uuid.UUID(id_)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DatoInvalido(
            "El cursor «after» no es válido: use el `endCursor` de la página anterior.", campo="after"
        ) from None


async def _persona(info: Info, persona_id: uuid.UUID) -> PersonaNodo | None:
    p = await info.context.cargadores.personas.load(persona_id)
    return PersonaNodo.desde(p) if p else None


async def _solicitud(info: Info, solicitud_id: uuid.UUID) -> SolicitudNodo | None:
    detalle = await run_in_threadpool(detalle_solicitud, solicitud_id, info.context.ctx, info.context.aliado_id)
    if detalle is None:
        return None
    info.context.cargadores.conocer([detalle.solicitud], [detalle.titular, detalle.solicitante], [detalle.documento])
    return SolicitudNodo.desde(detalle.solicitud)


async def _documento(info: Info, documento_id: uuid.UUID) -> DocumentoNodo | None:
    d = await info.context.cargadores.documentos.load(documento_id)
    return DocumentoNodo.desde(d) if d else None


_RESOLUTORES = {PERSONA: _persona, SOLICITUD: _solicitud, DOCUMENTO: _documento}


async def _por_id(info: Info, id_: str, tipo: str | None = None) -> relay.Node | None:
    decodificado = decodificar(id_)
    if decodificado is None or (tipo is not None and decodificado[0] != tipo):
        return None
    if not puede_ver_nodo(info, decodificado[0]):  # a type outside the partner's scopes: as if it did not exist
        return None
    resolutor = _RESOLUTORES.get(decodificado[0])
    return await resolutor(info, decodificado[1]) if resolutor else None


@strawberry.type(
    name="Query", description="Consultas. Todas exigen la credencial del aliado y el alcance que indica cada una, "
    "salvo `verificarCertificado`."
)
class Consulta:
    @strawberry.field(
        description="Cualquier objeto por su ID global (Persona, Solicitud, Documento); nulo si no existe, si el "
        "ID no es válido o si el objeto no es de este aliado (cada aliado ve solo sus solicitudes, sus certificados "
        "y las personas que registró o que figuran en sus solicitudes). Exige el alcance del tipo: `personas` para "
        "Persona, `solicitudes` para Solicitud y Documento.",
        extensions=alcance(PERSONAS, SOLICITUDES),
    )
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return await _por_id(info, id)

    @strawberry.field(
        description="Una persona por su ID global; nula si no existe o si este aliado no la registró ni figura en "
        "sus solicitudes. Exige el alcance `personas`.",
        extensions=alcance(PERSONAS),
    )
    async def persona(self, info: Info, id: strawberry.ID) -> PersonaNodo | None:
        return await _por_id(info, id, PERSONA)  # type: ignore[return-value]

    @strawberry.field(
        description="Una solicitud por su ID global; nula si no existe o si no la radicó este aliado. Exige el "
        "alcance `solicitudes`.",
        extensions=alcance(SOLICITUDES),
    )
    async def solicitud(self, info: Info, id: strawberry.ID) -> SolicitudNodo | None:
        return await _por_id(info, id, SOLICITUD)  # type: ignore[return-value]

    @strawberry.field(
        description="Solicitudes radicadas por este aliado, en orden de radicación, por páginas (paginación por "
        "cursor, máximo 100 por página). Un `first` fuera de rango o un cursor no válido responden `ErrorValidacion` "
        "como dato, igual que toda lista paginada. Exige el alcance `solicitudes`.",
        extensions=alcance(SOLICITUDES),
    )
    async def solicitudes(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Tamaño de la página: de 1 a 100.")] = 50,
        after: Annotated[str | None, strawberry.argument(description="`endCursor` de la página anterior.")] = None,
        estado: Annotated[EstadoSolicitud | None, strawberry.argument(description="Solo las de este estado.")] = None,
    ) -> SolicitudesResultado:
        if not 1 <= first <= TAMANO_MAXIMO_PAGINA:
            raise DatoInvalido(f"«first» debe estar entre 1 y {TAMANO_MAXIMO_PAGINA}.", campo="first")
        despues_de = _descifrar_cursor(after) if after else None
        estados = [dominio_solicitudes.EstadoSolicitud[estado.name]] if estado else []
        aliado_id = info.context.aliado_id
        pagina = await run_in_threadpool(
            lambda: listar_solicitudes(
                info.context.ctx, estados=estados, radicada_por=aliado_id, despues_de=despues_de, limite=first
            )
        )
        info.context.cargadores.conocer(pagina.solicitudes, pagina.personas.values())
        aristas = [AristaSolicitud(cursor=_cursor(s), node=SolicitudNodo.desde(s)) for s in pagina.solicitudes]
        return ConexionSolicitudes(
            edges=aristas,
            page_info=InfoPagina(
                has_next_page=pagina.siguiente is not None, has_previous_page=after is not None,
                start_cursor=aristas[0].cursor if aristas else None, end_cursor=aristas[-1].cursor if aristas else None,
            ),
        )

    @strawberry.field(
        description="Verifica en línea el texto del código QR de un certificado: estado y datos mínimos. Pública: "
        "no requiere credencial.",
        extensions=publica(),
    )
    async def verificar_certificado(
        self, info: Info, qr: Annotated[str, strawberry.argument(description="Texto leído del código QR.")]
    ) -> VerificacionCertificado:
        if len(qr) > LARGO_MAXIMO_QR:
            resultado = ResultadoVerificacion("invalido", "El código no es auténtico: es demasiado largo.")
        else:
            resultado = await run_in_threadpool(verificar_en_linea, qr.strip(), info.context.ctx)
        return VerificacionCertificado.desde(resultado)
