"""Registro de firmas (tarjeta de actualización de firmas) and certificación de firma con fines de apostilla.

Law: seed 002, Circular Única RNEC §6 (registro de firmas de los registradores) and §7.3 (the Registraduría
certifies the signature on a civil-registry record for apostille only if: it carries the recaudo sticker, it is
signed by an official whose signature was registered and active on the signing date, and it was issued no more
than 90 days ago). The parameters are data: ``catalogo/firmas/certificacion.toml``.
"""

from __future__ import annotations

import re
import tomllib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from domain.documentos import Archivo, CertificadoAEmitir, Documento, Suscriptor, con_articulo
from domain.eregistro import ReglaBloqueo
from domain.errores import DatoInvalido, TransicionInvalida
from domain.fechas import fecha_larga
from domain.personas import Persona
from domain.reglas import Hallazgo, Resultado
from domain.valores import identificacion_legible

ARCHIVO_PARAMETROS = Path(__file__).parent / "catalogo" / "firmas" / "certificacion.toml"
TIPO_CERTIFICACION_FIRMA = "certificacion_firma"
_HUELLA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ParametrosCertificacion:
    entidad: str
    prefijo_numero: str
    titulo: str
    fuente: str
    dias_maximos_expedicion: int
    nota: str
    tipos_registro: dict[str, str]
    fallos_maximos: int
    ventana_minutos: int
    bloqueo_horas: int
    ruta_consulta: str
    """Path of the public e-Register lookup (number + date), printed on the certificación."""

    def regla_bloqueo(self) -> ReglaBloqueo:
        """The e-Register's failure/block rule (anchors-mission §5)."""
        return ReglaBloqueo(self.fallos_maximos, timedelta(minutes=self.ventana_minutos),
                            timedelta(hours=self.bloqueo_horas))

    def tipo_registro(self, codigo: str) -> str:
        limpio = (codigo or "").strip().lower()
        if limpio not in self.tipos_registro:
            raise DatoInvalido(f"Tipo de registro «{codigo}» no reconocido.", campo="tipo_registro")
        return limpio

    @classmethod
    def desde_dict(cls, d: dict[str, Any]) -> ParametrosCertificacion:
        e = d["eregister"]
        return cls(d["entidad"], d["prefijo_numero"], d["titulo"], d["fuente"], int(d["dias_maximos_expedicion"]),
                   d["nota"], dict(d["tipos_registro"]), int(e["fallos_maximos"]), int(e["ventana_minutos"]),
                   int(e["bloqueo_horas"]), e["ruta"])


@lru_cache(maxsize=4)
def parametros_certificacion(archivo: Path = ARCHIVO_PARAMETROS) -> ParametrosCertificacion:
    with archivo.open("rb") as f:
        return ParametrosCertificacion.desde_dict(tomllib.load(f))


def huella_valida(huella: str) -> str:
    """The SHA-256 fingerprint of the signing certificate: 64 hex digits (colons and spaces allowed)."""
    limpia = re.sub(r"[\s:]", "", huella or "").lower()
    if not _HUELLA.fullmatch(limpia):
        raise DatoInvalido("La huella del certificado debe ser un SHA-256 en hexadecimal (64 caracteres).",
                           campo="huella_certificado")
    return limpia


@dataclass
class FirmaRegistrada:
    """One official's card in the registro de firmas (§6)."""

    id: uuid.UUID
    nombre: str
    identificacion: str
    entidad: str
    """The entidad where the official serves (e.g. "Registraduría Municipal de Chía" or a notaría)."""
    cargo: str
    resolucion_nombramiento: str
    fecha_posesion: date
    especimen: Archivo
    huella_certificado: str
    registrada_por: str
    registrada_en: datetime
    fecha_retiro: date | None = None
    version: int = 0

    def __post_init__(self) -> None:
        for campo in ("nombre", "identificacion", "entidad", "cargo", "resolucion_nombramiento"):
            if not str(getattr(self, campo) or "").strip():
                raise DatoInvalido("Este dato es obligatorio.", campo=campo)
        self.huella_certificado = huella_valida(self.huella_certificado)
        if self.fecha_retiro is not None and self.fecha_retiro < self.fecha_posesion:
            raise DatoInvalido("La fecha de retiro no puede ser anterior a la posesión.", campo="fecha_retiro")

    def activa_en(self, fecha: date) -> bool:
        """Registered and in office that day: from the posesión up to (and including) the retiro."""
        return self.fecha_posesion <= fecha and (self.fecha_retiro is None or fecha <= self.fecha_retiro)

    @property
    def estado(self) -> str:
        return "retirada" if self.fecha_retiro is not None else "activa"

    def retirar(self, fecha: date) -> None:
        if self.fecha_retiro is not None:
            raise TransicionInvalida("La firma ya está retirada.")
        if fecha < self.fecha_posesion:
            raise DatoInvalido("La fecha de retiro no puede ser anterior a la posesión.", campo="fecha_retiro")
        self.fecha_retiro = fecha


@dataclass(frozen=True)
class CertificacionFirma:
    """Links an issued certificación (a Documento) to what it certifies; what the e-Register lookup reads."""

    numero: str
    fecha_expedicion: date
    documento_id: uuid.UUID
    firma_id: uuid.UUID
    tipo_registro: str
    fecha_firma: date
    copia_sha256: str
    """The uploaded copy of the civil-registry record, in the file store."""


@dataclass(frozen=True)
class CertificacionAEmitir(CertificadoAEmitir):
    """What the certificación's own layout prints (seed 002 §7.3), on top of the generic certificate fields.

    ``titular_nombre``/``titular_identificacion`` are the certified official (they also go into the QR claims);
    the persona who asked for it is the ``solicitante``.
    """

    funcionario_cargo: str
    funcionario_entidad: str
    tipo_registro: str
    """Label of the civil-registry record, e.g. "Registro civil de nacimiento"."""
    fecha_firma: date
    solicitante_nombre: str
    solicitante_identificacion: str
    verificaciones: tuple[str, ...]
    """The §7.3 checks that passed, worded for the reader."""
    fuente: str
    nota: str
    ruta_consulta: str


def evaluar_certificacion(firma: FirmaRegistrada, fecha_firma: date, recaudo: bool, hoy: date,
                          p: ParametrosCertificacion) -> list[Hallazgo]:
    """The three checks of §7.3, each a Hallazgo citing it; all bloqueante."""
    fuente = p.fuente
    dias = (hoy - fecha_firma).days
    return [
        Hallazgo("registro", "estampilla_recaudo",
                 Resultado.CUMPLE if recaudo else Resultado.NO_CUMPLE,
                 "El funcionario verificó la estampilla de recaudo." if recaudo
                 else "El registro no tiene la estampilla de recaudo.", fuente, True),
        Hallazgo("registro", "firma_registrada_activa",
                 Resultado.CUMPLE if firma.activa_en(fecha_firma) else Resultado.NO_CUMPLE,
                 f"La firma de {firma.nombre} estaba registrada y activa el {fecha_larga(fecha_firma)}."
                 if firma.activa_en(fecha_firma)
                 else f"La firma de {firma.nombre} no estaba registrada o activa el {fecha_larga(fecha_firma)}.",
                 fuente, True),
        Hallazgo("registro", "expedicion_maxima",
                 Resultado.CUMPLE if 0 <= dias <= p.dias_maximos_expedicion else Resultado.NO_CUMPLE,
                 f"Expedido hace {dias} días (máximo {p.dias_maximos_expedicion})." if dias >= 0
                 else "La fecha de expedición es futura.", fuente, True),
    ]


def certificacion_a_emitir(documento: Documento, firma: FirmaRegistrada, fecha_firma: date, tipo: str,
                           solicitante: Persona, hallazgos: list[Hallazgo], entidad_nombre: str,
                           p: ParametrosCertificacion, *, entidad_articulo: str = "La",
                           expedido_por: Suscriptor | None = None) -> CertificacionAEmitir:
    """What the signing port renders for an approved certificación: dates written out, the checks that passed.
    ``expedido_por``: the Registraduría official who checked and issued it."""
    etiqueta = p.tipos_registro[tipo]
    cuerpo = (
        f"{con_articulo(entidad_articulo, entidad_nombre)} certifica que la firma que aparece en el "
        f"{etiqueta.lower()} firmado el {fecha_larga(fecha_firma)} corresponde a {firma.nombre}, identificado con "
        f"{identificacion_legible(firma.identificacion)}, "
        f"{firma.cargo} de {firma.entidad}, cuya firma está registrada en esta entidad (nombramiento: "
        f"{firma.resolucion_nombramiento}; posesión: {fecha_larga(firma.fecha_posesion)}).",
    )
    return CertificacionAEmitir(
        documento_id=documento.id, tipo=TIPO_CERTIFICACION_FIRMA, titulo=p.titulo, entidad_codigo=p.entidad,
        entidad_nombre=entidad_nombre, numero=documento.numero, titular_nombre=firma.nombre,
        titular_identificacion=firma.identificacion, fecha_expedicion=documento.fecha_expedicion,
        vigente_hasta=documento.vigente_hasta, cuerpo=cuerpo, funcionario_cargo=firma.cargo,
        funcionario_entidad=firma.entidad, tipo_registro=etiqueta, fecha_firma=fecha_firma,
        solicitante_nombre=solicitante.nombre_completo, solicitante_identificacion=str(solicitante.identificacion),
        verificaciones=tuple(h.mensaje for h in hallazgos if h.resultado is Resultado.CUMPLE),
        fuente=p.fuente, nota=p.nota, ruta_consulta=p.ruta_consulta,
        entidad_articulo=entidad_articulo, aprobado_por=expedido_por,
    )
