"""The statistics: folding the event log, and reading a page's figures from the aggregates vs from the raw log.

Run: ``python -m benchmarks.estadisticas`` (about 30 s; SQLite file, or PostgreSQL when ``VENTANILLA_DATABASE_URL``
names an empty database). Prints ``clave=valor`` lines:

- ``pliegue_eventos_por_segundo``: the whole generated log (BENCH_SOLICITUDES solicitudes, default 20 000, about
  3.5 events each) folded in batches of 2 000, each batch one transaction;
- ``pliegue_incremental_ms``: a fold with nothing new (the cost the server pays every few minutes when idle);
- ``consulta_agregados_ms``: the page's reads for one entidad and 12 weeks (``consultar_estadisticas``), median;
- ``consulta_log_ms``: the floor it replaces — one GROUP BY over the raw log joined to solicitudes for the same
  weekly counts; ``consulta_ratio`` = log / aggregates (grows with the history; the aggregates' cost does not).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from domain.casos_uso.estadisticas import actualizar_estadisticas, consultar_estadisticas, periodo
from domain.reloj import ZONA_COLOMBIA, RelojFijo
from persistence import EstadisticasSQL, crear_motor, migrar
from persistence.tablas import eventos_solicitud as ev
from persistence.tablas import solicitudes as sol
from tests.log_estadisticas import generar, insertar, persona_id

RELOJ = RelojFijo(datetime(2026, 4, 6, 12, tzinfo=ZONA_COLOMBIA))


def _mediana_ms(funcion: object, veces: int = 15) -> float:
    tiempos = []
    for _ in range(veces):
        inicio = time.perf_counter()
        funcion()  # type: ignore[operator]
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return statistics.median(tiempos)


def main() -> None:
    n = int(os.environ.get("BENCH_SOLICITUDES", "20000"))
    with tempfile.TemporaryDirectory() as directorio:
        url = os.environ.get("VENTANILLA_DATABASE_URL") or f"sqlite:///{Path(directorio) / 'bench.sqlite3'}"
        migrar(url)
        motor = crear_motor(url)
        log = generar(semilla=1, n=n, inicio=date(2025, 4, 7), dias=360)
        with motor.begin() as c:
            insertar(c, log, persona_id(c))
        almacen = EstadisticasSQL(motor)
        inicio = time.perf_counter()
        plegados = actualizar_estadisticas(almacen, RELOJ)
        segundos = time.perf_counter() - inicio
        print(f"estadisticas_motor={motor.dialect.name}")
        print(f"estadisticas_eventos={len(log.eventos)}")
        print(f"pliegue_eventos_por_segundo={plegados / segundos:.0f}")
        print(f"pliegue_incremental_ms={_mediana_ms(lambda: actualizar_estadisticas(almacen, RELOJ), 5):.2f}")
        per = periodo(None, None, date(2026, 4, 5))
        agregados = _mediana_ms(lambda: consultar_estadisticas(almacen, RELOJ, "SDG-BOGOTA", None, per))
        desde = datetime(per.desde.year, per.desde.month, per.desde.day, tzinfo=ZONA_COLOMBIA)

        consulta = (select(sol.c.tramite, ev.c.tipo, func.count()).join(sol, sol.c.id == ev.c.solicitud_id)
                    .where(sol.c.entidad == "SDG-BOGOTA", ev.c.cuando >= desde,
                           ev.c.tipo.in_(("radicada", "aprobada", "rechazada")))
                    .group_by(sol.c.tramite, ev.c.tipo))

        def crudo() -> None:
            with motor.connect() as c:
                c.execute(consulta).all()

        bruto = _mediana_ms(crudo)
        print(f"consulta_agregados_ms={agregados:.2f}")
        print(f"consulta_log_ms={bruto:.2f}")
        print(f"consulta_ratio={bruto / agregados:.1f}")
        motor.dispose()


if __name__ == "__main__":
    main()
