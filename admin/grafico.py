"""A server-rendered horizontal bar chart (inline SVG): no JavaScript, no chart library, readable without colour."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from admin.presentacion import ETIQUETAS_CORTAS, ORDEN_ESTADOS
from domain.solicitudes import EstadoSolicitud

ANCHO = 600
ALTO_BARRA = 22
SEPARACION = 8
MARGEN_ETIQUETA = 170  # room for "Requiere subsanación"
MARGEN_VALOR = 44


@dataclass(frozen=True)
class Barra:
    estado: str
    etiqueta: str
    valor: int
    clase: str
    y: int
    ancho: int
    y_texto: int


@dataclass(frozen=True)
class Grafico:
    ancho: int
    alto: int
    x_barras: int
    ancho_util: int
    alto_barra: int
    barras: tuple[Barra, ...]
    total: int


def grafico_por_estado(conteo: Mapping[EstadoSolicitud, int]) -> Grafico:
    maximo = max(conteo.values(), default=0) or 1
    util = ANCHO - MARGEN_ETIQUETA - MARGEN_VALOR
    barras = []
    for i, estado in enumerate(ORDEN_ESTADOS):
        valor = conteo.get(estado, 0)
        y = i * (ALTO_BARRA + SEPARACION)
        ancho = round(util * valor / maximo)
        barras.append(Barra(estado.value, ETIQUETAS_CORTAS[estado], valor, f"barra-{estado.value}", y,
                            max(ancho, 2 if valor else 0), y + ALTO_BARRA // 2 + 5))
    alto = len(barras) * (ALTO_BARRA + SEPARACION) - SEPARACION
    return Grafico(ANCHO, alto, MARGEN_ETIQUETA, util, ALTO_BARRA, tuple(barras), sum(conteo.values()))
