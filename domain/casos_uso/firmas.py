"""Registro de firmas and certificación de firma con fines de apostilla (seed 002 §6-7), and the public
e-Register lookup (number + date → signer, capacity, entidad, seal, kind), rate-limited and audited.

The certification is issued by the Registraduría (``parametros_certificacion().entidad``, the entidad that signs
the contraseñas) as a ``Documento`` of tipo ``certificacion_firma``, PAdES-signed with a QR by the ``emisor`` port.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from domain.archivos import inspeccionar, tipo_por_contenido
from domain.auditoria import EventoAuditoria
from domain.casos_uso import Contexto
from domain.casos_uso.certificados import Descarga
from domain.contrasenas import parametros_contrasenas
from domain.documentos import Archivo, Documento
from domain.eregistro import (
    ACCION_CONSULTA_BLOQUEADA,
    ACCION_CONSULTA_ENCONTRADA,
    ACCION_CONSULTA_FALLIDA,
    LimitadorConsultas,
    actor_consulta,
)
from domain.errores import DatoInvalido, NoAutorizado, NoEncontrado, RequisitoIncumplido
from domain.fechas import fecha_larga
from domain.firmas import (
    TIPO_CERTIFICACION_FIRMA,
    CertificacionFirma,
    FirmaRegistrada,
    ParametrosCertificacion,
    certificacion_a_emitir,
    evaluar_certificacion,
    parametros_certificacion,
)
from domain.personas import Funcionario, Rol
from domain.puertos import UnidadDeTrabajo
from domain.reglas import Hallazgo, Resultado
from domain.reloj import ZONA_COLOMBIA, hoy_en_colombia
from domain.textos import tiene_controles

ACCION_REGISTRAR = "firma.registrar"
ACCION_RETIRAR = "firma.retirar"
ACCION_CERTIFICAR = "certificacion_firma.emitir"
TAMANO_MAXIMO = 10 * 1024 * 1024
_IMAGENES = frozenset({"image/png", "image/jpeg"})
_COPIAS = _IMAGENES | {"application/pdf"}


class CertificacionRechazada(RequisitoIncumplido):
    """§7.3 said no: carries the failed Hallazgos; nothing was written."""

    codigo = "CERTIFICACION_RECHAZADA"

    def __init__(self, hallazgos: list[Hallazgo]) -> None:
        self.hallazgos = hallazgos
        fallidos = [h.mensaje for h in hallazgos if h.resultado is not Resultado.CUMPLE]
        super().__init__("No se puede certificar la firma: " + " ".join(fallidos))


class ConsultaBloqueada(NoAutorizado):
    codigo = "CONSULTA_BLOQUEADA"


@dataclass(frozen=True)
class RegistrarFirma:
    funcionario_id: uuid.UUID
    nombre: str
    identificacion: str
    entidad: str
    cargo: str
    resolucion_nombramiento: str
    fecha_posesion: date
    especimen_nombre: str
    especimen: bytes
    huella_certificado: str
    fecha_retiro: date | None = None


@dataclass(frozen=True)
class CertificarFirma:
    funcionario_id: uuid.UUID
    solicitante_id: uuid.UUID
    """The persona who asks for the certification (titular of the issued Documento)."""
    firma_id: uuid.UUID
    tipo_registro: str
    fecha_firma: date
    """Date the record was signed/issued by the registered official."""
    tiene_recaudo: bool
    """Declared by the official who inspected the copy: the system cannot see the sticker (§7.3)."""
    copia_nombre: str
    copia: bytes


def _coordinador(uow: UnidadDeTrabajo, funcionario_id: uuid.UUID, entidad: str, nombre: str) -> Funcionario:
    f = uow.funcionarios.obtener(funcionario_id)
    if f is None or not f.puede_actuar_en(entidad) or f.rol is not Rol.COORDINADOR:
        raise NoAutorizado(f"Solo los coordinadores de la {nombre} gestionan el registro de firmas.")
    return f


def _funcionario(uow: UnidadDeTrabajo, funcionario_id: uuid.UUID, entidad: str, nombre: str) -> Funcionario:
    f = uow.funcionarios.obtener(funcionario_id)
    if f is None or not f.puede_actuar_en(entidad):
        raise NoAutorizado(f"Solo funcionarios de la {nombre} certifican firmas.")
    return f


def _archivo(nombre: str, contenido: bytes, permitidos: frozenset[str], campo: str, ctx: Contexto) -> Archivo:
    tipo = tipo_por_contenido(contenido)
    if not contenido or tipo not in permitidos:
        formatos = "PNG o JPG" if permitidos == _IMAGENES else "PDF, PNG o JPG"
        raise DatoInvalido(f"El archivo debe ser un {formatos} válido.", campo=campo)
    if len(contenido) > TAMANO_MAXIMO:
        raise DatoInvalido("El archivo supera 10 MB.", campo=campo)
    inspeccionar(ctx.inspector, nombre or "archivo", tipo, contenido, campo)
    return Archivo(ctx.almacen.guardar(contenido), nombre or "archivo", tipo, len(contenido))


def registrar_firma(cmd: RegistrarFirma, ctx: Contexto) -> FirmaRegistrada:
    p = parametros_contrasenas()
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        f = _coordinador(uow, cmd.funcionario_id, p.entidad, p.entidad_nombre)
        if cmd.fecha_posesion > hoy_en_colombia(ctx.reloj):
            raise DatoInvalido("La fecha de posesión no puede ser futura.", campo="fecha_posesion")
        firma = FirmaRegistrada(
            id=uuid.uuid4(), nombre=cmd.nombre.strip(), identificacion=cmd.identificacion.strip(),
            entidad=cmd.entidad.strip(), cargo=cmd.cargo.strip(),
            resolucion_nombramiento=cmd.resolucion_nombramiento.strip(), fecha_posesion=cmd.fecha_posesion,
            especimen=_archivo(cmd.especimen_nombre, cmd.especimen, _IMAGENES, "especimen", ctx),
            huella_certificado=cmd.huella_certificado, registrada_por=f"funcionario:{f.usuario}",
            registrada_en=ahora, fecha_retiro=cmd.fecha_retiro,
        )
        uow.firmas.agregar(firma)
        uow.auditoria.registrar(EventoAuditoria.nuevo(ahora, firma.registrada_por, ACCION_REGISTRAR,
                                                      f"firma:{firma.id}", p.entidad,
                                                      f"{firma.nombre}, {firma.cargo} ({firma.entidad})"))
        uow.commit()
    return firma


def retirar_firma(firma_id: uuid.UUID, fecha_retiro: date, funcionario_id: uuid.UUID, ctx: Contexto) -> FirmaRegistrada:
    p = parametros_contrasenas()
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        f = _coordinador(uow, funcionario_id, p.entidad, p.entidad_nombre)
        firma = uow.firmas.obtener(firma_id)
        if firma is None:
            raise NoEncontrado("La firma registrada no existe.")
        firma.retirar(fecha_retiro)
        uow.firmas.guardar(firma)
        uow.auditoria.registrar(EventoAuditoria.nuevo(ahora, f"funcionario:{f.usuario}", ACCION_RETIRAR,
                                                      f"firma:{firma.id}", p.entidad,
                                                      f"Retiro el {fecha_retiro.isoformat()}"))
        uow.commit()
    return firma


def listar_firmas(ctx: Contexto, limite: int = 100) -> list[FirmaRegistrada]:
    with ctx.uow() as uow:
        return uow.firmas.listar(limite=max(1, min(limite, 500)))


def obtener_firma(firma_id: uuid.UUID, ctx: Contexto) -> FirmaRegistrada | None:
    with ctx.uow() as uow:
        return uow.firmas.obtener(firma_id)


@dataclass(frozen=True)
class CertificacionEmitida:
    documento: Documento
    certificacion: CertificacionFirma
    hallazgos: list[Hallazgo]


def certificar_firma(cmd: CertificarFirma, ctx: Contexto) -> CertificacionEmitida:
    """Check §7.3 and issue the signed certificación, or raise ``CertificacionRechazada`` (nothing written)."""
    p = parametros_certificacion()
    rnec = parametros_contrasenas()
    hoy = hoy_en_colombia(ctx.reloj)
    ahora = ctx.reloj.ahora()
    tipo = p.tipo_registro(cmd.tipo_registro)
    with ctx.uow() as uow:
        f = _funcionario(uow, cmd.funcionario_id, p.entidad, rnec.entidad_nombre)
        firma = uow.firmas.obtener(cmd.firma_id)
        if firma is None:
            raise NoEncontrado("La firma registrada no existe.", campo="firma")
        solicitante = uow.personas.obtener(cmd.solicitante_id)
        if solicitante is None:
            raise NoEncontrado("El solicitante no existe.", campo="solicitante")
        if tipo_por_contenido(cmd.copia) not in _COPIAS:
            raise DatoInvalido("La copia del registro debe ser un PDF, PNG o JPG válido.", campo="copia")
        hallazgos = evaluar_certificacion(firma, cmd.fecha_firma, cmd.tiene_recaudo, hoy, p)
        if any(h.resultado is not Resultado.CUMPLE for h in hallazgos):
            raise CertificacionRechazada(hallazgos)
        copia = _archivo(cmd.copia_nombre, cmd.copia, _COPIAS, "copia", ctx)
        prefijo = f"{p.prefijo_numero}-{hoy.year}"
        numero = f"{prefijo}-{uow.solicitudes.siguiente_consecutivo(prefijo):06d}"
        documento = Documento(id=uuid.uuid4(), tipo=TIPO_CERTIFICACION_FIRMA, entidad=p.entidad,
                              titular_id=solicitante.id, numero=numero, fecha_expedicion=hoy, vigente_hasta=None)
        emitido = ctx.emisor.emitir(certificacion_a_emitir(
            documento, firma, cmd.fecha_firma, tipo, solicitante, hallazgos, rnec.entidad_nombre, p,
            entidad_articulo=rnec.entidad_articulo, expedido_por=f.como_suscriptor(rnec.cargos)))
        sha = ctx.almacen.guardar(emitido.pdf)
        documento.archivo = Archivo(sha, f"{numero.lower()}.pdf", "application/pdf", len(emitido.pdf))
        documento.clave_firma = emitido.clave_firma
        uow.documentos.agregar(documento)
        certificacion = CertificacionFirma(numero, hoy, documento.id, firma.id, tipo, cmd.fecha_firma,
                                          copia.sha256)
        uow.certificaciones_firma.agregar(certificacion)
        uow.auditoria.registrar(EventoAuditoria.nuevo(ahora, f"funcionario:{f.usuario}", ACCION_CERTIFICAR,
                                                      f"documento:{documento.id}", p.entidad, numero))
        uow.commit()
    return CertificacionEmitida(documento, certificacion, hallazgos)


@dataclass(frozen=True)
class ResultadoConsulta:
    """What the e-Register shows: minimal data about the signer and the certification."""

    numero: str
    fecha: date
    firmante: str
    cargo: str
    entidad: str
    sello: str
    tipo: str
    estado: str


def consultar_certificacion(numero: str, fecha: date | None, direccion: str, limitador: LimitadorConsultas,
                            ctx: Contexto) -> ResultadoConsulta | None:
    """Number + date → data, or None (a failure). Raises ``ConsultaBloqueada`` while the address is blocked, and on
    the failure that starts a block. Every lookup is audited with the address and one code per outcome
    (``eregistro.ACCIONES_CONSULTA``): the persistent limiter counts the failures from there."""
    p = parametros_certificacion()
    numero = (numero or "").strip().upper()
    if not numero or fecha is None:
        raise DatoInvalido("El número y la fecha de la certificación son obligatorios.")
    if tiene_controles(numero):  # nothing to look up (no certificación has such a number), nothing to audit
        raise DatoInvalido("El número de la certificación contiene caracteres no permitidos: escríbalo como figura "
                           "en ella (p. ej. CF-2026-000001).", campo="numero")
    ahora = ctx.reloj.ahora()
    bloqueo = limitador.bloqueada_hasta(direccion)
    resultado: ResultadoConsulta | None = None
    with ctx.uow() as uow:
        if bloqueo is None:
            resultado = _buscar(uow, numero, fecha, p, hoy_en_colombia(ctx.reloj))
        accion = (ACCION_CONSULTA_BLOQUEADA if bloqueo is not None
                  else ACCION_CONSULTA_ENCONTRADA if resultado is not None else ACCION_CONSULTA_FALLIDA)
        detalle = f"ip={direccion}; fecha={fecha.isoformat()}"
        if bloqueo is not None:
            detalle += f"; bloqueada hasta {bloqueo.isoformat()}"
        uow.auditoria.registrar(EventoAuditoria.nuevo(ahora, actor_consulta(direccion), accion,
                                                      f"certificacion:{numero[:60]}", p.entidad, detalle))
        uow.commit()
    if bloqueo is None and resultado is None:
        bloqueo = limitador.registrar_fallo(direccion)  # after the commit: the failure is in the log
    if resultado is None and bloqueo is not None:
        raise ConsultaBloqueada(f"Demasiadas consultas fallidas desde esta dirección; intente de nuevo después del "
                                f"{_hora(bloqueo)}.")
    return resultado


def _buscar(uow: UnidadDeTrabajo, numero: str, fecha: date, p: ParametrosCertificacion,
            hoy: date) -> ResultadoConsulta | None:
    c = uow.certificaciones_firma.por_numero(numero)
    if c is None or c.fecha_expedicion != fecha:
        return None
    firma = uow.firmas.obtener(c.firma_id)
    documento = uow.documentos.obtener(c.documento_id) if firma is not None else None
    if firma is None or documento is None:
        return None
    return ResultadoConsulta(
        numero=c.numero, fecha=c.fecha_expedicion, firmante=firma.nombre, cargo=firma.cargo, entidad=firma.entidad,
        sello=f"Sello de {firma.entidad}",
        tipo=f"{p.titulo}: {p.tipos_registro.get(c.tipo_registro, c.tipo_registro)}",
        estado=documento.estado(hoy).value)


def _hora(instante: datetime) -> str:
    local = instante.astimezone(ZONA_COLOMBIA)
    return f"{fecha_larga(local.date())} a las {local:%H:%M} (hora de Colombia)"


def descargar_certificacion(documento_id: uuid.UUID, ctx: Contexto) -> Descarga:
    with ctx.uow() as uow:
        documento = uow.documentos.obtener(documento_id)
    if documento is None or documento.tipo != TIPO_CERTIFICACION_FIRMA or documento.archivo is None:
        raise NoEncontrado("La certificación no existe.")
    return Descarga(documento.archivo.nombre, documento.archivo.tipo_medio, ctx.almacen.leer(documento.archivo.sha256))


def especimen_de_firma(firma_id: uuid.UUID, ctx: Contexto) -> Descarga:
    firma = obtener_firma(firma_id, ctx)
    if firma is None:
        raise NoEncontrado("La firma registrada no existe.")
    a = firma.especimen
    return Descarga(a.nombre, a.tipo_medio, ctx.almacen.leer(a.sha256))
