"""GraphQL object types: Relay nodes (Persona, Solicitud, Documento) and the values they carry.

Each node wraps the domain aggregate it was built from (``strawberry.Private``); relations go through the
per-request loaders, primed by the resolver that loaded the aggregates.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from api.contexto import Info
from api.descargas import url_certificado
from api.enumeraciones import (
    Entrega,
    EstadoDocumento,
    EstadoSolicitud,
    EstadoVerificacion,
    ResultadoHallazgo,
    TipoIdentificacion,
)
from domain import documentos, personas, reglas, solicitudes
from domain.casos_uso.certificados import ResultadoVerificacion
from domain.reloj import hoy_en_colombia


@strawberry.type(name="Persona", description="Persona natural o jurídica registrada en la plataforma.")
class PersonaNodo(relay.Node):
    id: relay.NodeID[str]
    tipo_identificacion: TipoIdentificacion = strawberry.field(description="Tipo de identificación (no editable).")
    numero_identificacion: str = strawberry.field(description="Número de identificación, normalizado (no editable).")
    nombres: str = strawberry.field(description="Nombres.")
    apellidos: str = strawberry.field(description="Apellidos.")
    nombre_completo: str = strawberry.field(description="Nombres y apellidos.")
    fecha_nacimiento: date | None = strawberry.field(description="Fecha de nacimiento.")
    sexo: str | None = strawberry.field(description="Sexo, como lo registró el aliado.")
    nacionalidad: str = strawberry.field(description="Nacionalidad (código ISO 3166-1 alfa-2, p. ej. `CO`).")
    direccion: str | None = strawberry.field(description="Dirección de residencia.")
    municipio: str | None = strawberry.field(description="Municipio de residencia.")
    correo: str | None = strawberry.field(
        description="Correo electrónico: por él se notifican las decisiones. Sin correo, la persona no puede ser "
        "quien solicita en `radicarSolicitud`."
    )
    telefono: str | None = strawberry.field(description="Teléfono de contacto.")

    @classmethod
    def desde(cls, p: personas.Persona) -> PersonaNodo:
        return cls(
            id=str(p.id), tipo_identificacion=TipoIdentificacion[p.identificacion.tipo.name],
            numero_identificacion=p.identificacion.numero, nombres=p.nombres, apellidos=p.apellidos,
            nombre_completo=p.nombre_completo, fecha_nacimiento=p.fecha_nacimiento, sexo=p.sexo,
            nacionalidad=p.nacionalidad, direccion=p.direccion, municipio=p.municipio, correo=p.correo,
            telefono=p.telefono,
        )


@strawberry.type(description="Resultado de una regla del trámite sobre un requisito, con la norma que lo exige.")
class Hallazgo:
    requisito: str = strawberry.field(
        description="Código del requisito del trámite (p. ej. `recibo_servicio_publico`)."
    )
    regla: str = strawberry.field(description="Nombre de la regla aplicada (p. ej. `antiguedad_maxima_dias`).")
    resultado: ResultadoHallazgo = strawberry.field(description="Cumple, no cumple o debe revisarlo un funcionario.")
    mensaje: str = strawberry.field(description="Explicación en español.")
    fuente: str = strawberry.field(description="Norma o documento del que sale la regla.")
    bloqueante: bool = strawberry.field(description="Si no se cumple, impide radicar.")

    @classmethod
    def desde(cls, h: reglas.Hallazgo) -> Hallazgo:
        return cls(requisito=h.requisito, regla=h.regla, resultado=ResultadoHallazgo[h.resultado.name],
                   mensaje=h.mensaje, fuente=h.fuente, bloqueante=h.bloqueante)


@strawberry.type(description="Metadatos de un soporte anexado (el archivo se guarda por su SHA-256).")
class Soporte:
    requisito: str = strawberry.field(description="Código del requisito que acredita.")
    nombre_archivo: str = strawberry.field(description="Nombre del archivo tal como se subió.")
    tipo_medio: str = strawberry.field(description="Tipo real del contenido (`application/pdf`, `image/png`, …).")
    tamano_bytes: int = strawberry.field(description="Tamaño en bytes.")
    sha256: str = strawberry.field(description="Huella SHA-256 del contenido, en hexadecimal.")
    fecha_documento: date | None = strawberry.field(description="Fecha declarada del documento (p. ej. del recibo).")
    subtipo: str | None = strawberry.field(description="Subtipo declarado (p. ej. `energia`, `gas`, `acueducto`).")

    @classmethod
    def desde(cls, s: solicitudes.Soporte) -> Soporte:
        a = s.archivo
        return cls(requisito=s.requisito, nombre_archivo=a.nombre, tipo_medio=a.tipo_medio, tamano_bytes=a.tamano,
                   sha256=a.sha256, fecha_documento=s.fecha_documento, subtipo=s.subtipo)


@strawberry.type(name="Documento", description="Documento emitido por la plataforma (p. ej. un certificado firmado).")
class DocumentoNodo(relay.Node):
    id: relay.NodeID[str]
    tipo: str = strawberry.field(description="Tipo de documento (p. ej. `certificado_residencia`).")
    numero: str = strawberry.field(description="Número del documento.")
    entidad: str = strawberry.field(description="Código de la entidad que lo emitió.")
    fecha_expedicion: date = strawberry.field(description="Fecha de expedición.")
    vigente_hasta: date | None = strawberry.field(description="Último día de vigencia; nulo si no vence.")
    dominio: strawberry.Private[documentos.Documento]

    @classmethod
    def desde(cls, d: documentos.Documento) -> DocumentoNodo:
        return cls(id=str(d.id), tipo=d.tipo, numero=d.numero, entidad=d.entidad, fecha_expedicion=d.fecha_expedicion,
                   vigente_hasta=d.vigente_hasta, dominio=d)

    @strawberry.field(description="Estado hoy (hora de Colombia), derivado de fechas y eventos registrados.")
    def estado(self, info: Info) -> EstadoDocumento:
        return EstadoDocumento[self.dominio.estado(hoy_en_colombia(info.context.ctx.reloj)).name]

    @strawberry.field(description="URL de descarga del PDF firmado (requiere la credencial del aliado).")
    def url(self, info: Info) -> str | None:
        d = self.dominio
        if d.archivo is None or d.solicitud_id is None:
            return None
        return url_certificado(info.context.request, d.solicitud_id)

    @strawberry.field(description="Solicitud de la que resultó este documento.")
    async def solicitud(self, info: Info) -> SolicitudNodo | None:
        if self.dominio.solicitud_id is None:
            return None
        s = await info.context.cargadores.solicitudes.load(self.dominio.solicitud_id)
        return SolicitudNodo.desde(s) if s else None


@strawberry.type(description="El vehículo, la licencia o la persona sobre la que actúa un trámite.")
class SujetoSolicitud:
    tipo: str = strawberry.field(description="`vehiculo`, `licencia` o `persona`.")
    etiqueta: str = strawberry.field(description="Cómo se le nombra: la placa del vehículo, el número de la "
                                     "licencia o el nombre e identificación de la persona.")
    id: str = strawberry.field(description="Identificador interno del registro.")


@strawberry.type(description="Una parte de la solicitud: el rol y la persona que lo cumple.")
class ParteSolicitud:
    rol: str = strawberry.field(description="Rol según el catálogo (`titular`, `vendedor`, `comprador`…).")
    persona: PersonaNodo | None = strawberry.field(description="La persona; nula si este aliado no puede consultarla.")


@strawberry.type(
    name="Solicitud", description="Una instancia de un trámite: radicado, estado, plazos, soportes y hallazgos."
)
class SolicitudNodo(relay.Node):
    id: relay.NodeID[str]
    radicado: str = strawberry.field(description="Número de radicado (p. ej. `RES-2026-000001`).")
    tramite: str = strawberry.field(description="Código del trámite en el catálogo (p. ej. `SDG-CERT-RESIDENCIA`).")
    tramite_version: date = strawberry.field(description="Versión del trámite aplicada (fecha desde la que rige).")
    entidad: str = strawberry.field(description="Código de la entidad que decide.")
    estado: EstadoSolicitud = strawberry.field(description="Estado actual.")
    radicada_en: datetime = strawberry.field(description="Momento de radicación (UTC, ISO 8601).")
    fecha_limite_decision: date = strawberry.field(description="Fecha límite para decidir (días hábiles).")
    fecha_limite_subsanacion: date | None = strawberry.field(
        description="Último día para subsanar; solo si la solicitud fue rechazada con subsanación."
    )
    motivos_rechazo: list[str] = strawberry.field(description="Motivos del último rechazo.")
    destino: str | None = strawberry.field(
        description="Certificado de residencia: igual a `datos.destino` (`general`, `cancilleria`); nulo en otros."
    )
    datos: JSON = strawberry.field(description="Los datos propios del trámite, {nombre: valor}, como los declara el "
                                   "catálogo (fechas AAAA-MM-DD).")
    sujeto: SujetoSolicitud | None = strawberry.field(description="Sobre qué actúa el trámite (vehículo, licencia, "
                                                      "persona); nulo si no tiene sujeto.")
    entrega: Entrega = strawberry.field(description="Cómo se entrega el resultado.")
    lugar_entrega: str | None = strawberry.field(description="Dónde se recoge, si la entrega es `RECOGER`.")
    lista_para_recoger: bool = strawberry.field(description="Aprobada y lista para recoger en `lugarEntrega`.")
    persona_privada_libertad: bool = strawberry.field(
        description="La solicita el responsable de una persona privada de la libertad."
    )
    hallazgos: list[Hallazgo] = strawberry.field(description="Resultado de las reglas del trámite sobre los soportes.")
    soportes: list[Soporte] = strawberry.field(description="Soportes anexados vigentes (los subsanados reemplazan).")
    dominio: strawberry.Private[solicitudes.Solicitud]

    @classmethod
    def desde(cls, s: solicitudes.Solicitud) -> SolicitudNodo:
        return cls(
            id=str(s.id), radicado=s.radicado, tramite=s.tramite, tramite_version=s.tramite_version,
            entidad=s.entidad, estado=EstadoSolicitud[s.estado.name], radicada_en=s.radicada_en.astimezone(UTC),
            fecha_limite_decision=s.fecha_limite_decision, fecha_limite_subsanacion=s.fecha_limite_subsanacion,
            motivos_rechazo=list(s.motivos_rechazo), destino=s.destino, entrega=Entrega[s.entrega.upper()],
            datos=dict(s.datos),  # type: ignore[arg-type]
            lugar_entrega=s.lugar_entrega or None,
            sujeto=SujetoSolicitud(tipo=s.sujeto.tipo, etiqueta=s.sujeto.etiqueta, id=str(s.sujeto.id))
            if s.sujeto else None,
            lista_para_recoger=s.lista_para_recoger, persona_privada_libertad=s.persona_privada_libertad,
            hallazgos=[Hallazgo.desde(h) for h in s.hallazgos], soportes=[Soporte.desde(x) for x in s.soportes],
            dominio=s,
        )

    @strawberry.field(description="Titular: la persona a quien se refiere el trámite.")
    async def titular(self, info: Info) -> PersonaNodo | None:
        titular = self.dominio.titular_id
        return await _persona(info, titular) if titular else None

    @strawberry.field(description="Quien recibe las notificaciones: el `solicitante` si lo hay (p. ej. el "
                      "responsable de una persona privada de la libertad), si no el titular.")
    async def solicitante(self, info: Info) -> PersonaNodo | None:
        notificado = self.dominio.solicitante_id
        return await _persona(info, notificado) if notificado else None

    @strawberry.field(description="Todas las partes por rol, en el orden del catálogo.")
    async def partes(self, info: Info) -> list[ParteSolicitud]:
        partes = []
        for rol, persona_id in sorted(self.dominio.partes.items()):
            partes.append(ParteSolicitud(rol=rol, persona=await _persona(info, persona_id)))
        return partes

    @strawberry.field(description="Certificado emitido, si ya existe.")
    async def certificado(self, info: Info) -> DocumentoNodo | None:
        if self.dominio.documento_id is None:
            return None
        d = await info.context.cargadores.documentos.load(self.dominio.documento_id)
        return DocumentoNodo.desde(d) if d else None

    @strawberry.field(
        description="URL de descarga del certificado en PDF (con la credencial del aliado); nula si aún no hay."
    )
    def certificado_url(self, info: Info) -> str | None:
        s = self.dominio
        if s.documento_id is None or s.entrega != "descarga":
            return None
        return url_certificado(info.context.request, s.id)


async def _persona(info: Info, persona_id: uuid.UUID) -> PersonaNodo | None:
    p = await info.context.cargadores.personas.load(persona_id)
    return PersonaNodo.desde(p) if p else None


@strawberry.type(name="PageInfo", description="Información para paginar (especificación Relay de conexiones).")
class InfoPagina:
    has_next_page: bool = strawberry.field(description="Hay más elementos después de esta página.")
    has_previous_page: bool = strawberry.field(description="Hay elementos antes de esta página.")
    start_cursor: str | None = strawberry.field(description="Cursor del primer elemento de la página.")
    end_cursor: str | None = strawberry.field(description="Cursor del último elemento: páselo en `after`.")


@strawberry.type(name="SolicitudEdge", description="Una solicitud dentro de una página, con su cursor.")
class AristaSolicitud:
    cursor: str = strawberry.field(description="Cursor opaco de esta solicitud.")
    node: SolicitudNodo = strawberry.field(description="La solicitud.")


@strawberry.type(name="SolicitudConnection", description="Página de solicitudes, paginada por cursor (máximo 100).")
class ConexionSolicitudes:
    page_info: InfoPagina = strawberry.field(description="Información para pedir la página siguiente.")
    edges: list[AristaSolicitud] = strawberry.field(description="Las solicitudes de esta página, en orden.")


@strawberry.type(description="Resultado de verificar en línea un certificado: estado y datos mínimos, nada más.")
class VerificacionCertificado:
    estado: EstadoVerificacion = strawberry.field(description="Estado del certificado.")
    mensaje: str = strawberry.field(description="Explicación en español.")
    tipo: str | None = strawberry.field(default=None, description="Tipo de documento.")
    numero: str | None = strawberry.field(default=None, description="Número del documento.")
    titular: str | None = strawberry.field(default=None, description="Nombre del titular, tal como lo firma el QR.")
    emisor: str | None = strawberry.field(default=None, description="Código de la entidad emisora.")
    fecha_expedicion: date | None = strawberry.field(default=None, description="Fecha de expedición.")
    vigente_hasta: date | None = strawberry.field(default=None, description="Último día de vigencia.")
    clave_firma: str | None = strawberry.field(default=None, description="Identificador de la clave que firmó.")
    nota: str | None = strawberry.field(
        default=None, description="Aviso adicional, p. ej. `firmado con clave retirada` (sigue siendo válido)."
    )
    motivo: str | None = strawberry.field(default=None, description="Motivo de la revocación o suspensión.")

    @classmethod
    def desde(cls, r: ResultadoVerificacion) -> VerificacionCertificado:
        return cls(estado=EstadoVerificacion[r.estado.upper()], mensaje=r.mensaje, tipo=r.tipo, numero=r.numero,
                   titular=r.titular, emisor=r.emisor, fecha_expedicion=r.fecha_expedicion,
                   vigente_hasta=r.vigente_hasta, clave_firma=r.clave_firma, nota=r.nota, motivo=r.motivo)


TIPOS_NODO: tuple[type[relay.Node], ...] = (PersonaNodo, SolicitudNodo, DocumentoNodo)
