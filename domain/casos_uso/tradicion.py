"""Issuing the certificado de libertad y tradición of a vehicle (Resolución 5721 de 2019 de Chía, trámites 18, 33).

Same issuance service as every other certificate (``ctx.emisor``: COSE QR, PDF, PAdES; ``ctx.almacen``; the
documentos registry), with the layout of its kind (``signing/pdf_tradicion.py``). It runs inside the caller's unit
of work and does not commit: the approval that asks for it decides.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Protocol

from domain.casos_uso import Contexto
from domain.documentos import Archivo, Documento
from domain.errores import DatoInvalido, TramiteDesconocido
from domain.fechas import fecha_larga
from domain.motor.esquema import TramiteDef
from domain.personas import Persona
from domain.puertos import UnidadDeTrabajo
from domain.reloj import hoy_en_colombia
from domain.tradicion import (
    PREFIJO_NUMERO,
    TIPO_CERTIFICADO_TRADICION,
    CertificadoTradicionAEmitir,
    caracteristicas,
    estado_matricula,
    gravamenes,
    identificacion_legible,
    medidas,
    nombre_legible,
    propietarios,
)
from domain.vehiculos import Vehiculo


class SolicitudCertificable(Protocol):
    """The solicitud fields issuance reads (nothing else, so the Solicitud aggregate may change around them)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def radicado(self) -> str: ...
    @property
    def entidad(self) -> str: ...
    @property
    def tramite(self) -> str: ...
    @property
    def tramite_version(self) -> date: ...
    @property
    def titular_id(self) -> uuid.UUID | None: ...


def emitir_certificado_tradicion(uow: UnidadDeTrabajo, ctx: Contexto, *, solicitud: SolicitudCertificable,
                                 vehiculo: Vehiculo, titular: Persona) -> Documento:
    """Render, sign and store the certificate of ``vehiculo`` for ``solicitud`` (does not commit).

    ``titular`` is the persona who asked for it (anyone may: the certificate is about the vehicle); its name goes
    in the QR like any certificate's holder, with the plate beside it.
    """
    tramite = _tramite(ctx, solicitud)
    if titular.id != solicitud.titular_id:
        raise DatoInvalido("El titular no es el de la solicitud.", campo="titular")
    if tramite.sujeto.clases and vehiculo.clase.value not in tramite.sujeto.clases:
        raise DatoInvalido(f"El vehículo {vehiculo.placa} es de clase {vehiculo.clase.value}: este certificado se "
                           f"expide para {' o '.join(tramite.sujeto.clases)} ({tramite.fuente}).", campo="sujeto")
    resultado = tramite.documento_resultado
    assert resultado is not None  # checked by _tramite
    hoy = hoy_en_colombia(ctx.reloj)
    prefijo = f"{PREFIJO_NUMERO}-{hoy.year}"
    numero = f"{prefijo}-{uow.solicitudes.siguiente_consecutivo(prefijo):06d}"
    documento = Documento(
        id=uuid.uuid4(), tipo=resultado.tipo, entidad=tramite.entidad.codigo, titular_id=titular.id, numero=numero,
        fecha_expedicion=hoy, vigente_hasta=resultado.vigencia.desde(hoy) if resultado.vigencia else None,
        solicitud_id=solicitud.id,
    )
    ids = [t.persona_id for t in vehiculo.tradicion if t.persona_id is not None] + list(vehiculo.propietarios)
    personas = {p.id: p for p in uow.personas.varias(list(dict.fromkeys(ids)))}
    emitido = ctx.emisor.emitir(_a_emitir(documento, tramite, solicitud, vehiculo, titular, personas))
    sha = ctx.almacen.guardar(emitido.pdf)
    documento.archivo = Archivo(sha, f"{numero.lower()}.pdf", "application/pdf", len(emitido.pdf))
    documento.clave_firma = emitido.clave_firma
    uow.documentos.agregar(documento)
    return documento


def _tramite(ctx: Contexto, solicitud: SolicitudCertificable) -> TramiteDef:
    tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
    resultado = tramite.documento_resultado
    if resultado is None or resultado.tipo != TIPO_CERTIFICADO_TRADICION:
        raise TramiteDesconocido(f"El trámite «{tramite.nombre}» no expide un certificado de libertad y tradición.")
    if tramite.entidad.codigo != solicitud.entidad:
        raise DatoInvalido(f"La solicitud {solicitud.radicado} no es de {tramite.entidad.articulo.lower()} "
                           f"{tramite.entidad.nombre}.")
    return tramite


def _a_emitir(documento: Documento, tramite: TramiteDef, solicitud: SolicitudCertificable, vehiculo: Vehiculo,
              titular: Persona, personas: dict[uuid.UUID, Persona]) -> CertificadoTradicionAEmitir:
    entidad = tramite.entidad
    assert tramite.documento_resultado is not None
    identificacion = identificacion_legible(titular.identificacion)
    cuerpo = (
        f"{entidad.articulo} {entidad.nombre} certifica que, según el registro del vehículo de placa "
        f"{vehiculo.placa} al {fecha_larga(documento.fecha_expedicion)}, su matrícula, sus características, su "
        "tradición (propietarios actuales y anteriores), sus limitaciones y gravámenes, sus medidas cautelares y "
        "el histórico de todas las actuaciones, trámites y anotaciones desde la matrícula inicial son los que se "
        "relacionan a continuación.",
        f"Se expide a solicitud de {nombre_legible(titular)}, identificado(a) con {identificacion}, en la "
        f"solicitud {solicitud.radicado} ({tramite.fuente}).",
    )
    return CertificadoTradicionAEmitir(
        documento_id=documento.id, tipo=documento.tipo, titulo=tramite.documento_resultado.titulo,
        entidad_codigo=entidad.codigo, entidad_nombre=entidad.nombre, numero=documento.numero,
        titular_nombre=nombre_legible(titular), titular_identificacion=str(titular.identificacion),
        fecha_expedicion=documento.fecha_expedicion, vigente_hasta=documento.vigente_hasta, cuerpo=cuerpo,
        entidad_articulo=entidad.articulo, placa=vehiculo.placa, clase=vehiculo.clase.value,
        estado_matricula=estado_matricula(vehiculo),
        caracteristicas=caracteristicas(vehiculo, {entidad.codigo: entidad.nombre}),
        propietarios=propietarios(vehiculo, personas), gravamenes=gravamenes(vehiculo), medidas=medidas(vehiculo),
        historia=tuple(vehiculo.historia), radicado=solicitud.radicado, fuente=tramite.fuente,
    )
