"""Domain objects with every field filled (no defaults left), to prove that each one survives the round trip."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from domain.documentos import Archivo, Documento, EventoDocumento, TipoEventoDocumento
from domain.notificaciones import Notificacion
from domain.personas import Funcionario, Persona, Rol, SistemaAliado
from domain.reglas import Hallazgo, Resultado
from domain.reloj import ZONA_COLOMBIA
from domain.solicitudes import EstadoSolicitud, EventoSolicitud, Solicitud, Soporte
from domain.valores import Identificacion
from domain.vehiculos import ClaseVehiculo, EstadoMatricula, Servicio, Vehiculo

INSTANTE = datetime(2026, 3, 17, 10, 0, 0, 123456, tzinfo=ZONA_COLOMBIA)
SHA = "ab" * 32


def persona(numero: str = "1020304050", **cambios: object) -> Persona:
    datos: dict[str, object] = dict(
        id=uuid.uuid4(), identificacion=Identificacion.crear("CC", numero), nombres="Ana María",
        apellidos="Pérez Gómez", fecha_nacimiento=date(1990, 5, 4), sexo="F", nacionalidad="CO",
        direccion="Calle 10 # 5-20", municipio="Bogotá D.C.", correo="ana.perez@example.org", telefono="3001234567",
    )
    datos.update(cambios)
    return Persona(**datos)  # type: ignore[arg-type]


def funcionario(usuario: str = "revisora", entidad: str = "SDG-BOGOTA") -> Funcionario:
    return Funcionario(uuid.uuid4(), usuario, usuario.title(), entidad, Rol.COORDINADOR, "$argon2id$v=19$x", False)


def aliado() -> SistemaAliado:
    return SistemaAliado(uuid.uuid4(), "Portal ciudadano", "f" * 64, frozenset({"personas", "solicitudes"}), False,
                         "vnt_Ab-9", INSTANTE, INSTANTE + timedelta(days=30), INSTANTE + timedelta(days=60))


def solicitud(
    titular: Persona,
    *,
    radicado: str | None = None,
    radicada_en: datetime = INSTANTE,
    entidad: str = "SDG-BOGOTA",
    estado: EstadoSolicitud = EstadoSolicitud.RADICADA,
    asignado_a: uuid.UUID | None = None,
    radicada_por: uuid.UUID | None = None,
) -> Solicitud:
    return Solicitud(
        id=uuid.uuid4(),
        radicado=radicado or f"RES-2026-{uuid.uuid4().hex[:8]}",
        tramite="SDG-CERT-RESIDENCIA",
        tramite_version=date(2025, 1, 1),
        entidad=entidad,
        partes={"titular": titular.id},
        datos={"destino": "cancilleria", "persona_privada_libertad": True},
        entrega="recoger",
        lugar_entrega="la alcaldía local",
        radicada_en=radicada_en,
        fecha_limite_decision=date(2026, 3, 18),
        estado=estado,
        soportes=[
            Soporte("documento_identidad", Archivo(SHA, "cedula.pdf", "application/pdf", 1234)),
            Soporte("recibo_servicio_publico", Archivo("cd" * 32, "recibo.png", "image/png", 99), date(2026, 3, 1),
                    "energia"),
        ],
        hallazgos=[
            Hallazgo("recibo_servicio_publico", "antiguedad_maxima", Resultado.CUMPLE, "16 días «ok»", "Seed 000"),
            Hallazgo("documento_identidad", "presente", Resultado.NO_CUMPLE, "Falta", "Decreto 1", bloqueante=True),
            Hallazgo("recibo_servicio_publico", "visible_en_soporte", Resultado.REVISAR, "Confirme", "Seed 000"),
        ],
        asignado_a=asignado_a,
        motivos_rechazo=["El recibo no muestra la dirección.", "Falta firma"],
        fecha_limite_subsanacion=date(2026, 4, 16),
        documento_id=uuid.uuid4(),
        eventos=[
            EventoSolicitud(radicada_en, "radicada", "persona:CC 1020304050"),
            # Another zone on purpose: it must come back as the same instant.
            EventoSolicitud(datetime(2026, 3, 17, 16, 30, tzinfo=UTC), "nota", "sistema", "detalle ñ"),
        ],
        radicada_por=radicada_por,
    )


def documento(titular: Persona, solicitud_id: uuid.UUID | None = None) -> Documento:
    return Documento(
        id=uuid.uuid4(), tipo="certificado_residencia", entidad="SDG-BOGOTA", titular_id=titular.id,
        numero="RES-2026-000001-C", fecha_expedicion=date(2026, 3, 17), vigente_hasta=date(2026, 6, 15),
        archivo=Archivo(SHA, "res-2026-000001-c.pdf", "application/pdf", 4321), solicitud_id=solicitud_id,
        clave_firma="0a1b2c3d4e5f6071",
        eventos=[
            EventoDocumento(TipoEventoDocumento.SUSPENSION, INSTANTE, "Verificación", "funcionario:x"),
            EventoDocumento(TipoEventoDocumento.REACTIVACION, INSTANTE + timedelta(hours=1), "Ok", "funcionario:x"),
        ],
    )


def vehiculo(*propietarios: Persona) -> Vehiculo:
    return Vehiculo(
        id=uuid.uuid4(), placa="abc-123", clase=ClaseVehiculo.AUTOMOTOR, servicio=Servicio.PUBLICO, marca="Renault",
        linea="Logan", modelo=2019, color="Amarillo", numero_motor="M123", numero_chasis="C456",
        propietarios=[p.id for p in propietarios], estado_matricula=EstadoMatricula.EN_RADICACION,
    )


def notificacion(solicitud_id: uuid.UUID | None, creada_en: datetime = INSTANTE) -> Notificacion:
    return Notificacion(uuid.uuid4(), "ana.perez@example.org", "Solicitud radicada — RES", "Cuerpo\ncon líneas",
                        creada_en, solicitud_id, proximo_intento=creada_en)
