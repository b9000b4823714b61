"""Identity-document trámites (TI, CC) and their comprobantes de documento en trámite (contraseñas).

Seed 002, Circular Única RNEC: §15.4.1 (white paper contraseña, no QR), §15.4.2 (Contraseña EIS, PDF 8 × 16 cm
with QR), §15.4.3 (green paper comprobante, no QR), §15.4.4 (green web-duplicate comprobante with QR), §15.5 (six
months from the trámite; consulates: no expiry), §15.4 in fine (the Registraduría does not certify contraseñas).
Scanning the QR shows the state of the trámite and whether the receipt is valid — not valid once replaced (§15.6,
``contrasenas_reposicion.py``).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import Descarga
from domain.casos_uso.contrasenas_estado import EstadoContrasena as EstadoContrasena  # re-exported
from domain.casos_uso.contrasenas_estado import estado_contrasena as estado_contrasena
from domain.casos_uso.contrasenas_estado import verificar_contrasena as verificar_contrasena
from domain.contrasenas import (
    TIPO_CONTRASENA_EIS,
    TIPO_CONTRASENA_WEB,
    ContrasenaAEmitir,
    ParametrosContrasenas,
    TipoContrasena,
    es_contrasena,
    parametros_contrasenas,
)
from domain.documentos import Archivo, Documento
from domain.errores import DatoInvalido, NoAutorizado, NoEncontrado, TransicionInvalida
from domain.identidad import (
    ClaseTramiteIdentidad,
    EstadoTramiteIdentidad,
    FormatoDocumento,
    TipoDocumentoIdentidad,
    TramiteIdentidad,
)
from domain.personas import Funcionario, Persona
from domain.puertos import UnidadDeTrabajo
from domain.reloj import hoy_en_colombia

E = TypeVar("E", bound=enum.Enum)

_FORMATO_POR_DEFECTO = {
    TipoDocumentoIdentidad.TI: FormatoDocumento.TI_AZUL_BIOMETRICA,
    TipoDocumentoIdentidad.CC: FormatoDocumento.CC_AMARILLA_HOLOGRAMAS,
}


@dataclass(frozen=True)
class SolicitarDocumentoIdentidad:
    titular_id: uuid.UUID
    tipo_documento: str
    """"TI" or "CC"."""
    clase: str
    """primera_vez | duplicado | rectificacion | renovacion."""
    oficina: str
    """Code of the office of preparation (``contrasenas.toml``)."""
    funcionario_id: uuid.UUID
    formato: str | None = None
    """Default: azul biométrica for a TI, amarilla con hologramas for a CC."""
    fecha_solicitud: date | None = None
    """Default: today in Colombia."""
    comprobante: str | None = None
    """Paper trámites only: ``contrasena_blanca`` (§15.4.1, the default) or ``contrasena_verde`` (§15.4.3)."""


@dataclass(frozen=True)
class CambiarEstadoTramiteIdentidad:
    tramite_id: uuid.UUID
    estado: str
    """disponible_para_entrega | entregado | rechazado."""
    funcionario_id: uuid.UUID
    oficina_entrega: str | None = None
    motivo: str | None = None


def _enum(clase: type[E], valor: str, campo: str) -> E:
    texto = valor.strip()
    for candidato in (texto, texto.lower(), texto.upper()):
        try:
            return clase(candidato)  # type: ignore[call-arg]
        except ValueError:
            continue
    raise DatoInvalido(f"Valor «{valor}» no reconocido.", campo=campo)


def _funcionario_rnec(uow: UnidadDeTrabajo, funcionario_id: uuid.UUID, p: ParametrosContrasenas) -> Funcionario:
    funcionario = uow.funcionarios.obtener(funcionario_id)
    if funcionario is None or not funcionario.puede_actuar_en(p.entidad):
        raise NoAutorizado(f"Solo funcionarios de la {p.entidad_nombre} gestionan trámites de identificación.")
    return funcionario


def _emitir(uow: UnidadDeTrabajo, tramite: TramiteIdentidad, titular: Persona, tipo: TipoContrasena,
            ctx: Contexto, p: ParametrosContrasenas, vigente_hasta: date | None,
            nota_reposicion: str | None = None, funcionario: Funcionario | None = None) -> Documento:
    """Render, sign and store a contraseña for ``tramite`` inside the caller's unit of work. ``vigente_hasta``:
    normally ``tramite.vigencia_contrasena(p)`` (§15.5); a replacement (§15.6) passes its own. ``funcionario``:
    who issues it, printed with the cargo the catalogue gives her role."""
    if ctx.contrasenas is None:
        raise TransicionInvalida("Este despliegue no tiene emisor de contraseñas configurado.")
    hoy = hoy_en_colombia(ctx.reloj)
    documento = Documento(
        id=uuid.uuid4(), tipo=tipo.codigo, entidad=p.entidad, titular_id=titular.id,
        numero=f"{tramite.numero_preparacion}-{tipo.sufijo}{len(tramite.contrasenas) + 1}",
        fecha_expedicion=hoy,
        vigente_hasta=vigente_hasta,
    )
    tramite.registrar_contrasena(documento.id)
    formato = f"{tramite.tipo_documento.nombre} ({tramite.formato.nombre})"
    emitido = ctx.contrasenas.emitir_contrasena(ContrasenaAEmitir(
        documento_id=documento.id, tipo=tipo.codigo, titulo=tipo.titulo, entidad_codigo=p.entidad,
        entidad_nombre=p.entidad_nombre, numero_preparacion=documento.numero,
        titular_nombre=titular.nombre_completo, titular_identificacion=str(titular.identificacion),
        tipo_documento=formato, clase_tramite=tramite.clase.nombre, oficina=tramite.oficina.nombre,
        fecha_tramite=tramite.fecha_solicitud, fecha_expedicion=hoy, vigente_hasta=documento.vigente_hasta,
        nota_no_certifica=p.nota_no_certifica, nota_no_identifica=p.nota_no_identifica, con_qr=tipo.qr,
        nota_reposicion=nota_reposicion, entidad_articulo=p.entidad_articulo,
        expedido_por=funcionario.como_suscriptor(p.cargos) if funcionario else None,
    ))
    sha = ctx.almacen.guardar(emitido.pdf)
    documento.archivo = Archivo(sha, f"contrasena-{documento.numero.lower()}.pdf", "application/pdf",
                                len(emitido.pdf))
    documento.clave_firma = emitido.clave_firma
    uow.documentos.agregar(documento)
    return documento


def _nuevo_tramite(uow: UnidadDeTrabajo, cmd: SolicitarDocumentoIdentidad, ctx: Contexto,
                   p: ParametrosContrasenas, canal: str) -> tuple[TramiteIdentidad, Persona, Funcionario]:
    funcionario = _funcionario_rnec(uow, cmd.funcionario_id, p)
    titular = uow.personas.obtener(cmd.titular_id)
    if titular is None:
        raise NoEncontrado("El titular no existe.", campo="titular")
    tipo = _enum(TipoDocumentoIdentidad, cmd.tipo_documento, "tipo_documento")
    formato = _enum(FormatoDocumento, cmd.formato, "formato") if cmd.formato else _FORMATO_POR_DEFECTO[tipo]
    hoy = hoy_en_colombia(ctx.reloj)
    fecha = cmd.fecha_solicitud or hoy
    if fecha > hoy:
        raise DatoInvalido("La fecha del trámite no puede ser futura.", campo="fecha_solicitud")
    prefijo = f"{p.entidad}-{fecha.year}"
    numero = f"{prefijo}-{uow.solicitudes.siguiente_consecutivo(prefijo):07d}"
    tramite = TramiteIdentidad(
        id=uuid.uuid4(), numero_preparacion=numero, tipo_documento=tipo, formato=formato,
        clase=_enum(ClaseTramiteIdentidad, cmd.clase, "clase"), titular_id=titular.id,
        oficina=p.oficina(cmd.oficina), fecha_solicitud=fecha, canal=canal,
    )
    return tramite, titular, funcionario


def solicitar_documento_identidad(
    cmd: SolicitarDocumentoIdentidad, ctx: Contexto
) -> tuple[TramiteIdentidad, Documento]:
    """Preparation at an EIS: the trámite enters production and the Contraseña EIS is issued (§15.4.2)."""
    p = parametros_contrasenas()
    with ctx.uow() as uow:
        tramite, titular, funcionario = _nuevo_tramite(uow, cmd, ctx, p, "eis")
        documento = _emitir(uow, tramite, titular, p.tipos[TIPO_CONTRASENA_EIS], ctx, p,
                            # §15.5: six months from the trámite (not from this issue date); consulates: never.
                            tramite.vigencia_contrasena(p), funcionario=funcionario)
        uow.tramites_identidad.agregar(tramite)
        uow.commit()
    return tramite, documento


def duplicado_web_contrasena(cmd: SolicitarDocumentoIdentidad, ctx: Contexto) -> tuple[TramiteIdentidad, Documento]:
    """A duplicate requested through the web tool: green comprobante with QR (§15.4.4). Only duplicates."""
    p = parametros_contrasenas()
    with ctx.uow() as uow:
        tramite, titular, funcionario = _nuevo_tramite(uow, cmd, ctx, p, "web")
        documento = _emitir(uow, tramite, titular, p.tipos[TIPO_CONTRASENA_WEB], ctx, p,
                            # §15.5: six months from the trámite (not from this issue date); consulates: never.
                            tramite.vigencia_contrasena(p), funcionario=funcionario)
        uow.tramites_identidad.agregar(tramite)
        uow.commit()
    return tramite, documento


def tramite_en_papel(cmd: SolicitarDocumentoIdentidad, ctx: Contexto) -> tuple[TramiteIdentidad, Documento]:
    """A trámite prepared on paper: the white pre-printed contraseña (§15.4.1, paper enrolment) or the green one
    without QR (§15.4.3, offices without full EIS coverage), printed pre-filled with the photo and fingerprint boxes
    on the back for the official. Its issuance is recorded like any contraseña; validity per §15.5."""
    p = parametros_contrasenas()
    papel = p.tipos_del_canal("papel")
    codigo = (cmd.comprobante or papel[0].codigo).strip()
    tipo = p.tipo(codigo)
    if tipo.canal != "papel":
        raise DatoInvalido("Para un trámite en papel elija la contraseña blanca (§15.4.1) o la verde sin QR "
                           "(§15.4.3).", campo="comprobante")
    with ctx.uow() as uow:
        tramite, titular, funcionario = _nuevo_tramite(uow, cmd, ctx, p, "papel")
        documento = _emitir(uow, tramite, titular, tipo, ctx, p,
                            # §15.5: six months from the trámite (not from this issue date); consulates: never.
                            tramite.vigencia_contrasena(p), funcionario=funcionario)
        uow.tramites_identidad.agregar(tramite)
        uow.commit()
    return tramite, documento


def cambiar_estado_tramite_identidad(cmd: CambiarEstadoTramiteIdentidad, ctx: Contexto) -> TramiteIdentidad:
    p = parametros_contrasenas()
    ahora = ctx.reloj.ahora()
    destino = _enum(EstadoTramiteIdentidad, cmd.estado, "estado")
    with ctx.uow() as uow:
        funcionario = _funcionario_rnec(uow, cmd.funcionario_id, p)
        tramite = uow.tramites_identidad.obtener(cmd.tramite_id)
        if tramite is None:
            raise NoEncontrado("El trámite de identificación no existe.")
        actor = f"funcionario:{funcionario.usuario}"
        if destino is EstadoTramiteIdentidad.DISPONIBLE_PARA_ENTREGA:
            if not cmd.oficina_entrega:
                raise DatoInvalido("Indique la oficina de entrega.", campo="oficina_entrega")
            tramite.marcar_disponible(p.oficina(cmd.oficina_entrega), actor, ahora)
        elif destino is EstadoTramiteIdentidad.ENTREGADO:
            tramite.entregar(actor, ahora)
        elif destino is EstadoTramiteIdentidad.RECHAZADO:
            tramite.rechazar(cmd.motivo or "", actor, ahora)
        else:
            raise TransicionInvalida("Un trámite no vuelve a producción.")
        uow.tramites_identidad.guardar(tramite)
        uow.commit()
    return tramite


@dataclass(frozen=True)
class DetalleTramiteIdentidad:
    tramite: TramiteIdentidad
    titular: Persona | None
    contrasenas: list[Documento]


def obtener_tramite_identidad(
    tramite_id: uuid.UUID, ctx: Contexto, aliado_id: uuid.UUID | None = None
) -> DetalleTramiteIdentidad | None:
    """None if it does not exist or, with ``aliado_id``, if that partner may not read its titular (same answer)."""
    with ctx.uow() as uow:
        tramite = uow.tramites_identidad.obtener(tramite_id)
        if tramite is None:
            return None
        if aliado_id is None:
            titular = uow.personas.obtener(tramite.titular_id)
        else:
            visibles = uow.personas.varias([tramite.titular_id], visibles_para=aliado_id)
            if not visibles:
                return None
            titular = visibles[0]
        return DetalleTramiteIdentidad(tramite, titular, uow.documentos.varios(tramite.contrasenas))


def listar_tramites_identidad(
    ctx: Contexto, *, titular_id: uuid.UUID | None = None, limite: int = 50
) -> list[tuple[TramiteIdentidad, Persona | None]]:
    limite = max(1, min(limite, 100))
    with ctx.uow() as uow:
        tramites = uow.tramites_identidad.listar(titular_id=titular_id, limite=limite)
        personas = {x.id: x for x in uow.personas.varias(sorted({t.titular_id for t in tramites}))}
    return [(t, personas.get(t.titular_id)) for t in tramites]


def descargar_contrasena(documento_id: uuid.UUID, ctx: Contexto) -> Descarga:
    with ctx.uow() as uow:
        documento = uow.documentos.obtener(documento_id)
    if documento is None or not es_contrasena(documento.tipo) or documento.archivo is None:
        raise NoEncontrado("La contraseña no existe.")
    return Descarga(documento.archivo.nombre, documento.archivo.tipo_medio, ctx.almacen.leer(documento.archivo.sha256))


def buscar_titular(tipo: str, numero: str, ctx: Contexto) -> Persona | None:
    """The persona an official names by identification (the admin's form); None if not registered."""
    from domain.valores import Identificacion

    identificacion = Identificacion.crear(tipo, numero)
    with ctx.uow() as uow:
        return uow.personas.por_identificacion(identificacion)
