"""GraphQL types of the registries a partner reads with the scope ``registros``: Vehiculo and Licencia.

A Vehiculo carries what the certificado de tradición prints: characteristics, identification numbers, owners (name
and identification only), limitaciones/gravámenes, medidas cautelares, the matrícula state with its cause, the
tarjeta de operación and, paginated like every list (api/paginacion.py), the tradición and the history. The people
come with the aggregate (``FichaVehiculo.personas``, one query per page): no resolver reads the database.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry

from api.contexto import Info
from api.enumeraciones import (
    CausaCancelacion,
    ClaseVehiculo,
    EstadoLicencia,
    EstadoMatricula,
    ServicioVehiculo,
    TipoIdentificacion,
)
from api.errores import ErrorValidacion
from api.paginacion import CURSOR_INVALIDO, cifrar, descifrar, exigir_tamano, info_pagina
from api.tipos import InfoPagina
from domain import licencias, vehiculos
from domain.errores import DatoInvalido
from domain.personas import Persona
from domain.reloj import hoy_en_colombia

_PRIMERO = Annotated[int, strawberry.argument(description="Tamaño de la página: de 1 a 100.")]
_DESPUES = Annotated[str | None, strawberry.argument(description="`endCursor` de la página anterior.")]


@strawberry.type(description="Persona que figura en un registro: solo nombre e identificación, como en el "
                 "certificado de tradición (nunca sus datos de contacto).")
class PersonaRegistro:
    nombre_completo: str
    tipo_identificacion: TipoIdentificacion
    numero_identificacion: str

    @classmethod
    def desde(cls, p: Persona) -> PersonaRegistro:
        return cls(nombre_completo=p.nombre_completo, numero_identificacion=p.identificacion.numero,
                   tipo_identificacion=TipoIdentificacion[p.identificacion.tipo.name])


@strawberry.type(description="Estado de la matrícula y su causa.")
class MatriculaVehiculo:
    estado: EstadoMatricula
    causa: CausaCancelacion | None = strawberry.field(description="Solo si está CANCELADA.")
    organismo: str = strawberry.field(description="Organismo de tránsito donde está matriculado.")
    organismo_destino: str | None = strawberry.field(description="Organismo hacia el que se traslada, si lo hay.")
    descripcion: str = strawberry.field(description="El estado en palabras, p. ej. «cancelada por hurto».")


@strawberry.type(description="Limitación a la propiedad o gravamen (prenda, leasing, reserva de dominio…).")
class GravamenVehiculo:
    tipo: str
    beneficiario: str = strawberry.field(description="Acreedor prendario o beneficiario, como lo nombra el documento.")
    documento: str
    inscrito_en: date
    levantado_en: date | None = strawberry.field(description="Nulo mientras esté vigente.")
    vigente: bool


@strawberry.type(description="Medida cautelar (embargo, inmovilización…) ordenada por una autoridad.")
class MedidaCautelarVehiculo:
    tipo: str
    autoridad: str
    documento: str
    inscrita_en: date
    levantada_en: date | None = strawberry.field(description="Nula mientras esté vigente.")
    vigente: bool


@strawberry.type(description="Tarjeta de operación de un vehículo de servicio público.")
class TarjetaOperacionVehiculo:
    numero: str
    expedida_en: date
    empresa: str


@strawberry.type(description="Un eslabón de la tradición: quién fue propietario, desde y hasta cuándo.")
class PropiedadVehiculo:
    propietario: PersonaRegistro | None = strawberry.field(description="Nulo: traspaso a persona indeterminada.")
    desde: date
    hasta: date | None = strawberry.field(description="Nulo si sigue siendo propietario.")
    radicado: str = strawberry.field(description="Radicado del trámite que la inscribió.")


@strawberry.type(description="Una anotación de la historia del vehículo: cada trámite que lo cambió.")
class AnotacionVehiculo:
    fecha: date
    tramite: str = strawberry.field(description="Nombre del trámite, como lo conocen los ciudadanos.")
    radicado: str
    detalle: str


@strawberry.type(name="PropiedadVehiculoEdge", description="Un eslabón de la tradición con su cursor.")
class AristaPropiedad:
    cursor: str
    node: PropiedadVehiculo


@strawberry.type(name="PropiedadVehiculoConnection", description="Página de la tradición, de la más antigua a la "
                 "más reciente.")
class ConexionPropiedades:
    page_info: InfoPagina
    edges: list[AristaPropiedad]


@strawberry.type(name="AnotacionVehiculoEdge", description="Una anotación con su cursor.")
class AristaAnotacion:
    cursor: str
    node: AnotacionVehiculo


@strawberry.type(name="AnotacionVehiculoConnection", description="Página de la historia, en orden cronológico.")
class ConexionAnotaciones:
    page_info: InfoPagina
    edges: list[AristaAnotacion]


TradicionResultado = Annotated[
    ConexionPropiedades | ErrorValidacion,
    strawberry.union("TradicionResultado", description="Página de la tradición, o el error de paginación."),
]
HistoriaVehiculoResultado = Annotated[
    ConexionAnotaciones | ErrorValidacion,
    strawberry.union("HistoriaVehiculoResultado", description="Página de la historia, o el error de paginación."),
]


def _posiciones(prefijo: str, total: int, first: int, after: str | None) -> tuple[range, bool]:
    """The positions of one page of a list the aggregate already holds; the cursor is the position (append-only
    lists: a position never changes)."""
    exigir_tamano(first)
    desde = 0
    if after is not None:
        [texto] = descifrar(prefijo, after, 1)
        if not (texto.isascii() and texto.isdigit() and len(texto) <= 9):
            raise DatoInvalido(CURSOR_INVALIDO, campo="after")
        desde = int(texto) + 1
    hasta = min(desde + first, total)
    return range(desde, hasta), hasta < total


@strawberry.type(name="Vehiculo", description="Un vehículo del registro del organismo de tránsito, como lo certifica "
                 "el certificado de tradición. Visible si uno de sus propietarios actuales es una persona que este "
                 "aliado registró o que figura en sus solicitudes.")
class VehiculoTipo:
    placa: str
    placas_anteriores: list[str]
    clase: ClaseVehiculo
    servicio: ServicioVehiculo
    marca: str
    linea: str
    modelo: int = strawberry.field(description="Año del modelo.")
    color: str
    carroceria: str
    cilindraje: int | None
    combustible: str
    blindado: bool
    numero_motor: str
    numero_chasis: str
    numero_serie: str
    matricula: MatriculaVehiculo
    propietarios: list[PersonaRegistro] = strawberry.field(description="Propietarios actuales.")
    gravamenes: list[GravamenVehiculo] = strawberry.field(
        description="Limitaciones y gravámenes, vigentes y levantados.")
    medidas_cautelares: list[MedidaCautelarVehiculo]
    tarjeta_operacion: TarjetaOperacionVehiculo | None
    dominio: strawberry.Private[vehiculos.Vehiculo]
    personas: strawberry.Private[dict[uuid.UUID, Persona]]

    @classmethod
    def desde(cls, v: vehiculos.Vehiculo, personas: dict[uuid.UUID, Persona]) -> VehiculoTipo:
        t = v.tarjeta_operacion
        return cls(
            placa=v.placa, placas_anteriores=list(v.placas_anteriores), clase=ClaseVehiculo[v.clase.name],
            servicio=ServicioVehiculo[v.servicio.name], marca=v.marca, linea=v.linea, modelo=v.modelo, color=v.color,
            carroceria=v.carroceria, cilindraje=v.cilindraje, combustible=v.combustible, blindado=v.blindado,
            numero_motor=v.numero_motor, numero_chasis=v.numero_chasis, numero_serie=v.numero_serie,
            matricula=MatriculaVehiculo(
                estado=EstadoMatricula[v.estado_matricula.name],
                causa=CausaCancelacion[v.causa_cancelacion.name] if v.causa_cancelacion else None,
                organismo=v.organismo, organismo_destino=v.organismo_destino, descripcion=v.describir_estado()),
            propietarios=[PersonaRegistro.desde(personas[p]) for p in v.propietarios if p in personas],
            gravamenes=[GravamenVehiculo(tipo=g.tipo, beneficiario=g.beneficiario, documento=g.documento,
                                         inscrito_en=g.inscrito_en, levantado_en=g.levantado_en, vigente=g.vigente)
                        for g in v.gravamenes],
            medidas_cautelares=[MedidaCautelarVehiculo(tipo=m.tipo, autoridad=m.autoridad, documento=m.documento,
                                                       inscrita_en=m.inscrita_en, levantada_en=m.levantada_en,
                                                       vigente=m.vigente) for m in v.medidas],
            tarjeta_operacion=TarjetaOperacionVehiculo(numero=t.numero, expedida_en=t.expedida_en,
                                                       empresa=t.empresa) if t else None,
            dominio=v, personas=personas,
        )

    @strawberry.field(description="La tradición: cada propietario con sus fechas, de la más antigua a la más "
                      "reciente, por páginas.")
    def tradicion(self, first: _PRIMERO = 50, after: _DESPUES = None) -> TradicionResultado:
        prefijo = "tradicion:v1|"
        posiciones, hay_mas = _posiciones(prefijo, len(self.dominio.tradicion), first, after)
        aristas = []
        for i in posiciones:
            p = self.dominio.tradicion[i]
            persona = self.personas.get(p.persona_id) if p.persona_id else None
            nodo = PropiedadVehiculo(propietario=PersonaRegistro.desde(persona) if persona else None, desde=p.desde,
                                     hasta=p.hasta, radicado=p.radicado)
            aristas.append(AristaPropiedad(cursor=cifrar(prefijo, i), node=nodo))
        return ConexionPropiedades(edges=aristas, page_info=info_pagina([a.cursor for a in aristas], hay_mas, after))

    @strawberry.field(description="La historia: cada trámite inscrito, en orden cronológico, por páginas.")
    def historia(self, first: _PRIMERO = 50, after: _DESPUES = None) -> HistoriaVehiculoResultado:
        prefijo = "historia:v1|"
        posiciones, hay_mas = _posiciones(prefijo, len(self.dominio.historia), first, after)
        aristas = [AristaAnotacion(cursor=cifrar(prefijo, i), node=AnotacionVehiculo(
            fecha=a.fecha, tramite=a.tramite, radicado=a.radicado, detalle=a.detalle))
            for i in posiciones for a in [self.dominio.historia[i]]]
        return ConexionAnotaciones(edges=aristas, page_info=info_pagina([a.cursor for a in aristas], hay_mas, after))


@strawberry.type(name="Licencia", description="Un documento de licencia de conducción (Resolución 5721 de 2019 de "
                 "Chía, trámites 1 a 5): cada renovación, duplicado o recategorización expide uno nuevo que reemplaza "
                 "al anterior.")
class LicenciaTipo:
    id: str = strawberry.field(description="Identificador de la licencia: es el `sujeto` que se envía en "
                               "`radicarSolicitud` para los trámites sobre ella (renovación, recategorización, "
                               "duplicado…).")
    numero: str
    titular: PersonaRegistro
    categoria: str = strawberry.field(description="A1, A2, B1–B3 (particular) o C1–C3 (público).")
    servicio: str
    expedida_en: date
    vigente_hasta: date
    organismo: str = strawberry.field(description="Organismo de tránsito que la expidió.")
    documento_titular: str = strawberry.field(description="Documento con el que se expidió (TI antes de la mayoría "
                                              "de edad, luego CC).")
    estado: EstadoLicencia
    motivo: str = strawberry.field(description="Por qué se expidió: expedición, renovación, duplicado…")
    dominio: strawberry.Private[licencias.Licencia]

    @classmethod
    def desde(cls, x: licencias.Licencia, titular: Persona) -> LicenciaTipo:
        return cls(id=str(x.id), numero=x.numero, titular=PersonaRegistro.desde(titular), categoria=x.categoria,
                   servicio=x.servicio, expedida_en=x.expedida_en, vigente_hasta=x.vigente_hasta,
                   organismo=x.organismo, documento_titular=x.documento_titular,
                   estado=EstadoLicencia[x.estado.name], motivo=x.motivo, dominio=x)

    @strawberry.field(description="Verdadero si hoy (hora de Colombia) está VIGENTE y no ha pasado su vigencia.")
    def habilita(self, info: Info) -> bool:
        hoy = hoy_en_colombia(info.context.ctx.reloj)
        return self.dominio.estado is licencias.EstadoLicencia.VIGENTE and not self.dominio.vencida(hoy)
