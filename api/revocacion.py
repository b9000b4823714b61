"""Revocation over the API: ``revocarDocumento`` / ``suspenderDocumento`` / ``reactivarDocumento``.

Partner systems are not officials. Only a partner credential holding the scope ``revocacion``
(``SistemaAliado.alcances``) may call these, and only on documentos issued for solicitudes that partner filed
(any other responds as nonexistent). The read side (``Documento.estado``) is open to every partner as before.
Officials revoke from the admin (coordinadores of the issuing entidad). Every change is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool

from api.alcances import alcance
from api.contexto import Info
from api.entradas import limitar_textos
from api.errores import ErrorConflicto, ErrorNoAutorizado, ErrorNoEncontrado, ErrorTransicion, ErrorValidacion
from api.ids import DOCUMENTO, exigir_id
from api.tipos import DocumentoNodo
from domain.alcances import REVOCACION
from domain.casos_uso import revocacion as uc
from domain.documentos import Documento
from domain.errores import NoAutorizado


@strawberry.input(description="Documento y motivo (obligatorio, hasta 500 caracteres; queda en la auditoría y en la "
                  "lista de revocados publicada).")
class CambiarEstadoDocumentoInput:
    documento_id: strawberry.ID = strawberry.field(description="ID global del documento.")
    motivo: str = strawberry.field(description="Motivo en español.")


@strawberry.type(description="El estado del documento cambió; la verificación en línea ya lo refleja.")
class CambiarEstadoDocumentoOk:
    documento: DocumentoNodo = strawberry.field(description="El documento, con su nuevo estado.")


CambiarEstadoDocumentoPayload = Annotated[
    CambiarEstadoDocumentoOk | ErrorValidacion | ErrorNoEncontrado | ErrorTransicion | ErrorNoAutorizado
    | ErrorConflicto,
    strawberry.union("CambiarEstadoDocumentoPayload",
                     description="Resultado de revocar, suspender o reactivar un documento."),
]

_DETALLE = (" Exige el alcance `revocacion`; solo documentos de solicitudes que radicó este aliado (cualquier otro "
            "responde como inexistente).")


async def _cambiar(info: Info, entrada: CambiarEstadoDocumentoInput,
                   operacion: Callable[..., Documento]) -> CambiarEstadoDocumentoOk:
    limitar_textos(entrada)
    aliado = info.context.aliado
    if aliado is None:
        raise NoAutorizado("Falta una credencial válida de sistema aliado.")
    documento_id = exigir_id(entrada.documento_id, DOCUMENTO, "documentoId")
    documento = await run_in_threadpool(
        lambda: operacion(documento_id, None, entrada.motivo, info.context.ctx, aliado=aliado)
    )
    return CambiarEstadoDocumentoOk(documento=DocumentoNodo.desde(documento))


@strawberry.type
class MutacionRevocacion:
    @strawberry.mutation(description="Revoca un documento de forma definitiva." + _DETALLE,
                         extensions=alcance(REVOCACION))
    async def revocar_documento(self, info: Info, input: CambiarEstadoDocumentoInput) -> CambiarEstadoDocumentoPayload:
        return await _cambiar(info, input, uc.revocar_documento)

    @strawberry.mutation(description="Suspende un documento vigente (se puede reactivar)." + _DETALLE,
                         extensions=alcance(REVOCACION))
    async def suspender_documento(
        self, info: Info, input: CambiarEstadoDocumentoInput
    ) -> CambiarEstadoDocumentoPayload:
        return await _cambiar(info, input, uc.suspender_documento)

    @strawberry.mutation(description="Reactiva un documento suspendido." + _DETALLE,
                         extensions=alcance(REVOCACION))
    async def reactivar_documento(
        self, info: Info, input: CambiarEstadoDocumentoInput
    ) -> CambiarEstadoDocumentoPayload:
        return await _cambiar(info, input, uc.reactivar_documento)


__all__: list[Any] = ["MutacionRevocacion"]
