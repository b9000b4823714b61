"""Demo data for the Secretaría de Movilidad de Chía (Resolución 5721 de 2019): an official, vehicles and licences
in the registries, and the local copies of RUNT, fines, vehicle tax and SOAT loaded the way ``ventanilla registros
cargar`` loads them. Idempotent: a second run finds the official and changes nothing. Called by ``cargar_demo``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from admin.seguridad import hash_clave
from app.config import Settings
from app.demo_movilidad_tramites import radicar_tramites_demo
from domain.casos_uso import Contexto
from domain.casos_uso.personas import crear_funcionario, funcionario_por_usuario, registrar_persona
from domain.comandos import RegistrarPersona
from domain.licencias import Licencia
from domain.personas import Persona, Rol
from domain.registros_carga import convertir_filas
from domain.reloj import hoy_en_colombia
from domain.vehiculos import ClaseVehiculo, Gravamen, Servicio, TarjetaOperacion, Vehiculo

ORGANISMO = "MOVILIDAD-CHIA"
LOGIN_MOVILIDAD = ("movilidad", "Movilidad-Demo-2026", "Mónica Movilidad", Rol.COORDINADOR)
_PERSONAS = (
    ("CC", "79456123", "Hernán Darío", "Quintero Salas", date(1970, 4, 2), "Carrera 11 # 11-29, Chía"),
    ("CC", "1072654987", "Paula Andrea", "Forero Díaz", date(1995, 9, 18), "Calle 12 # 4-15, Chía"),
    ("CC", "80123456", "Óscar Iván", "Méndez Ríos", date(1962, 1, 30), "Vereda Fonquetá, Chía"),
)


def _vehiculos(duenos: list[Persona], hoy: date) -> list[Vehiculo]:
    base: dict[str, Any] = dict(organismo=ORGANISMO, servicio=Servicio.PARTICULAR, clase=ClaseVehiculo.AUTOMOTOR)
    carro = Vehiculo(uuid.uuid4(), "GHT482", marca="Mazda", linea="2 Touring", modelo=2019, color="Gris",
                     numero_motor="PE40123987", numero_chasis="3MZBM1L71KM100123", cilindraje=2000, **base)
    carro.gravamenes.append(Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá S.A.", "Contrato de prenda 55-2019",
                                     date(2019, 8, 20), "MOV-2019-004512"))
    taxi = Vehiculo(uuid.uuid4(), "WNT915", marca="Hyundai", linea="Atos", modelo=2016, color="Amarillo",
                    numero_motor="G4HG5L123456", numero_chasis="MALAB51HR6M123456", cilindraje=1100,
                    **{**base, "servicio": Servicio.PUBLICO})
    taxi.tarjeta_operacion = TarjetaOperacion("TO-CHIA-2019-0331", hoy - timedelta(days=6 * 365), "Taxis Sabana S.A.S.")
    remolque = Vehiculo(uuid.uuid4(), "R45821", marca="Remolques Andinos", linea="Plataforma 2E", modelo=2020,
                        color="Rojo", numero_motor="NA", numero_chasis="9A9RA2E20LCK45821",
                        **{**base, "clase": ClaseVehiculo.REMOLQUE})
    for vehiculo, dueno, desde in ((carro, duenos[0], date(2019, 8, 20)), (taxi, duenos[2], date(2016, 5, 3)),
                                   (remolque, duenos[1], date(2020, 2, 11))):
        vehiculo.traspasar([dueno.id], desde, f"MOV-{desde.year}-000001")
        vehiculo.anotar(desde, "Matrícula inicial", f"MOV-{desde.year}-000001", f"A nombre de {dueno.nombre_completo}.")
    return [carro, taxi, remolque]


def _registros(settings: Settings, personas: list[Persona], vehiculos: list[Vehiculo], hoy: date) -> None:
    """RUNT for everyone, one pending fine, tax paid and SOAT for two vehicles — as the CSV loader would."""
    from persistence import crear_motor
    from persistence.carga_registros import guardar_filas

    filas = {
        "runt": [{"tipo_identificacion": "CC", "numero_identificacion": p.identificacion.numero,
                  "inscrita_en": "2015-01-15"} for p in personas],
        "multas": [{"numero": "25175000000041230987", "tipo_identificacion": "CC",
                    "numero_identificacion": personas[1].identificacion.numero,
                    "fecha": (hoy - timedelta(days=75)).isoformat(), "valor": "604100", "pagada_en": ""}],
        "impuestos": [{"placa": v.placa, "vigencia": str(hoy.year), "pagado_en": f"{hoy.year}-04-30"}
                      for v in vehiculos[:1]],
        "soat": [{"numero": f"SOAT-{v.placa}", "placa": v.placa, "desde": (hoy - timedelta(days=100)).isoformat(),
                  "hasta": (hoy + timedelta(days=265)).isoformat(), "aseguradora": "Seguros del Estado S.A."}
                 for v in vehiculos[:2]],
    }
    motor = crear_motor(settings.url_base_datos)
    try:
        for registro, crudas in filas.items():
            validas, errores = convertir_filas(registro, enumerate(crudas, start=2))
            assert not errores, errores
            guardar_filas(motor, registro, validas, datetime.now(UTC))
    finally:
        motor.dispose()


def cargar_demo_movilidad(ctx: Contexto, settings: Settings) -> None:
    usuario, clave, nombre, rol = LOGIN_MOVILIDAD
    if funcionario_por_usuario(usuario, ctx) is not None:
        return
    agente = crear_funcionario(usuario, nombre, ORGANISMO, rol, hash_clave(clave), ctx)
    hoy = hoy_en_colombia(ctx.reloj)
    personas = [registrar_persona(RegistrarPersona(t, n, nombres, apellidos, nacimiento, None, "CO", direccion,
                                                   "Chía"), ctx)[0]
                for t, n, nombres, apellidos, nacimiento, direccion in _PERSONAS]
    vehiculos = _vehiculos(personas, hoy)
    licencias = [Licencia(uuid.uuid4(), p.identificacion.numero, p.id, categoria, servicio, expedida,
                          expedida + timedelta(days=anios * 365), "CC", ORGANISMO)
                 for p, categoria, servicio, expedida, anios in (
                     (personas[0], "B1", "particular", date(2017, 3, 10), 10),
                     (personas[2], "C1", "publico", hoy - timedelta(days=900), 3))]
    with ctx.uow() as uow:
        for v in vehiculos:
            uow.vehiculos.agregar(v)
        for x in licencias:
            uow.licencias.agregar(x)
        uow.commit()
    _registros(settings, personas, vehiculos, hoy)
    radicar_tramites_demo(ctx, agente.id, personas, vehiculos)
