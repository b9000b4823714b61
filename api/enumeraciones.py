"""GraphQL enums (UPPER_SNAKE), decoupled from the domain's enums: members are matched by name."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Tipo de documento de identificación (Registraduría y DIAN).")
class TipoIdentificacion(enum.Enum):
    CC = strawberry.enum_value("CC", description="Cédula de ciudadanía.")
    TI = strawberry.enum_value("TI", description="Tarjeta de identidad.")
    CE = strawberry.enum_value("CE", description="Cédula de extranjería.")
    RC = strawberry.enum_value("RC", description="Registro civil de nacimiento (NUIP).")
    PA = strawberry.enum_value("PA", description="Pasaporte.")
    PPT = strawberry.enum_value("PPT", description="Permiso por protección temporal.")
    NIT = strawberry.enum_value("NIT", description="Número de identificación tributaria, con dígito de verificación.")


@strawberry.enum(description="Estado de una solicitud en su ciclo de vida.")
class EstadoSolicitud(enum.Enum):
    RADICADA = strawberry.enum_value("RADICADA", description="Radicada; espera que un funcionario la tome.")
    EN_ESTUDIO = strawberry.enum_value("EN_ESTUDIO", description="Un funcionario la está estudiando.")
    APROBADA = strawberry.enum_value("APROBADA", description="Aprobada (p. ej. lista para recoger en la alcaldía).")
    REQUIERE_SUBSANACION = strawberry.enum_value(
        "REQUIERE_SUBSANACION", description="Rechazada con plazo para subsanar (30 días calendario)."
    )
    RECHAZADA = strawberry.enum_value("RECHAZADA", description="Rechazada de forma definitiva.")
    DESISTIDA = strawberry.enum_value("DESISTIDA", description="Venció el plazo para subsanar: se entiende desistida.")
    FINALIZADA = strawberry.enum_value("FINALIZADA", description="Terminada: certificado emitido o entregado.")
    ANULADA = strawberry.enum_value("ANULADA", description="Anulada.")


@strawberry.enum(description="Resultado de una regla del trámite sobre un soporte.")
class ResultadoHallazgo(enum.Enum):
    CUMPLE = strawberry.enum_value("CUMPLE", description="La regla se cumple.")
    NO_CUMPLE = strawberry.enum_value("NO_CUMPLE", description="La regla no se cumple.")
    REVISAR = strawberry.enum_value("REVISAR", description="El sistema no puede decidirlo: lo revisa un funcionario.")


@strawberry.enum(description="Cómo recibe el ciudadano el resultado del trámite.")
class Entrega(enum.Enum):
    DESCARGA = strawberry.enum_value("DESCARGA", description="Documento firmado digitalmente, para descargar.")
    RECOGER = strawberry.enum_value(
        "RECOGER", description="Se recoge personalmente (p. ej. el certificado de residencia para la Cancillería, "
        "firmado a mano en la alcaldía local); `lugarEntrega` dice dónde."
    )
    NINGUNA = strawberry.enum_value(
        "NINGUNA", description="No hay documento por entregar: el trámite se inscribe en el registro al aprobarse."
    )


@strawberry.enum(description="Estado de un documento emitido por la plataforma, según fechas y eventos.")
class EstadoDocumento(enum.Enum):
    VIGENTE = strawberry.enum_value("VIGENTE", description="Auténtico y vigente.")
    VENCIDO = strawberry.enum_value("VENCIDO", description="Auténtico, pero su vigencia terminó.")
    SUSPENDIDO = strawberry.enum_value("SUSPENDIDO", description="Auténtico, pero suspendido.")
    REVOCADO = strawberry.enum_value("REVOCADO", description="Revocado: no es válido.")


@strawberry.enum(description="Resultado de verificar en línea el código QR de un certificado.")
class EstadoVerificacion(enum.Enum):
    VIGENTE = strawberry.enum_value("VIGENTE", description="Auténtico y vigente.")
    VENCIDO = strawberry.enum_value("VENCIDO", description="Auténtico, pero su vigencia terminó.")
    SUSPENDIDO = strawberry.enum_value("SUSPENDIDO", description="Auténtico, pero suspendido.")
    REVOCADO = strawberry.enum_value("REVOCADO", description="Revocado: no es válido.")
    INVALIDO = strawberry.enum_value("INVALIDO", description="La firma no es auténtica o el código está alterado.")
    DESCONOCIDO = strawberry.enum_value(
        "DESCONOCIDO", description="La firma es válida, pero el documento no está en el registro."
    )


# -- registries (api/tipos_registros.py): members named as the domain's, matched by name ------------------------
@strawberry.enum(description="Clase de vehículo (la placa depende de ella).")
class ClaseVehiculo(enum.Enum):
    AUTOMOTOR = "AUTOMOTOR"
    MOTOCICLETA = "MOTOCICLETA"
    REMOLQUE = "REMOLQUE"
    SEMIRREMOLQUE = "SEMIRREMOLQUE"


@strawberry.enum(description="Servicio del vehículo.")
class ServicioVehiculo(enum.Enum):
    PARTICULAR = "PARTICULAR"
    PUBLICO = "PUBLICO"
    OFICIAL = "OFICIAL"


@strawberry.enum(description="Estado de la matrícula de un vehículo.")
class EstadoMatricula(enum.Enum):
    ACTIVA = strawberry.enum_value("ACTIVA", description="Matrícula activa en el organismo.")
    CANCELADA = strawberry.enum_value("CANCELADA", description="Cancelada: ver `causa`.")
    EN_TRASLADO = strawberry.enum_value("EN_TRASLADO", description="Enviada a otro organismo, que aún no la radica.")
    TRASLADADA = strawberry.enum_value("TRASLADADA", description="Radicada en otro organismo: solo queda su historia.")
    EN_RADICACION = strawberry.enum_value("EN_RADICACION", description="En radicación en este organismo.")


@strawberry.enum(description="Causa de la cancelación de la matrícula (Resolución 5721 de 2019 de Chía, trámite 9).")
class CausaCancelacion(enum.Enum):
    HURTO = "HURTO"
    PERDIDA_DEFINITIVA = "PERDIDA_DEFINITIVA"
    DESAPARICION_DOCUMENTADA = "DESAPARICION_DOCUMENTADA"
    SOLICITUD_TITULAR = "SOLICITUD_TITULAR"
    DECISION_JUDICIAL = "DECISION_JUDICIAL"


@strawberry.enum(description="Estado de un documento de licencia de conducción.")
class EstadoLicencia(enum.Enum):
    VIGENTE = strawberry.enum_value("VIGENTE", description="El documento en uso (ver también `vigenteHasta`).")
    REEMPLAZADA = strawberry.enum_value(
        "REEMPLAZADA", description="Reemplazada por otra (renovación, duplicado, recategorización).")
    CANCELADA = strawberry.enum_value("CANCELADA", description="Cancelada.")
