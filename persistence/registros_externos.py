"""``RegistrosExternos`` over the local registry tables: the adapter a production deployment replaces."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, exists, select

from domain.puertos_registros import Multa, PolizaSoat
from domain.valores import Identificacion
from persistence.tablas_registros import impuestos_vehiculares, multas_transito, polizas_soat, runt_personas


class RegistrosExternosSQL:
    """Stateless and thread-safe: every answer is one indexed read on its own connection."""

    def __init__(self, motor: Engine) -> None:
        self._motor = motor

    def inscrito_runt(self, identificacion: Identificacion) -> bool:
        t = runt_personas.c
        consulta = select(exists().where(t.tipo_identificacion == identificacion.tipo.value,
                                         t.numero_identificacion == identificacion.numero))
        with self._motor.connect() as conexion:
            return bool(conexion.execute(consulta).scalar())

    def multas_pendientes(self, identificacion: Identificacion) -> list[Multa]:
        t = multas_transito.c
        consulta = (select(t.numero, t.fecha, t.valor)
                    .where(t.tipo_identificacion == identificacion.tipo.value,
                           t.numero_identificacion == identificacion.numero, t.pagada_en.is_(None))
                    .order_by(t.fecha, t.numero))
        with self._motor.connect() as conexion:
            return [Multa(f.numero, f.fecha, f.valor, identificacion) for f in conexion.execute(consulta)]

    def impuesto_pagado(self, placa: str, vigencia: int) -> bool:
        t = impuestos_vehiculares.c
        with self._motor.connect() as conexion:
            return bool(conexion.execute(select(exists().where(t.placa == placa, t.vigencia == vigencia))).scalar())

    def soat(self, placa: str, en: date) -> PolizaSoat | None:
        """The policy covering ``en`` (or, if none does, the most recent one, so the message can say until when)."""
        t = polizas_soat.c
        consulta = select(t.numero, t.placa, t.desde, t.hasta, t.aseguradora).where(t.placa == placa)
        with self._motor.connect() as conexion:
            vigente = conexion.execute(consulta.where(t.desde <= en, t.hasta >= en).limit(1)).first()
            fila = vigente or conexion.execute(consulta.order_by(t.hasta.desc()).limit(1)).first()
        return None if fila is None else PolizaSoat(fila.numero, fila.placa, fila.desde, fila.hasta, fila.aseguradora)
