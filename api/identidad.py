"""GraphQL face of the identity-document trámites and their contraseñas (seed 002 §15.4-15.6).

``tramiteIdentidad(id)`` is for partner systems with the scope ``identidad`` (only trámites of personas the partner
may read);
``verificarContrasena(qr)`` is public, like ``verificarCertificado``: the receipt's validity and the trámite's state.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool

from api.alcances import alcance, publica
from api.contexto import Info
from domain.alcances import IDENTIDAD
from domain.casos_uso.contrasenas import (
    DetalleTramiteIdentidad,
    EstadoContrasena,
    obtener_tramite_identidad,
    verificar_contrasena,
)

LARGO_MAXIMO_QR = 4096
TIPOS_CONTRASENA = (
    "Uno de los cuatro comprobantes del §15.4: `contrasena_blanca` (pre-impreso en blanco, §15.4.1), "
    "`contrasena_eis` (EIS, §15.4.2), `contrasena_verde` (verde sin código QR, §15.4.3; también la reposición del "
    "§15.6) o `contrasena_web` (verde con código QR, §15.4.4)."
)


@strawberry.type(description="Una contraseña (comprobante de documento en trámite) expedida para el trámite.")
class ContrasenaTramite:
    documento_id: strawberry.ID = strawberry.field(description="Identificador del documento (el del QR).")
    tipo: str = strawberry.field(description=TIPOS_CONTRASENA)
    numero: str
    fecha_expedicion: date
    vigente_hasta: date | None = strawberry.field(description="Nulo si no vence (trámites consulares, §15.5).")


@strawberry.type(description="Trámite de tarjeta de identidad o cédula de ciudadanía ante la Registraduría.")
class TramiteIdentidad:
    id: strawberry.ID
    numero_preparacion: str
    tipo_documento: str = strawberry.field(description="`TI` o `CC`.")
    formato: str
    clase: str = strawberry.field(description="primera_vez, duplicado, rectificacion o renovacion.")
    canal: str = strawberry.field(description="`eis` o `web`.")
    fecha_solicitud: date
    estado: str = strawberry.field(description="en_produccion, disponible_para_entrega, entregado o rechazado.")
    descripcion_estado: str
    oficina: str
    es_consulado: bool
    oficina_entrega: str | None
    contrasenas: list[ContrasenaTramite]

    @classmethod
    def desde(cls, d: DetalleTramiteIdentidad) -> TramiteIdentidad:
        t = d.tramite
        return cls(
            id=strawberry.ID(str(t.id)), numero_preparacion=t.numero_preparacion, tipo_documento=t.tipo_documento.value,
            formato=t.formato.value, clase=t.clase.value, canal=t.canal, fecha_solicitud=t.fecha_solicitud,
            estado=t.estado.value, descripcion_estado=t.descripcion_estado, oficina=t.oficina.nombre,
            es_consulado=t.es_consulado, oficina_entrega=t.oficina_entrega.nombre if t.oficina_entrega else None,
            contrasenas=[ContrasenaTramite(documento_id=strawberry.ID(str(c.id)), tipo=c.tipo, numero=c.numero,
                                           fecha_expedicion=c.fecha_expedicion, vigente_hasta=c.vigente_hasta)
                         for c in d.contrasenas],
        )


@strawberry.type(description="Resultado público de escanear una contraseña: vigencia y estado del trámite.")
class VerificacionContrasena:
    numero: str
    tipo: str = strawberry.field(description=TIPOS_CONTRASENA)
    vigente: bool = strawberry.field(
        description="Falso si pasaron los seis meses (§15.5), si fue reemplazada por una reposición (§15.6) o si fue "
        "revocada.")
    vigente_hasta: date | None = strawberry.field(description="Nulo si no vence (trámite consular).")
    estado_tramite: str | None
    descripcion_tramite: str | None
    oficina: str | None
    nota: str = strawberry.field(description="La Registraduría no certifica las contraseñas (§15.4).")
    reemplazada: bool = strawberry.field(
        description="Verdadero si una reposición (§15.6) reemplazó este comprobante: ya no es válido, digan lo que "
        "digan sus fechas.")
    reemplazada_el: date | None = strawberry.field(description="Fecha de la reposición que lo reemplazó (§15.6).")
    aviso_reemplazo: str | None = strawberry.field(
        description="Texto para mostrar, p. ej. «Reemplazada por reposición el 2 de abril de 2026; no es válida.».")

    @classmethod
    def desde(cls, e: EstadoContrasena) -> VerificacionContrasena:
        return cls(numero=e.numero, tipo=e.tipo, vigente=e.vigente, vigente_hasta=e.vigente_hasta,
                   estado_tramite=e.estado_tramite, descripcion_tramite=e.descripcion_tramite, oficina=e.oficina,
                   nota=e.nota_no_certifica, reemplazada=e.reemplazada, reemplazada_el=e.reemplazada_el,
                   aviso_reemplazo=e.aviso_reemplazo)


@strawberry.type
class ConsultaIdentidad:
    @strawberry.field(
        description="Un trámite de documento de identidad por su id; nulo si no existe o si el titular no es una "
        "persona que este aliado registró o que figura en sus solicitudes. Exige el alcance `identidad`.",
        extensions=alcance(IDENTIDAD),
    )
    async def tramite_identidad(self, info: Info, id: strawberry.ID) -> TramiteIdentidad | None:
        try:
            tramite_id = uuid.UUID(str(id))
        except ValueError:
            return None
        detalle = await run_in_threadpool(obtener_tramite_identidad, tramite_id, info.context.ctx,
                                          info.context.aliado_id)
        return TramiteIdentidad.desde(detalle) if detalle else None

    @strawberry.field(
        description="Verifica en línea el QR de una contraseña: vigencia del comprobante y estado del trámite. "
        "Pública; nula si el código no es auténtico o no es una contraseña.",
        extensions=publica(),
    )
    async def verificar_contrasena(
        self, info: Info, qr: Annotated[str, strawberry.argument(description="Texto leído del código QR.")]
    ) -> VerificacionContrasena | None:
        if len(qr) > LARGO_MAXIMO_QR:
            return None
        estado = await run_in_threadpool(verificar_contrasena, qr.strip(), info.context.ctx)
        return VerificacionContrasena.desde(estado) if estado else None
