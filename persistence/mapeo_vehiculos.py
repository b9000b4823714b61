"""Rows ↔ the registry aggregates (Vehiculo with its JSON record and history; Licencia)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from domain.licencias import EstadoLicencia, Licencia
from domain.vehiculos import (
    Anotacion,
    CausaCancelacion,
    ClaseVehiculo,
    EstadoMatricula,
    Gravamen,
    MedidaCautelar,
    Propiedad,
    Regrabacion,
    Servicio,
    TarjetaOperacion,
    Vehiculo,
)
from persistence.mapeo import Fila


def _fecha(valor: str | None) -> date | None:
    return None if valor is None else date.fromisoformat(valor)


def _registro(v: Vehiculo) -> dict[str, Any]:
    """The few-row parts of the record, as JSON (dates ISO, ids as text)."""
    t = v.tarjeta_operacion
    return {
        "gravamenes": [{"id": str(g.id), "tipo": g.tipo, "beneficiario": g.beneficiario, "documento": g.documento,
                        "inscrito_en": g.inscrito_en.isoformat(), "radicado": g.radicado,
                        "levantado_en": g.levantado_en and g.levantado_en.isoformat()} for g in v.gravamenes],
        "medidas": [{"id": str(m.id), "tipo": m.tipo, "autoridad": m.autoridad, "documento": m.documento,
                     "inscrita_en": m.inscrita_en.isoformat(),
                     "levantada_en": m.levantada_en and m.levantada_en.isoformat()} for m in v.medidas],
        "regrabaciones": [{"numero": r.numero, "anterior": r.anterior, "nuevo": r.nuevo, "fecha": r.fecha.isoformat(),
                           "motivo": r.motivo, "radicado": r.radicado} for r in v.regrabaciones],
        "tradicion": [{"persona_id": p.persona_id and str(p.persona_id), "desde": p.desde.isoformat(),
                       "radicado": p.radicado, "hasta": p.hasta and p.hasta.isoformat()} for p in v.tradicion],
        "tarjeta_operacion": t and {"numero": t.numero, "expedida_en": t.expedida_en.isoformat(), "empresa": t.empresa},
        "placas_anteriores": list(v.placas_anteriores),
    }


def vehiculo_a_fila(v: Vehiculo) -> dict[str, Any]:
    return {
        "id": v.id, "placa": v.placa, "clase": v.clase.value, "servicio": v.servicio.value, "marca": v.marca,
        "linea": v.linea, "modelo": v.modelo, "color": v.color, "numero_motor": v.numero_motor,
        "numero_chasis": v.numero_chasis, "estado_matricula": v.estado_matricula.value, "version": v.version,
        "numero_serie": v.numero_serie, "carroceria": v.carroceria, "cilindraje": v.cilindraje,
        "combustible": v.combustible, "blindado": v.blindado,
        "causa_cancelacion": v.causa_cancelacion and v.causa_cancelacion.value, "organismo": v.organismo,
        "organismo_destino": v.organismo_destino, "traslado_iniciado_en": v.traslado_iniciado_en,
        "registro": _registro(v),
    }


def historia_a_filas(v: Vehiculo, desde: int = 0) -> list[dict[str, Any]]:
    return [{"vehiculo_id": v.id, "secuencia": i, "fecha": a.fecha, "tramite": a.tramite, "radicado": a.radicado,
             "detalle": a.detalle} for i, a in enumerate(v.historia) if i >= desde]


def vehiculo_de_filas(f: Fila, propietarios: Sequence[uuid.UUID], historia: Sequence[Fila] = ()) -> Vehiculo:
    r = f.get("registro") or {}
    t = r.get("tarjeta_operacion")
    return Vehiculo(
        id=f["id"], placa=f["placa"], clase=ClaseVehiculo(f["clase"]), servicio=Servicio(f["servicio"]),
        marca=f["marca"], linea=f["linea"], modelo=f["modelo"], color=f["color"], numero_motor=f["numero_motor"],
        numero_chasis=f["numero_chasis"], propietarios=list(propietarios),
        estado_matricula=EstadoMatricula(f["estado_matricula"]), version=f["version"],
        numero_serie=f.get("numero_serie") or "", carroceria=f.get("carroceria") or "", cilindraje=f.get("cilindraje"),
        combustible=f.get("combustible") or "gasolina", blindado=bool(f.get("blindado")),
        causa_cancelacion=CausaCancelacion(f["causa_cancelacion"]) if f.get("causa_cancelacion") else None,
        organismo=f.get("organismo") or "", organismo_destino=f.get("organismo_destino"),
        traslado_iniciado_en=f.get("traslado_iniciado_en"),
        tarjeta_operacion=t and TarjetaOperacion(t["numero"], date.fromisoformat(t["expedida_en"]), t["empresa"]),
        gravamenes=[Gravamen(uuid.UUID(g["id"]), g["tipo"], g["beneficiario"], g["documento"],
                             date.fromisoformat(g["inscrito_en"]), g["radicado"], _fecha(g["levantado_en"]))
                    for g in r.get("gravamenes", [])],
        medidas=[MedidaCautelar(uuid.UUID(m["id"]), m["tipo"], m["autoridad"], m["documento"],
                                date.fromisoformat(m["inscrita_en"]), _fecha(m["levantada_en"]))
                 for m in r.get("medidas", [])],
        regrabaciones=[Regrabacion(x["numero"], x["anterior"], x["nuevo"], date.fromisoformat(x["fecha"]),
                                   x["motivo"], x["radicado"]) for x in r.get("regrabaciones", [])],
        tradicion=[Propiedad(p["persona_id"] and uuid.UUID(p["persona_id"]), date.fromisoformat(p["desde"]),
                             p["radicado"], _fecha(p["hasta"])) for p in r.get("tradicion", [])],
        historia=[Anotacion(h["fecha"], h["tramite"], h["radicado"], h["detalle"]) for h in historia],
        placas_anteriores=list(r.get("placas_anteriores", [])),
    )


_CAMPOS_LICENCIA = ("id", "numero", "titular_id", "categoria", "servicio", "expedida_en", "vigente_hasta",
                    "documento_titular", "organismo", "reemplaza", "reemplazada_por", "motivo", "entregada_anterior",
                    "version")


def licencia_a_fila(x: Licencia) -> dict[str, Any]:
    return {**{c: getattr(x, c) for c in _CAMPOS_LICENCIA}, "estado": x.estado.value}


def licencia_de_fila(f: Fila) -> Licencia:
    return Licencia(**{c: f[c] for c in _CAMPOS_LICENCIA}, estado=EstadoLicencia(f["estado"]))
