"""Geometry of the statistics page's inline SVG charts: computed here, drawn by the template (no JavaScript).

Every chart also has a table with the same figures (the accessible fallback), so colours are never the only key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from domain.puertos_estadisticas import FilaSemana

ANCHO = 720
ALTO_COLUMNAS = 220
MARGEN_IZQ = 44  # room for the scale's figures
MARGEN_INF = 34  # room for the week labels
PALETA = ("#3366cc", "#d99a00", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7b8794", "#e67e22")
"""Readable on white (≥ 3:1 for graphics); a trámite keeps its colour across charts and pages of the same filter."""


@dataclass(frozen=True)
class Tramo:
    tramite: str
    valor: int
    y: int
    alto: int
    color: str


@dataclass(frozen=True)
class Columna:
    semana: date
    x: int
    ancho: int
    tramos: tuple[Tramo, ...]
    total: int
    y_total: int


@dataclass(frozen=True)
class Serie:
    tramite: str
    nombre: str
    color: str


@dataclass(frozen=True)
class GraficoSemanas:
    ancho: int
    alto: int
    base: int
    x0: int
    columnas: tuple[Columna, ...]
    series: tuple[Serie, ...]
    escala: tuple[tuple[int, int], ...]
    """(value, y) of the scale's lines."""
    maximo: int


def _tope(maximo: int) -> int:
    """A round scale top ≥ maximo: 1, 2, 5 × 10^n."""
    tope = 1
    while True:
        for paso in (1, 2, 5):
            if tope * paso >= maximo:
                return tope * paso
        tope *= 10


def grafico_semanas(semanas: Sequence[date], filas: Sequence[FilaSemana], nombres: Mapping[str, str],
                    campo: str = "radicadas") -> GraficoSemanas:
    """Stacked columns: one per week, one segment per trámite, of ``campo`` (radicadas by default)."""
    tramites = sorted({f.tramite for f in filas if getattr(f, campo)})
    series = tuple(Serie(t, nombres.get(t, t), PALETA[i % len(PALETA)]) for i, t in enumerate(tramites))
    colores = {s.tramite: s.color for s in series}
    valores = {(f.semana, f.tramite): getattr(f, campo) for f in filas}
    totales = [sum(valores.get((s, t), 0) for t in tramites) for s in semanas]
    maximo = max(totales, default=0)
    tope = _tope(max(maximo, 1))
    base = ALTO_COLUMNAS - MARGEN_INF
    util_y = base - 12
    paso = (ANCHO - MARGEN_IZQ) / max(len(semanas), 1)
    ancho = max(int(paso * 0.7), 2)
    columnas = []
    for i, (semana, total) in enumerate(zip(semanas, totales, strict=True)):
        y = base
        tramos = []
        for t in tramites:
            v = valores.get((semana, t), 0)
            if v:
                alto = max(round(util_y * v / tope), 1)
                y -= alto
                tramos.append(Tramo(t, v, y, alto, colores[t]))
        columnas.append(Columna(semana, MARGEN_IZQ + round(i * paso + (paso - ancho) / 2), ancho, tuple(tramos),
                                total, y - 4))
    escala = tuple((v, base - round(util_y * v / tope)) for v in sorted({0, tope // 2, tope}))
    return GraficoSemanas(ANCHO, ALTO_COLUMNAS, base, MARGEN_IZQ, tuple(columnas), series, escala, maximo)


@dataclass(frozen=True)
class BarraH:
    etiqueta: str
    valor: int
    y: int
    ancho: int
    y_texto: int


@dataclass(frozen=True)
class GraficoBarras:
    ancho: int
    alto: int
    x0: int
    ancho_util: int
    alto_barra: int
    barras: tuple[BarraH, ...]


def grafico_barras(pares: Sequence[tuple[str, int]], *, ancho: int = 480, margen_etiqueta: int = 250,
                   largo_etiqueta: int = 36) -> GraficoBarras:
    """Horizontal bars (rejection reasons), the longest first as given; labels shortened, the full text in <title>.
    Narrower than the weekly chart: it shares a row with the compliance card, so its text keeps a readable size."""
    alto_barra, separacion = 22, 8
    util = ancho - margen_etiqueta - 50
    maximo = max((v for _, v in pares), default=0) or 1
    barras = []
    for i, (etiqueta, valor) in enumerate(pares):
        y = i * (alto_barra + separacion)
        corta = etiqueta if len(etiqueta) <= largo_etiqueta else etiqueta[: largo_etiqueta - 1].rstrip() + "…"
        barras.append(BarraH(corta, valor, y, max(round(util * valor / maximo), 2), y + alto_barra // 2 + 5))
    alto = max(len(barras) * (alto_barra + separacion) - separacion, 1)
    return GraficoBarras(ancho, alto, margen_etiqueta, util, alto_barra, tuple(barras))


@dataclass(frozen=True)
class Cumplimiento:
    """The on-time share as one 100 % bar: a tiempo (green) then fuera de plazo (grey)."""

    ancho: int
    a_tiempo: int
    fuera: int
    ancho_a_tiempo: int
    porcentaje: float | None


def cumplimiento(a_tiempo: int, decididas: int) -> Cumplimiento:
    util = ANCHO
    if decididas == 0:
        return Cumplimiento(util, 0, 0, 0, None)
    return Cumplimiento(util, a_tiempo, decididas - a_tiempo, round(util * a_tiempo / decididas),
                        100 * a_tiempo / decididas)
