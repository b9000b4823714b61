"""The registries: vehiculos (owners, JSON record, append-only history) and licencias de conducción."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select

from domain.licencias import Licencia
from domain.vehiculos import Vehiculo
from persistence import mapeo_vehiculos as mapeo
from persistence.repositorios.base import RepositorioSQL
from persistence.tablas import propietarios_vehiculo, vehiculos
from persistence.tablas_vehiculos import historia_vehiculo, licencias


class RepositorioVehiculosSQL(RepositorioSQL):
    def agregar(self, vehiculo: Vehiculo) -> None:
        self._insertar(vehiculos, [mapeo.vehiculo_a_fila(vehiculo)])
        self._insertar(propietarios_vehiculo, self._propietarios(vehiculo))
        self._insertar(historia_vehiculo, mapeo.historia_a_filas(vehiculo))

    def guardar(self, vehiculo: Vehiculo) -> None:
        """One version-checked UPDATE: two approvals on the same vehicle cannot both apply their effects."""
        self._actualizar_con_version(vehiculos, vehiculo.id, vehiculo.version, mapeo.vehiculo_a_fila(vehiculo))
        # A handful of rows at most, changed only by a traspaso: rewriting them is simpler than diffing.
        self._ejecutar(delete(propietarios_vehiculo).where(propietarios_vehiculo.c.vehiculo_id == vehiculo.id))
        self._insertar(propietarios_vehiculo, self._propietarios(vehiculo))
        guardadas = self._eventos_guardados(historia_vehiculo, "vehiculo_id", vehiculo.id, len(vehiculo.historia))
        self._insertar(historia_vehiculo, mapeo.historia_a_filas(vehiculo, guardadas))
        vehiculo.version += 1

    @staticmethod
    def _propietarios(v: Vehiculo) -> list[dict[str, object]]:
        return [{"vehiculo_id": v.id, "persona_id": p, "posicion": i} for i, p in enumerate(v.propietarios)]

    def por_placa(self, placa: str) -> Vehiculo | None:
        fila = self._ejecutar(select(vehiculos).where(vehiculos.c.placa == placa)).mappings().one_or_none()
        return None if fila is None else self._completar([fila])[0]

    def obtener(self, vehiculo_id: uuid.UUID) -> Vehiculo | None:
        fila = self._ejecutar(select(vehiculos).where(vehiculos.c.id == vehiculo_id)).mappings().one_or_none()
        return None if fila is None else self._completar([fila])[0]

    def de_propietario(self, persona_id: uuid.UUID, despues_de: str = "", limite: int = 50) -> list[Vehiculo]:
        """The person's current vehicles by placa, a keyset page (the index on propietarios_vehiculo.persona_id)."""
        p = propietarios_vehiculo.c
        sentencia = (select(vehiculos).join(propietarios_vehiculo, p.vehiculo_id == vehiculos.c.id)
                     .where(p.persona_id == persona_id, vehiculos.c.placa > despues_de)
                     .order_by(vehiculos.c.placa).limit(limite))
        return self._completar(list(self._ejecutar(sentencia).mappings()))

    def _completar(self, filas: Sequence[mapeo.Fila]) -> list[Vehiculo]:
        ids = [f["id"] for f in filas]
        duenos = self._hijas_por_padre(propietarios_vehiculo, "vehiculo_id", ids, "posicion")
        historia = self._hijas_por_padre(historia_vehiculo, "vehiculo_id", ids, "secuencia")
        return [mapeo.vehiculo_de_filas(f, [d["persona_id"] for d in duenos[f["id"]]], historia[f["id"]])
                for f in filas]


class RepositorioLicenciasSQL(RepositorioSQL):
    def agregar(self, licencia: Licencia) -> None:
        self._insertar(licencias, [mapeo.licencia_a_fila(licencia)])

    def guardar(self, licencia: Licencia) -> None:
        self._actualizar_con_version(licencias, licencia.id, licencia.version, mapeo.licencia_a_fila(licencia))
        licencia.version += 1

    def obtener(self, licencia_id: uuid.UUID) -> Licencia | None:
        fila = self._ejecutar(select(licencias).where(licencias.c.id == licencia_id)).mappings().one_or_none()
        return None if fila is None else mapeo.licencia_de_fila(fila)

    def de_titular(self, titular_id: uuid.UUID) -> list[Licencia]:
        """Every licence document of the holder, newest first (the chain of replacements)."""
        sentencia = (select(licencias).where(licencias.c.titular_id == titular_id)
                     .order_by(licencias.c.expedida_en.desc(), licencias.c.id))
        return [mapeo.licencia_de_fila(f) for f in self._ejecutar(sentencia).mappings()]
