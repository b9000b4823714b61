"""axe-core in a real Chromium page: inject the vendored copy (tests/sistema/vendor, never fetched), run the WCAG 2.0
and 2.1 level A and AA rules, and summarise the violations by impact for the report the tests write to var/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ETIQUETAS_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTOS = ("critical", "serious", "moderate", "minor")
GRAVES = {"critical", "serious"}
_EJECUTAR = """async (etiquetas) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: etiquetas}, resultTypes: ['violations']});
  const resumir = v => ({id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length});
  return [r.violations.map(resumir), r.incomplete.map(resumir)];
}"""


@dataclass
class Resultado:
    """One page's violations: rule id, impact, help text, how many nodes and the first few selectors."""

    pagina: str
    violaciones: list[dict[str, Any]] = field(default_factory=list)
    revisar: list[dict[str, Any]] = field(default_factory=list)
    """axe's "incomplete": what it could not decide (e.g. text over an SVG), for a person to look at."""

    def por_impacto(self) -> dict[str, int]:
        """Violated nodes per impact (axe counts a rule once per offending element)."""
        cuenta = dict.fromkeys(IMPACTOS, 0)
        for v in self.violaciones:
            cuenta[v["impact"] or "minor"] += v["count"]
        return cuenta

    def graves(self) -> list[dict[str, Any]]:
        return [v for v in self.violaciones if v["impact"] in GRAVES]


def auditar(pagina: Page, nombre: str) -> Resultado:
    """Run axe on the page as it stands (the caller has waited for it to load)."""
    if not pagina.evaluate("() => typeof window.axe !== 'undefined'"):
        # The admin's CSP forbids inline and foreign scripts for the page; Playwright's evaluation is not the page's.
        pagina.evaluate(AXE.read_text(encoding="utf-8"))
    violaciones, revisar = pagina.evaluate(_EJECUTAR, ETIQUETAS_WCAG)
    return Resultado(nombre, violaciones, revisar)


def tabla(resultados: list[Resultado]) -> str:
    """A plain-text table, one row per page kind: violated nodes by impact, the nodes axe left for review, and the
    rules seen (those to review marked with ?)."""
    filas = [f"{'página':<34} {'critical':>8} {'serious':>8} {'moderate':>8} {'minor':>8} {'revisar':>8}  reglas"]
    for r in resultados:
        c = r.por_impacto()
        reglas = sorted({f"{v['id']}({v['impact']})" for v in r.violaciones})
        reglas += sorted({f"{v['id']}?" for v in r.revisar})
        filas.append(f"{r.pagina:<34} {c['critical']:>8} {c['serious']:>8} {c['moderate']:>8} {c['minor']:>8} "
                     f"{sum(v['count'] for v in r.revisar):>8}  {', '.join(reglas) or '—'}")
    return "\n".join(filas)
