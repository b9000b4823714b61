"""A generated event log for the statistics tests and benchmark, with its brute-force aggregates.

Each solicitud follows a legal path (filed → assigned → approved / rejected → corrected → decided again, or
withdrawn, annulled, left open); the generator knows the deadline in force at every decision, so the expected
figures do not depend on how the fold recovers it.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from domain.calendario import dias_habiles_entre, sumar_dias_habiles
from domain.estadisticas import MAX_DIAS, normalizar_motivo, semana_de
from domain.reloj import ZONA_COLOMBIA
from persistence.tablas import eventos_solicitud, personas, solicitudes

TRAMITES = (("SDG-BOGOTA", "SDG-CERT-RESIDENCIA", 1), ("SDG-BOGOTA", "SDG-OTRO", 10), ("MOVILIDAD-CHIA", "MOV-01", 3))
MOTIVOS = ("La foto no es legible.", "la foto no es legible", "El recibo no muestra la dirección",
           "Falta la firma del solicitante.", "  El recibo   no muestra la dirección. ")


@dataclass
class Log:
    solicitudes: list[dict[str, Any]] = field(default_factory=list)
    eventos: list[dict[str, Any]] = field(default_factory=list)
    semanas: dict[tuple[str, str, date], Counter[str]] = field(default_factory=dict)
    tiempos: Counter[tuple[str, str, date, int]] = field(default_factory=Counter)
    motivos: Counter[tuple[str, str, date, str]] = field(default_factory=Counter)

    def contar(self, entidad: str, tramite: str, dia: date, contador: str) -> None:
        self.semanas.setdefault((entidad, tramite, semana_de(dia)), Counter())[contador] += 1


def _instante(dia: date, r: random.Random) -> datetime:
    return datetime.combine(dia, time(r.randint(7, 22), r.randint(0, 59), r.randint(0, 59)), ZONA_COLOMBIA)


def generar(semilla: int, n: int, inicio: date = date(2026, 1, 5), dias: int = 90) -> Log:
    r = random.Random(semilla)
    log = Log()
    for i in range(n):
        entidad, tramite, plazo = r.choice(TRAMITES)
        sid = uuid.uuid4()
        dia = inicio + timedelta(days=r.randrange(dias))
        eventos: list[tuple[datetime, str, str]] = [(_instante(dia, r), "radicada", "persona:CC 1")]
        log.contar(entidad, tramite, dia, "radicadas")
        inicio_ciclo, limite, estado = dia, sumar_dias_habiles(dia, plazo), "radicada"
        if r.random() < 0.8:
            eventos.append((eventos[-1][0] + timedelta(minutes=5), "asignada", "funcionario:x"))
            estado = "en_estudio"
        for _ciclo in range(3):
            if r.random() < 0.2:
                if r.random() < 0.3:
                    eventos.append((eventos[-1][0] + timedelta(minutes=1), "anulada", "Duplicada"))
                    log.contar(entidad, tramite, eventos[-1][0].date(), "anuladas")
                    estado = "anulada"
                break  # left open (or annulled)
            decision = inicio_ciclo + timedelta(days=r.randint(0, plazo + 4))
            cuando = max(_instante(decision, r), eventos[-1][0] + timedelta(seconds=1))
            decision = cuando.date()
            tipo = "aprobada" if r.random() < 0.55 else "rechazada"
            motivos = r.sample(MOTIVOS, r.randint(1, 3)) if tipo == "rechazada" else []
            eventos.append((cuando, tipo, "\n".join(motivos)))
            log.contar(entidad, tramite, decision, "decididas")
            log.contar(entidad, tramite, decision, tipo + "s")
            if decision <= limite:
                log.contar(entidad, tramite, decision, "a_tiempo")
            log.tiempos[(entidad, tramite, semana_de(decision),
                         min(dias_habiles_entre(inicio_ciclo, decision), MAX_DIAS))] += 1
            for m in motivos:
                log.motivos[(entidad, tramite, semana_de(decision), normalizar_motivo(m))] += 1
            if tipo == "aprobada":
                estado = "aprobada"
                break
            estado = "requiere_subsanacion"
            siguiente = r.random()
            if siguiente < 0.2:
                eventos.append((cuando + timedelta(days=31), "desistida", "Venció el plazo"))
                log.contar(entidad, tramite, eventos[-1][0].date(), "desistidas")
                estado = "desistida"
                break
            if siguiente < 0.3:
                break
            inicio_ciclo = decision + timedelta(days=r.randint(1, 20))
            eventos.append((max(_instante(inicio_ciclo, r), cuando + timedelta(seconds=1)), "subsanada", "recibo"))
            inicio_ciclo = eventos[-1][0].date()
            limite = sumar_dias_habiles(inicio_ciclo, plazo)
            estado = "en_estudio"
        log.solicitudes.append(dict(
            id=sid, radicado=f"T-{i:07d}", tramite=tramite, tramite_version=date(2025, 1, 1), entidad=entidad,
            datos={"destino": "general", "persona_privada_libertad": False}, rol_notificado="titular",
            entrega="descarga", lugar_entrega="", radicada_en=eventos[0][0],
            fecha_limite_decision=limite, estado=estado, hallazgos=[], motivos_rechazo=[], version=len(eventos)))
        log.eventos.extend(dict(solicitud_id=sid, secuencia=k, cuando=c, tipo=t, actor="x", detalle=d)
                           for k, (c, t, d) in enumerate(eventos))  # numbered from 0, as the repositories do
    return log


def persona_id(conexion: Connection) -> uuid.UUID:
    pid = uuid.uuid4()
    conexion.execute(insert(personas).values(
        id=pid, tipo_identificacion="CC", numero_identificacion=str(pid.int)[:10], nombres="Ana", apellidos="Pérez",
        nacionalidad="CO", version=0))
    return pid


def insertar(conexion: Connection, log: Log, titular: uuid.UUID, *, lote: int = 5_000) -> None:
    filas = [{**s, "titular_id": titular} for s in log.solicitudes]
    for i in range(0, len(filas), lote):
        conexion.execute(insert(solicitudes), filas[i : i + lote])
    for i in range(0, len(log.eventos), lote):
        conexion.execute(insert(eventos_solicitud), log.eventos[i : i + lote])
