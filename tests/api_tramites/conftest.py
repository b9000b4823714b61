"""Chía's trámites filed through the partner API on a real database (issue 8 §5, §6).

One migrated database for the package (SQLite file, or a PostgreSQL schema with VENTANILLA_TEST_DATABASE_URL), the
external registries read through the SQL adapter and loaded with the product's loader (``ventanilla registros
cargar``'s functions), vehicles and licences created through the repositories. Every case uses its own personas,
placas and licences, so cases share the database without seeing each other.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from api.ids import PERSONA, SOLICITUD, decodificar, id_global
from domain.alcances import ALCANCES
from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.personas import crear_aliado
from domain.comandos import Asignar, Decidir
from domain.documentos import Documento
from domain.errores import DatoInvalido, TramiteDesconocido
from domain.licencias import Licencia
from domain.motor.contexto import Evaluacion
from domain.motor.evaluador import requisitos_aplicables
from domain.personas import Funcionario, Persona
from domain.registros_carga import convertir_filas
from domain.solicitudes import Solicitud
from domain.vehiculos import ClaseVehiculo, Vehiculo
from persistence.carga_registros import guardar_filas
from persistence.registros_externos import RegistrosExternosSQL
from persistence.tablas import solicitudes
from tests.api.conftest import URL, ClienteSincrono, cliente_sincrono, motor_y_contexto
from tests.builders import PDF_MINIMO, funcionario, verificar_todo
from tests.motor import escenarios as esc

HOY = esc.HOY
ORGANISMO = esc.ORGANISMO
NORMA = "Resolución 5721 de 2019 de Chía"
CREDENCIAL = "vnt_credencial-del-portal-de-movilidad"

REGISTRAR = """mutation($input: RegistrarPersonaInput!) { registrarPersona(input: $input) {
  __typename ... on RegistrarPersonaOk { persona { id } } ... on Error { mensaje codigo } } }"""
RADICAR = """mutation($input: RadicarSolicitudInput!) { radicarSolicitud(input: $input) {
  __typename
  ... on RadicarSolicitudOk { solicitud { id radicado estado tramite sujeto { tipo etiqueta }
                                          hallazgos { requisito regla resultado bloqueante } } }
  ... on Error { mensaje codigo }
  ... on ErrorValidacion { campo requisito }
  ... on ErrorNoEncontrado { campo } } }"""


@dataclass
class Radicacion:
    """What a partner sends for one filing, plus the registry record it acts on (to check it afterwards)."""

    tramite: int
    partes: dict[str, Persona]
    datos: dict[str, Any] = field(default_factory=dict)
    sujeto: Vehiculo | Licencia | None = None
    omitir: tuple[str, ...] = ()
    subtipos: dict[str, str] = field(default_factory=dict)
    fechas: dict[str, date] = field(default_factory=dict)
    referencia: str | None = None  # the sujeto as sent, when it is not the record's placa or id

    @property
    def codigo(self) -> str:
        return f"CHIA-T{self.tramite:02d}"

    @property
    def titular(self) -> Persona:
        return self.partes["titular"]

    @property
    def vehiculo(self) -> Vehiculo:
        assert isinstance(self.sujeto, Vehiculo)
        return self.sujeto

    @property
    def licencia(self) -> Licencia:
        assert isinstance(self.sujeto, Licencia)
        return self.sujeto


class Mundo:
    """The partner (over HTTP), the official (use cases) and the registries of one database."""

    def __init__(self, ctx: Contexto, motor: Engine, http: ClienteSincrono, revisor: Funcionario) -> None:
        self.ctx, self.motor, self.http, self.revisor = ctx, motor, http, revisor
        self._n = itertools.count(1)
        self.hoy = HOY

    # -- the partner's requests -----------------------------------------------------------------------------
    def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        r = self.http.post(json={"query": query, "variables": variables})
        assert r.status_code == 200, r.text
        cuerpo: dict[str, Any] = r.json()
        assert "errors" not in cuerpo, cuerpo
        return cuerpo

    def gql_archivos(self, query: str, variables: dict[str, Any], archivos: dict[str, bytes]) -> dict[str, Any]:
        """GraphQL multipart request: ``operations``, ``map`` and one part per file (each a real PDF)."""
        mapa = {str(i): [f"variables.{ruta}"] for i, ruta in enumerate(archivos)}
        partes = {str(i): (f"soporte-{i}.pdf", contenido, "application/pdf")
                  for i, contenido in enumerate(archivos.values())}
        datos = {"operations": json.dumps({"query": query, "variables": variables}), "map": json.dumps(mapa)}
        r = self.http.post(data=datos, files=partes)
        assert r.status_code == 200, r.text
        cuerpo: dict[str, Any] = r.json()
        assert "errors" not in cuerpo, cuerpo
        return cuerpo

    # -- personas and the external registries ---------------------------------------------------------------
    def numero(self) -> str:
        return str(1_070_000_000 + next(self._n))

    def persona(self, tipo: str = "CC", numero: str | None = None, nacimiento: date = date(1985, 5, 4),
                nombres: str = "Ana María", apellidos: str = "Pérez Gómez", runt: bool = True) -> Persona:
        """Registered through the API (registrarPersona); in the RUNT unless ``runt`` is false; no fines."""
        entrada = {"tipoIdentificacion": tipo, "numeroIdentificacion": numero or self.numero(), "nombres": nombres,
                   "apellidos": apellidos, "fechaNacimiento": nacimiento.isoformat(), "municipio": "Chía",
                   "direccion": "Carrera 11 # 11-29", "correo": "tramites@example.org"}
        r = self.gql(REGISTRAR, {"input": entrada})["data"]["registrarPersona"]
        assert r["__typename"] == "RegistrarPersonaOk", r
        persona_id = _uuid_de(r["persona"]["id"], PERSONA)
        with self.ctx.uow() as uow:
            persona = uow.personas.obtener(persona_id)
        assert persona is not None
        if runt:
            self.cargar("runt", [{"tipo_identificacion": tipo, "numero_identificacion": persona.identificacion.numero,
                                  "inscrita_en": "2015-01-15"}])
        return persona

    def multar(self, persona: Persona, valor: int = 468_500) -> None:
        self.cargar("multas", [{"numero": f"2517500000{next(self._n):010d}", "tipo_identificacion":
                                persona.identificacion.tipo.value, "numero_identificacion":
                                persona.identificacion.numero, "fecha": (HOY - timedelta(days=40)).isoformat(),
                                "valor": str(valor), "pagada_en": ""}])

    def pagar_impuesto(self, placa: str) -> None:
        self.cargar("impuestos", [{"placa": placa, "vigencia": str(HOY.year), "pagado_en": f"{HOY.year}-02-27"}])

    def cargar(self, registro: str, crudas: list[dict[str, str]]) -> None:
        """As ``ventanilla registros cargar`` does: every row converted and checked, then written in one go."""
        validas, errores = convertir_filas(registro, enumerate(crudas, start=2))
        assert not errores, errores
        guardar_filas(self.motor, registro, validas, datetime.now(UTC))

    # -- the registries of the organismo --------------------------------------------------------------------
    def placa(self, clase: ClaseVehiculo = ClaseVehiculo.AUTOMOTOR) -> str:
        n = next(self._n)
        letras = "".join(chr(ord("A") + (n // 10 ** k) % 26) for k in (3, 2))
        return {ClaseVehiculo.AUTOMOTOR: f"Q{letras}{n % 1000:03d}",
                ClaseVehiculo.MOTOCICLETA: f"Q{letras}{n % 100:02d}M",
                ClaseVehiculo.REMOLQUE: f"R{n % 100_000:05d}",
                ClaseVehiculo.SEMIRREMOLQUE: f"S{n % 100_000:05d}"}[clase]

    def vehiculo(self, dueno: Persona | None, clase: ClaseVehiculo = ClaseVehiculo.AUTOMOTOR, impuesto: bool = True,
                 **cambios: Any) -> Vehiculo:
        """A vehicle of ``dueno`` (builder of the engine scenarios), stored through the repository; its tax paid and
        its SOAT loaded unless told otherwise. ``cambios`` may hold a function to call on it before storing."""
        preparar = cambios.pop("preparar", None)
        placa = self.placa(clase)
        if clase in (ClaseVehiculo.REMOLQUE, ClaseVehiculo.SEMIRREMOLQUE):
            v = esc.remolque(dueno, placa=placa, clase=clase, **cambios)
        else:
            v = esc.vehiculo(dueno, placa=placa, clase=clase, **cambios)
        v.id = uuid.uuid4()
        if preparar is not None:
            preparar(v)
        with self.ctx.uow() as uow:
            uow.vehiculos.agregar(v)
            uow.commit()
        if impuesto:
            self.pagar_impuesto(placa)
        self.cargar("soat", [{"numero": f"SOAT-{placa}", "placa": placa, "aseguradora": "Seguros del Estado",
                              "desde": (HOY - timedelta(days=100)).isoformat(),
                              "hasta": (HOY + timedelta(days=265)).isoformat()}])
        return self.leer_vehiculo(v.id)

    def licencia(self, titular: Persona, **cambios: Any) -> Licencia:
        lic = esc.licencia(titular, **cambios)
        with self.ctx.uow() as uow:
            uow.licencias.agregar(lic)
            uow.commit()
        return lic

    def leer_vehiculo(self, vehiculo_id: uuid.UUID) -> Vehiculo:
        with self.ctx.uow() as uow:
            v = uow.vehiculos.obtener(vehiculo_id)
        assert v is not None
        return v

    def por_placa(self, placa: str) -> Vehiculo | None:
        with self.ctx.uow() as uow:
            return uow.vehiculos.por_placa(placa)

    def leer_licencia(self, licencia_id: uuid.UUID) -> Licencia:
        with self.ctx.uow() as uow:
            lic = uow.licencias.obtener(licencia_id)
        assert lic is not None
        return lic

    def licencias_de(self, persona: Persona) -> list[Licencia]:
        with self.ctx.uow() as uow:
            return uow.licencias.de_titular(persona.id)

    def documento(self, documento_id: uuid.UUID) -> Documento:
        with self.ctx.uow() as uow:
            doc = uow.documentos.obtener(documento_id)
        assert doc is not None
        return doc

    def contar_solicitudes(self) -> int:
        with self.motor.connect() as conexion:
            return int(conexion.execute(select(func.count()).select_from(solicitudes)).scalar_one())

    # -- filing and approving ---------------------------------------------------------------------------------
    def soportes(self, r: Radicacion) -> list[tuple[str, str | None]]:
        """A soporte for every requisito that applies to this filing (as the engine decides), minus ``omitir``."""
        try:
            tramite = esc.tramite(r.tramite)
        except TramiteDesconocido:
            return [("recibo_pago", None)]
        caso = esc.Caso(tramite, r.partes, r.sujeto, (), r.datos)
        try:
            ev = caso.evaluacion()
        except DatoInvalido:  # a test of bad datos: the soportes as the datos read raw
            ev = _cruda(caso)
        defecto = {"cedula": "cedula_ciudadania", "tarjeta_identidad": "tarjeta_identidad"}
        return [(q.codigo, r.subtipos.get(q.codigo, defecto.get(q.codigo, q.subtipos[0] if q.subtipos else None)))
                for q in requisitos_aplicables(ev) if q.codigo not in r.omitir]

    def radicar(self, r: Radicacion) -> dict[str, Any]:
        """radicarSolicitud with partes, datos, sujeto and one uploaded PDF per soporte: the payload."""
        lista = self.soportes(r)
        soportes = [{"requisito": q, "archivo": None, "subtipo": s,
                     "fechaDocumento": r.fechas.get(q, HOY).isoformat()} for q, s in lista]
        archivos = {f"input.soportes.{i}.archivo": PDF_MINIMO for i in range(len(lista))}
        sujeto = r.referencia or (r.sujeto.placa if isinstance(r.sujeto, Vehiculo)
                                  else str(r.sujeto.id) if r.sujeto is not None else None)
        entrada = {"tramite": r.codigo, "datos": r.datos, "sujeto": sujeto, "soportes": soportes,
                   "partes": [{"rol": rol, "personaId": id_global(PERSONA, p.id)} for rol, p in r.partes.items()]}
        cuerpo = (self.gql_archivos(RADICAR, {"input": entrada}, archivos) if archivos
                  else self.gql(RADICAR, {"input": entrada}))
        return cuerpo["data"]["radicarSolicitud"]  # type: ignore[no-any-return]

    @staticmethod
    def solicitud_id(payload: dict[str, Any]) -> uuid.UUID:
        assert payload["__typename"] == "RadicarSolicitudOk", payload
        return _uuid_de(payload["solicitud"]["id"], SOLICITUD)

    def aprobar(self, payload: dict[str, Any]) -> Solicitud:
        """The official of Movilidad de Chía takes the solicitud and approves it (the admin's use cases)."""
        solicitud_id = self.solicitud_id(payload)
        asignar(Asignar(solicitud_id, self.revisor.id), self.ctx)
        verificar_todo(self.ctx, solicitud_id, self.revisor.id)  # every «Revisar» item, as the admin requires
        return aprobar(Decidir(solicitud_id, self.revisor.id), self.ctx)


def _cruda(caso: esc.Caso) -> Evaluacion:
    return Evaluacion(caso.tramite, dict(caso.datos), dict(caso.partes), caso.sujeto, (), HOY, caso.registros,
                      ORGANISMO, {})


def _uuid_de(gid: str, tipo: str) -> uuid.UUID:
    decodificado = decodificar(gid)
    assert decodificado is not None and decodificado[0] == tipo, gid
    return decodificado[1]


@pytest.fixture(scope="package")
def mundo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mundo]:
    directorio: Path = tmp_path_factory.mktemp("api_tramites")
    with motor_y_contexto(directorio) as (motor, base):
        ctx = replace(base, registros=RegistrosExternosSQL(motor))
        crear_aliado("Portal de trámites de movilidad", frozenset(ALCANCES), ctx, credencial=CREDENCIAL)
        revisor = funcionario(ctx, usuario="revisor.movilidad", entidad=ORGANISMO)
        with cliente_sincrono(ctx, CREDENCIAL) as http:
            yield Mundo(ctx, motor, http, revisor)


__all__ = ["HOY", "NORMA", "ORGANISMO", "URL", "Mundo", "Radicacion"]
