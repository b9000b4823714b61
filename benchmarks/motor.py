"""The trámite engine on one core: a full radicación of T-21 and an approval with its effect, against floors.

Run: ``python -m benchmarks.motor`` (about 20 s). Prints ``clave=valor`` lines:

- ``evaluacion_t21_por_segundo``: datos checked + every finding of Chía's traspaso (sujeto, partes, 11 requisitos,
  their soporte rules, RUNT/multas/impuesto/propietario/estado rules, the retención decision table), with the
  external registries in memory (the rules' cost, not the registry's).
- ``evaluacion_sin_reglas_por_segundo``: the floor — the same trámite with every rule removed (presence of each
  requisito only); ``evaluacion_ratio`` is the rules' cost factor (full time per radicación / floor time).
- ``aprobacion_con_efecto_por_segundo``: unit of work on SQLite (file, WAL) → read the vehicle → apply the
  traspaso effect (owners, tradición, history line) → version-checked save → commit.
- ``aprobacion_sin_efecto_por_segundo``: the floor — the same read, save and commit with no effect;
  ``aprobacion_ratio`` is the effect's cost factor (medians of interleaved rounds: the commit's fsync dominates).
- ``efecto_traspaso_en_memoria_us``: the traspaso effect alone on the aggregate (owners, tradición, history line).
"""

from __future__ import annotations

import copy
import dataclasses
import statistics
import tempfile
import timeit
from datetime import date
from pathlib import Path

from benchmarks.firma import fijar_un_nucleo, por_segundo
from domain.motor.aplicacion import Aplicacion, aplicar_efectos
from domain.motor.catalogo import CatalogoTramites
from domain.motor.contexto import Evaluacion
from domain.motor.esquema import TramiteDef
from domain.motor.evaluador import evaluar, validar_datos
from persistence import FabricaUnidadDeTrabajoSQL, crear_motor, migrar
from tests.motor.escenarios import HOY, ORGANISMO, RegistrosEnMemoria, persona, soportes_de, vehiculo

SEGUNDOS = 4.0
RONDAS = 5


def _sin_reglas(t: TramiteDef) -> TramiteDef:
    return dataclasses.replace(t, reglas=(), requisitos=tuple(dataclasses.replace(r, reglas=()) for r in t.requisitos))


def _evaluador(t: TramiteDef) -> tuple[object, ...]:
    vendedor, comprador = persona("79111222"), persona("52333444")
    v = vehiculo(vendedor)
    partes = {"titular": comprador, "vendedor": vendedor, "comprador": comprador}
    registros = RegistrosEnMemoria().inscribir(vendedor, comprador).pagar_impuesto(v.placa)
    soportes = tuple(soportes_de(t, partes))

    def una() -> object:
        ev = Evaluacion(t, {}, partes, v, soportes, HOY, registros, ORGANISMO)
        ev.datos = validar_datos(t, {"valor_venta": "32000000"}, ev)
        return evaluar(ev)

    return una, partes, v


def main() -> None:
    print(f"motor_nucleo={fijar_un_nucleo()}")
    t21 = CatalogoTramites.cargar().vigente("CHIA-T21", HOY)
    completa, partes, v = _evaluador(t21)
    piso, _, _ = _evaluador(_sin_reglas(t21))
    for funcion in (completa, piso):
        for _ in range(200):
            funcion()  # type: ignore[operator]
    con = por_segundo(completa, SEGUNDOS)  # type: ignore[arg-type]
    sin = por_segundo(piso, SEGUNDOS)  # type: ignore[arg-type]
    print(f"evaluacion_t21_por_segundo={con:.0f}")
    print(f"evaluacion_sin_reglas_por_segundo={sin:.0f}")
    print(f"evaluacion_ratio={sin / con:.2f}")
    with tempfile.TemporaryDirectory() as carpeta:
        _aprobaciones(t21, partes, v, Path(carpeta))  # type: ignore[arg-type]


def _aprobaciones(t21: TramiteDef, partes: dict, v: object, carpeta: Path) -> None:  # type: ignore[type-arg]
    url = f"sqlite:///{carpeta / 'bench.sqlite3'}"
    migrar(url)
    motor = crear_motor(url)
    fabrica = FabricaUnidadDeTrabajoSQL.desde_motor(motor)
    with fabrica() as uow:
        for p in {p.id: p for p in partes.values()}.values():
            uow.personas.agregar(p)
        uow.vehiculos.agregar(v)  # type: ignore[arg-type]
        uow.commit()
    ev = Evaluacion(t21, {"valor_venta": 32000000}, partes, None, (), HOY, RegistrosEnMemoria(), ORGANISMO)

    def aprobar(con_efecto: bool) -> None:
        with fabrica() as uow:
            sujeto = uow.vehiculos.por_placa("ABC123")
            if con_efecto:
                aplicar_efectos(Aplicacion(t21, "MOV-2026-000001", date(2026, 3, 17), ev.datos, partes, sujeto,
                                           ORGANISMO, ev))
            uow.vehiculos.guardar(sujeto)  # type: ignore[arg-type]
            uow.commit()

    for _ in range(50):
        aprobar(True)
        aprobar(False)
    # Interleaved short rounds, medians: a commit's fsync varies more than the effect costs.
    rondas: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(RONDAS):
        for con_efecto in (True, False):
            rondas[con_efecto].append(por_segundo(lambda e=con_efecto: aprobar(e), SEGUNDOS / RONDAS))
    con, sin = statistics.median(rondas[True]), statistics.median(rondas[False])
    motor.dispose()
    print(f"aprobacion_con_efecto_por_segundo={con:.0f}")
    print(f"aprobacion_sin_efecto_por_segundo={sin:.0f}")
    print(f"aprobacion_ratio={sin / con:.2f}")
    vehiculo_en_memoria = copy.deepcopy(v)
    efecto_us = min(timeit.repeat(lambda: aplicar_efectos(Aplicacion(
        t21, "MOV-2026-000001", date(2026, 3, 17), ev.datos, partes, copy.deepcopy(vehiculo_en_memoria), ORGANISMO,
        ev)), number=200, repeat=5)) / 200 * 1e6
    copia_us = min(timeit.repeat(lambda: copy.deepcopy(vehiculo_en_memoria), number=200, repeat=5)) / 200 * 1e6
    print(f"efecto_traspaso_en_memoria_us={efecto_us - copia_us:.1f}")


if __name__ == "__main__":
    main()
