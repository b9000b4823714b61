"""Explicit data mappers: domain dataclass <-> table rows.

Plain functions instead of ``registry.map_imperatively``: the aggregates are made of frozen value objects, enums and
lists that the ORM would need custom types, composites and relationship tricks to follow. Here every column is named
once, nothing is lazy-loaded behind the domain's back, and each load builds fresh objects, so changes reach the
database only through ``agregar``/``guardar`` (the same copy semantics as tests/fakes.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.documentos import Archivo, Documento, EventoDocumento, TipoEventoDocumento
from domain.notificaciones import EstadoEnvio, Notificacion, TipoNotificacion
from domain.personas import Funcionario, Persona, Rol, SistemaAliado
from domain.reglas import Hallazgo, Resultado
from domain.solicitudes import EstadoSolicitud, EventoSolicitud, Solicitud, Soporte, Sujeto
from domain.valores import Identificacion, TipoIdentificacion
from domain.verificaciones import ResultadoVerificacion, Verificacion

Fila = Mapping[Any, Any]
"""A result row by column name (``Result.mappings()``; its keys may also be Column objects, hence Any)."""


# -- personas, funcionarios, aliados -------------------------------------------------------------------------------
def persona_a_fila(p: Persona) -> dict[str, Any]:
    return {
        "id": p.id,
        "tipo_identificacion": p.identificacion.tipo.value,
        "numero_identificacion": p.identificacion.numero,
        "nombres": p.nombres,
        "apellidos": p.apellidos,
        "fecha_nacimiento": p.fecha_nacimiento,
        "sexo": p.sexo,
        "nacionalidad": p.nacionalidad,
        "direccion": p.direccion,
        "municipio": p.municipio,
        "correo": p.correo,
        "telefono": p.telefono,
        "version": p.version,
        "creada_por": p.creada_por,
    }


def persona_de_fila(f: Fila) -> Persona:
    # The constructor, not Identificacion.crear: stored numbers were normalised and validated when written.
    identificacion = Identificacion(TipoIdentificacion(f["tipo_identificacion"]), f["numero_identificacion"])
    return Persona(
        id=f["id"], identificacion=identificacion, nombres=f["nombres"], apellidos=f["apellidos"],
        fecha_nacimiento=f["fecha_nacimiento"], sexo=f["sexo"], nacionalidad=f["nacionalidad"],
        direccion=f["direccion"], municipio=f["municipio"], correo=f["correo"], telefono=f["telefono"],
        version=f["version"], creada_por=f["creada_por"],
    )


def funcionario_a_fila(x: Funcionario) -> dict[str, Any]:
    return {
        "id": x.id, "usuario": x.usuario, "nombre": x.nombre, "entidad": x.entidad, "rol": x.rol.value,
        "hash_clave": x.hash_clave, "activo": x.activo, "version": x.version,
    }


def funcionario_de_fila(f: Fila) -> Funcionario:
    return Funcionario(
        id=f["id"], usuario=f["usuario"], nombre=f["nombre"], entidad=f["entidad"], rol=Rol(f["rol"]),
        hash_clave=f["hash_clave"], activo=f["activo"], version=f["version"],
    )


def aliado_a_fila(x: SistemaAliado) -> dict[str, Any]:
    return {
        "id": x.id, "nombre": x.nombre, "hash_credencial": x.hash_credencial, "alcances": sorted(x.alcances),
        "activo": x.activo, "version": x.version, "prefijo_credencial": x.prefijo_credencial,
        "creado_en": x.creado_en, "rotado_en": x.rotado_en, "revocado_en": x.revocado_en,
    }


def aliado_de_fila(f: Fila) -> SistemaAliado:
    return SistemaAliado(
        id=f["id"], nombre=f["nombre"], hash_credencial=f["hash_credencial"], alcances=frozenset(f["alcances"]),
        activo=f["activo"], prefijo_credencial=f["prefijo_credencial"], creado_en=f["creado_en"],
        rotado_en=f["rotado_en"], revocado_en=f["revocado_en"], version=f["version"],
    )


# -- solicitudes ---------------------------------------------------------------------------------------------------
def _hallazgo_a_json(h: Hallazgo) -> dict[str, Any]:
    return {
        "requisito": h.requisito, "regla": h.regla, "resultado": h.resultado.value, "mensaje": h.mensaje,
        "fuente": h.fuente, "bloqueante": h.bloqueante,
    }


def _hallazgo_de_json(d: Mapping[str, Any]) -> Hallazgo:
    return Hallazgo(
        requisito=d["requisito"], regla=d["regla"], resultado=Resultado(d["resultado"]), mensaje=d["mensaje"],
        fuente=d["fuente"], bloqueante=d["bloqueante"],
    )


def _verificacion_a_json(v: Verificacion) -> dict[str, Any]:
    return {
        "indice": v.indice, "requisito": v.requisito, "regla": v.regla, "resultado": v.resultado.value,
        "funcionario_id": str(v.funcionario_id), "funcionario_nombre": v.funcionario_nombre,
        "cuando": v.cuando.isoformat(), "observacion": v.observacion,
    }


def _verificacion_de_json(d: Mapping[str, Any]) -> Verificacion:
    return Verificacion(
        indice=d["indice"], requisito=d["requisito"], regla=d["regla"], resultado=ResultadoVerificacion(d["resultado"]),
        funcionario_id=uuid.UUID(d["funcionario_id"]), funcionario_nombre=d["funcionario_nombre"],
        cuando=datetime.fromisoformat(d["cuando"]), observacion=d["observacion"],
    )


def solicitud_a_fila(s: Solicitud) -> dict[str, Any]:
    """The solicitudes row; soportes and eventos go to their own tables."""
    return {
        "id": s.id,
        "radicado": s.radicado,
        "tramite": s.tramite,
        "tramite_version": s.tramite_version,
        "entidad": s.entidad,
        "titular_id": s.titular_id,
        "rol_notificado": s.rol_notificado,
        "datos": dict(s.datos),
        "sujeto_tipo": s.sujeto.tipo if s.sujeto else None,
        "sujeto_id": s.sujeto.id if s.sujeto else None,
        "sujeto_etiqueta": s.sujeto.etiqueta if s.sujeto else None,
        "entrega": s.entrega,
        "lugar_entrega": s.lugar_entrega,
        "radicada_en": s.radicada_en,
        "fecha_limite_decision": s.fecha_limite_decision,
        "estado": s.estado.value,
        "hallazgos": [_hallazgo_a_json(h) for h in s.hallazgos],
        "asignado_a": s.asignado_a,
        "motivos_rechazo": list(s.motivos_rechazo),
        "fecha_limite_subsanacion": s.fecha_limite_subsanacion,
        "documento_id": s.documento_id,
        "radicada_por": s.radicada_por,
        "version": s.version,
        "verificaciones": [_verificacion_a_json(v) for v in s.verificaciones],
    }


def soportes_a_filas(s: Solicitud) -> list[dict[str, Any]]:
    return [
        {
            "solicitud_id": s.id, "posicion": posicion, "requisito": x.requisito, "sha256": x.archivo.sha256,
            "nombre": x.archivo.nombre, "tipo_medio": x.archivo.tipo_medio, "tamano": x.archivo.tamano,
            "fecha_documento": x.fecha_documento, "subtipo": x.subtipo,
        }
        for posicion, x in enumerate(s.soportes)
    ]


def evento_solicitud_a_fila(solicitud_id: uuid.UUID, secuencia: int, e: EventoSolicitud) -> dict[str, Any]:
    return {
        "solicitud_id": solicitud_id, "secuencia": secuencia, "cuando": e.cuando, "tipo": e.tipo,
        "actor": e.actor, "detalle": e.detalle,
    }


def partes_a_filas(s: Solicitud) -> list[dict[str, Any]]:
    return [{"solicitud_id": s.id, "rol": rol, "persona_id": p} for rol, p in sorted(s.partes.items())]


def solicitud_de_filas(
    f: Fila, soportes: Sequence[Fila], eventos: Sequence[Fila], partes: Sequence[Fila]
) -> Solicitud:
    """``soportes`` ordered by posicion and ``eventos`` by secuencia, all three of this solicitud only."""
    sujeto = (Sujeto(f["sujeto_tipo"], f["sujeto_id"], f["sujeto_etiqueta"] or "")
              if f["sujeto_tipo"] and f["sujeto_id"] else None)
    return Solicitud(
        id=f["id"],
        radicado=f["radicado"],
        tramite=f["tramite"],
        tramite_version=f["tramite_version"],
        entidad=f["entidad"],
        partes={p["rol"]: p["persona_id"] for p in partes},
        rol_notificado=f["rol_notificado"],
        datos=dict(f["datos"]),
        sujeto=sujeto,
        entrega=f["entrega"],
        lugar_entrega=f["lugar_entrega"],
        radicada_en=f["radicada_en"],
        fecha_limite_decision=f["fecha_limite_decision"],
        estado=EstadoSolicitud(f["estado"]),
        soportes=[
            Soporte(
                requisito=x["requisito"],
                archivo=Archivo(x["sha256"], x["nombre"], x["tipo_medio"], x["tamano"]),
                fecha_documento=x["fecha_documento"],
                subtipo=x["subtipo"],
            )
            for x in soportes
        ],
        hallazgos=[_hallazgo_de_json(h) for h in f["hallazgos"]],
        asignado_a=f["asignado_a"],
        motivos_rechazo=list(f["motivos_rechazo"]),
        fecha_limite_subsanacion=f["fecha_limite_subsanacion"],
        documento_id=f["documento_id"],
        eventos=[EventoSolicitud(e["cuando"], e["tipo"], e["actor"], e["detalle"]) for e in eventos],
        radicada_por=f["radicada_por"],
        version=f["version"],
        verificaciones=[_verificacion_de_json(v) for v in f["verificaciones"]],
    )


# -- documentos ----------------------------------------------------------------------------------------------------
def documento_a_fila(d: Documento) -> dict[str, Any]:
    a = d.archivo
    return {
        "id": d.id, "tipo": d.tipo, "entidad": d.entidad, "titular_id": d.titular_id, "numero": d.numero,
        "fecha_expedicion": d.fecha_expedicion, "vigente_hasta": d.vigente_hasta,
        "archivo_sha256": a.sha256 if a else None, "archivo_nombre": a.nombre if a else None,
        "archivo_tipo_medio": a.tipo_medio if a else None, "archivo_tamano": a.tamano if a else None,
        "solicitud_id": d.solicitud_id, "clave_firma": d.clave_firma, "version": d.version,
    }


def evento_documento_a_fila(documento_id: uuid.UUID, secuencia: int, e: EventoDocumento) -> dict[str, Any]:
    return {
        "documento_id": documento_id, "secuencia": secuencia, "tipo": e.tipo.value, "fecha": e.fecha,
        "motivo": e.motivo, "actor": e.actor,
    }


def documento_de_filas(f: Fila, eventos: Sequence[Fila]) -> Documento:
    archivo = None
    if f["archivo_sha256"] is not None:
        archivo = Archivo(f["archivo_sha256"], f["archivo_nombre"], f["archivo_tipo_medio"], f["archivo_tamano"])
    return Documento(
        id=f["id"], tipo=f["tipo"], entidad=f["entidad"], titular_id=f["titular_id"], numero=f["numero"],
        fecha_expedicion=f["fecha_expedicion"], vigente_hasta=f["vigente_hasta"], archivo=archivo,
        solicitud_id=f["solicitud_id"], clave_firma=f["clave_firma"],
        eventos=[
            EventoDocumento(TipoEventoDocumento(e["tipo"]), e["fecha"], e["motivo"], e["actor"]) for e in eventos
        ],
        version=f["version"],
    )


# -- bandeja de salida ---------------------------------------------------------------------------------------------
def notificacion_a_fila(n: Notificacion) -> dict[str, Any]:
    return {
        "id": n.id, "destinatario": n.destinatario, "asunto": n.asunto, "cuerpo": n.cuerpo,
        "creada_en": n.creada_en, "solicitud_id": n.solicitud_id, "enviada_en": n.enviada_en,
        "tipo": n.tipo.value if n.tipo else None, "datos": n.datos or None, "entidad": n.entidad,
        "estado": n.estado.value, "intentos": n.intentos, "proximo_intento": n.proximo_intento or n.creada_en,
        "arriendo_hasta": n.arriendo_hasta, "ultimo_error": n.ultimo_error,
    }


def notificacion_de_fila(f: Fila) -> Notificacion:
    return Notificacion(
        id=f["id"], destinatario=f["destinatario"], asunto=f["asunto"], cuerpo=f["cuerpo"],
        creada_en=f["creada_en"], solicitud_id=f["solicitud_id"], enviada_en=f["enviada_en"],
        tipo=TipoNotificacion(f["tipo"]) if f["tipo"] else None, datos=dict(f["datos"] or {}),
        entidad=f["entidad"], estado=EstadoEnvio(f["estado"]), intentos=f["intentos"],
        proximo_intento=f["proximo_intento"], arriendo_hasta=f["arriendo_hasta"], ultimo_error=f["ultimo_error"],
    )

