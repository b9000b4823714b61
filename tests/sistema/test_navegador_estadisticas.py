"""The Estadísticas page in a real Chromium against `make run`'s server: the header link, the SVG charts drawn from
the demo's solicitudes (folded when the page opens), and the trámite filter swapped in by htmx."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from app.demo import LOGINS
from tests.sistema.test_navegador import BANDERAS, CHROMIUM, _esperar_htmx

pytestmark = [pytest.mark.e2e, pytest.mark.db]


def test_funcionaria_ve_estadisticas_y_filtra(servidor: str, tmp_path: Path) -> None:
    usuario, clave, _, _ = LOGINS[0]
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_context(locale="es-CO", viewport={"width": 1280, "height": 1300}).new_page()
        pagina.goto(f"{servidor}/admin/")
        pagina.fill("#usuario", usuario)
        pagina.fill("#clave", clave)
        pagina.get_by_role("button", name="Ingresar").click()
        pagina.wait_for_url(f"{servidor}/admin/**")
        pagina.get_by_role("navigation", name="Principal").get_by_role("link", name="Estadísticas").click()
        pagina.wait_for_url("**/admin/estadisticas")
        grafico = pagina.locator("#grafico-semanas")
        assert grafico.get_attribute("role") == "img"
        assert grafico.locator("rect[data-valor]").count() >= 1  # the demo's filings, folded on opening
        assert pagina.locator("#grafico-cumplimiento").is_visible()
        # The rendered chart has a real size (the CSS and viewBox work together in the browser).
        caja = grafico.bounding_box()
        assert caja is not None and caja["width"] > 600 and caja["height"] > 150
        opciones = pagina.locator("#tramite option")
        assert opciones.count() >= 2
        codigo = opciones.nth(1).get_attribute("value")
        assert codigo
        pagina.select_option("#tramite", codigo)  # htmx: the change swaps only the results
        pagina.wait_for_url(f"**tramite={codigo}**")
        _esperar_htmx(pagina)
        rects = pagina.locator("#grafico-semanas rect[data-tramite]").all()
        tramites = {r.get_attribute("data-tramite") for r in rects}
        assert tramites <= {codigo}
        pagina.screenshot(path=str(tmp_path / "estadisticas.png"), full_page=True)
        navegador.close()
