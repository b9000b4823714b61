"""Issuing, downloading and verifying the certificates the platform signs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from domain.casos_uso import Contexto
from domain.casos_uso.solicitudes import obtener_o_fallar
from domain.documentos import (
    MOTIVO_URL_AJENA,
    Archivo,
    CertificadoAEmitir,
    Documento,
    EstadoDocumento,
    VerificacionQR,
    con_articulo,
)
from domain.errores import NoEncontrado, TransicionInvalida
from domain.personas import Funcionario
from domain.puertos import UnidadDeTrabajo
from domain.reloj import hoy_en_colombia
from domain.solicitudes import Solicitud


def _texto_certificado(solicitud: Solicitud, titular_nombre: str, identificacion: str, direccion: str,
                       entidad: str, responsable: str | None) -> tuple[str, ...]:
    parrafos = [
        f"{entidad} certifica que {titular_nombre}, identificado(a) con {identificacion}, reside en "
        f"{direccion}, según los datos registrados y los soportes verificados en la solicitud {solicitud.radicado}.",
    ]
    if responsable:
        parrafos.append(f"Solicitado por {responsable}, responsable de la persona privada de la libertad.")
    parrafos.append("Este certificado se expide a solicitud del interesado y se firma digitalmente.")
    return tuple(parrafos)


def emitir_certificado(uow: UnidadDeTrabajo, solicitud: Solicitud, ctx: Contexto,
                       aprobado_por: Funcionario | None = None) -> Documento:
    """Render, sign and store the certificate of an approved solicitud, inside the caller's unit of work.

    ``aprobado_por``: the official who approved it, printed with her cargo (the entidad's title for her role)."""
    tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
    resultado = tramite.documento_resultado
    assert resultado is not None  # only trámites that declare a result document issue one
    titular = uow.personas.obtener(solicitud.titular_id) if solicitud.titular_id else None
    if titular is None:
        raise NoEncontrado("El titular de la solicitud no existe.")
    responsable = None
    solicitante_id = solicitud.partes.get("solicitante")
    if solicitud.persona_privada_libertad and solicitante_id is not None:
        persona = uow.personas.obtener(solicitante_id)
        responsable = f"{persona.nombre_completo} ({persona.identificacion.legible})" if persona else None
    hoy = hoy_en_colombia(ctx.reloj)
    documento = Documento(
        id=uuid.uuid4(), tipo=resultado.tipo, entidad=tramite.entidad.codigo, titular_id=titular.id,
        numero=f"{solicitud.radicado}-C", fecha_expedicion=hoy,
        vigente_hasta=resultado.vigencia.desde(hoy) if resultado.vigencia else None, solicitud_id=solicitud.id,
    )
    direccion = ", ".join(x for x in (titular.direccion, titular.municipio) if x) or "la dirección registrada"
    entidad = con_articulo(tramite.entidad.articulo, tramite.entidad.nombre)
    emitido = ctx.emisor.emitir(CertificadoAEmitir(
        documento_id=documento.id, tipo=documento.tipo, titulo=resultado.titulo,
        entidad_codigo=tramite.entidad.codigo, entidad_nombre=tramite.entidad.nombre, numero=documento.numero,
        titular_nombre=titular.nombre_completo, titular_identificacion=str(titular.identificacion),
        fecha_expedicion=hoy, vigente_hasta=documento.vigente_hasta,
        cuerpo=_texto_certificado(solicitud, titular.nombre_completo, titular.identificacion.legible, direccion,
                                  entidad, responsable),
        entidad_articulo=tramite.entidad.articulo,
        aprobado_por=aprobado_por.como_suscriptor(tramite.entidad.cargos) if aprobado_por else None,
    ))
    sha = ctx.almacen.guardar(emitido.pdf)
    documento.archivo = Archivo(sha, f"{documento.numero.lower()}.pdf", "application/pdf", len(emitido.pdf))
    documento.clave_firma = emitido.clave_firma
    uow.documentos.agregar(documento)
    return documento


@dataclass(frozen=True)
class Descarga:
    nombre: str
    tipo_medio: str
    contenido: bytes


def descargar_certificado(solicitud_id: uuid.UUID, ctx: Contexto, aliado_id: uuid.UUID | None = None) -> Descarga:
    """The signed PDF. With ``aliado_id``, another partner's solicitud is «no existe», like a missing one."""
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, solicitud_id, aliado_id)
        if solicitud.entrega != "descarga":
            lugar = f": se recoge en {solicitud.lugar_entrega}" if solicitud.entrega == "recoger" else ""
            raise TransicionInvalida(f"El resultado de este trámite no se descarga{lugar}.")
        if solicitud.documento_id is None:
            raise TransicionInvalida(f"La solicitud {solicitud.radicado} aún no tiene certificado emitido.")
        documento = uow.documentos.obtener(solicitud.documento_id)
    if documento is None or documento.archivo is None:
        raise NoEncontrado("El certificado no existe.")
    return Descarga(documento.archivo.nombre, documento.archivo.tipo_medio, ctx.almacen.leer(documento.archivo.sha256))


@dataclass(frozen=True)
class ResultadoVerificacion:
    """What the public page and the API show: status and minimal data, nothing more."""

    estado: str  # vigente | vencido | suspendido | revocado | invalido | desconocido
    mensaje: str
    tipo: str | None = None
    numero: str | None = None
    titular: str | None = None
    emisor: str | None = None
    fecha_expedicion: date | None = None
    vigente_hasta: date | None = None
    clave_firma: str | None = None
    nota: str | None = None
    """E.g. «firmado con clave retirada»: still vigente, signed by a key rotated out (not compromised)."""
    motivo: str | None = None
    """Why it is revoked or suspended (the official's motivo)."""
    documento_id: uuid.UUID | None = None
    """The registry's document, when the signature is valid and it is known (e.g. to show a contraseña's trámite)."""
    placa: str | None = None
    """The vehicle the document is about (a certificado de tradición), as signed in the QR."""


NOTA_CLAVE_RETIRADA = "firmado con clave retirada"

_MENSAJES = {
    EstadoDocumento.VIGENTE: "Documento auténtico y vigente.",
    EstadoDocumento.VENCIDO: "Documento auténtico, pero su vigencia terminó.",
    EstadoDocumento.SUSPENDIDO: "Documento auténtico, pero está suspendido.",
    EstadoDocumento.REVOCADO: "Documento revocado: no es válido.",
}


def _documento_actual(documento_id: uuid.UUID, ctx: Contexto) -> Documento | None:
    if ctx.lectura is not None:
        return ctx.lectura.documento(documento_id)
    with ctx.uow() as uow:
        return uow.documentos.obtener(documento_id)


def verificar_en_linea(texto_qr: str, ctx: Contexto) -> ResultadoVerificacion:
    verificacion = ctx.verificador.verificar(texto_qr)
    documento = leer_documento_verificado(verificacion, ctx)
    return resultado_en_linea(verificacion, documento, hoy_en_colombia(ctx.reloj))


def leer_documento_verificado(verificacion: VerificacionQR, ctx: Contexto) -> Documento | None:
    """The registry's documento behind a genuine signature (nothing is read for a forged or unreadable code)."""
    if not verificacion.valido or verificacion.documento_id is None:
        return None
    return _documento_actual(verificacion.documento_id, ctx)


def resultado_en_linea(verificacion: VerificacionQR, documento: Documento | None, hoy: date) -> ResultadoVerificacion:
    """What the public page shows, from the signature verdict and the registry's current documento (pure: the web
    layer may do the read where it costs least, see admin/publico.py)."""
    if verificacion.motivo.startswith(MOTIVO_URL_AJENA):
        # The payload may well be genuine; the link is not this service's (a lure to another site): say so.
        return ResultadoVerificacion("invalido", f"{verificacion.motivo[:1].upper()}{verificacion.motivo[1:]}.")
    if not verificacion.valido or verificacion.documento_id is None:
        return ResultadoVerificacion("invalido", f"El código no es auténtico: {verificacion.motivo}.")
    if documento is None:
        return ResultadoVerificacion(
            "desconocido", "La firma es válida, pero el documento no está en nuestro registro."
        )
    estado = documento.estado(hoy)
    retirada = NOTA_CLAVE_RETIRADA in (verificacion.motivo or "")
    mensaje = _MENSAJES[estado]
    if estado is EstadoDocumento.VIGENTE and retirada:
        mensaje = "Documento auténtico y vigente, firmado con clave retirada."
    novedad = documento.novedad_vigente() if estado in (EstadoDocumento.REVOCADO, EstadoDocumento.SUSPENDIDO) else None
    return ResultadoVerificacion(
        estado=estado.value, mensaje=mensaje, nota=NOTA_CLAVE_RETIRADA if retirada else None,
        motivo=novedad.motivo if novedad else None, tipo=documento.tipo, numero=documento.numero,
        titular=str(verificacion.reclamos.get("titular", "")) or None, emisor=documento.entidad,
        fecha_expedicion=documento.fecha_expedicion, vigente_hasta=documento.vigente_hasta,
        clave_firma=verificacion.clave_firma, documento_id=documento.id,
        placa=str(verificacion.reclamos.get("placa", "")) or None,
    )
