"""Issue 9 §6 in a real Chromium against `make run`'s server and demo data: axe-core (vendored, WCAG 2.0/2.1 A+AA)
finds no serious or critical violation on any kind of page, admin or public; the table of every impact per page goes
to var/accesibilidad/axe.txt (and to the output with -s). The keyboard-only path and the narrow and wide layouts are
in tests/sistema/test_teclado.py."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.sistema.axe import Resultado, auditar, tabla
from tests.sistema.demo_navegador import RAIZ_VAR, DemoEnMarcha, documentos_demo, ingresar, radicar_pendiente

pytestmark = [pytest.mark.e2e, pytest.mark.db]
RESULTADOS: list[Resultado] = []


@pytest.fixture(scope="module", autouse=True)
def informe() -> Iterator[None]:
    """Write the counts once the module is done, whatever the outcome: the lead reads them."""
    yield
    if RESULTADOS:
        texto = tabla(RESULTADOS)
        destino = RAIZ_VAR / "accesibilidad"
        destino.mkdir(parents=True, exist_ok=True)
        motor = "postgresql" if os.environ.get("VENTANILLA_TEST_DATABASE_URL") else "sqlite"
        (destino / f"axe-{motor}.txt").write_text(texto + "\n", encoding="utf-8")
        print("\n" + texto)


@pytest.fixture(scope="module")
def sesiones(navegador: Browser, demo: DemoEnMarcha) -> Iterator[dict[str, Page]]:
    """One logged-in page per demo official (and one anonymous), reused by every page kind."""
    contextos: list[BrowserContext] = []
    paginas: dict[str, Page] = {}
    for usuario in ("", "coordinador", "registrador", "movilidad"):
        contexto = navegador.new_context(locale="es-CO")
        contextos.append(contexto)
        pagina = contexto.new_page()
        if usuario:
            ingresar(pagina, demo.base, usuario)
        paginas[usuario or "anonimo"] = pagina
    yield paginas
    for contexto in contextos:
        contexto.close()


def _enlace(pagina: Page, base: str, ruta: str, selector: str) -> str:
    pagina.goto(base + ruta)
    href = pagina.locator(selector).first.get_attribute("href")
    assert href, f"sin enlace {selector} en {ruta}"
    return href


def _eregistro(numero: str, fecha: str) -> Callable[[Page, str], object]:
    def enviar(pagina: Page, base: str) -> None:
        pagina.goto(base + "/verificar-certificacion")
        pagina.fill("#numero", numero)
        pagina.fill("#fecha", fecha)
        with pagina.expect_navigation():
            pagina.locator("form button[type=submit]").click()
    return enviar


def _paginas(demo: DemoEnMarcha) -> list[tuple[str, str, str | Callable[[Page, str], object]]]:
    docs = documentos_demo(demo)
    cf = docs.vigentes["certificacion_firma"][0]
    return [
        ("ingreso", "anonimo", "/admin/ingresar"),
        ("bandeja", "coordinador", "/admin/"),
        ("solicitud radicada", "coordinador", radicar_pendiente(demo, "1099887766")[0]),
        ("solicitud aprobada", "coordinador",
         lambda p, b: p.goto(b + _enlace(p, b, "/admin/?estado=aprobada", "a.radicado"))),
        ("solicitud rechazada", "coordinador",
         lambda p, b: p.goto(b + _enlace(p, b, "/admin/?estado=requiere_subsanacion", "a.radicado"))),
        ("identidad", "registrador", "/admin/identidad"),
        ("identidad trámite", "registrador",
         lambda p, b: p.goto(b + _enlace(p, b, "/admin/identidad", "a[href*='/admin/identidad/']"))),
        ("firmas", "registrador", "/admin/firmas"),
        ("aliados", "coordinador", "/admin/aliados"),
        ("notificaciones", "coordinador", "/admin/notificaciones"),
        ("catálogo", "coordinador", "/admin/catalogo"),
        ("catálogo trámite", "coordinador",
         lambda p, b: p.goto(b + _enlace(p, b, "/admin/catalogo", "a[href*='/admin/catalogo/']"))),
        ("vehículo", "movilidad", "/admin/vehiculos?placa=GHT482"),
        ("bandeja de movilidad", "movilidad", "/admin/?tramite=CHIA-T21"),
        ("trámite de Chía (con efectos)", "movilidad",
         lambda p, b: p.goto(b + _enlace(p, b, "/admin/?tramite=CHIA-T21", "a.radicado"))),
        ("estadísticas", "coordinador", "/admin/estadisticas"),
        ("licencias", "movilidad", "/admin/licencias?tipo=CC&numero=79456123"),
        ("auditoría", "coordinador", "/admin/auditoria"),
        ("error 404 (admin)", "coordinador", "/admin/no-existe"),
        ("error 404 (público)", "anonimo", "/V/2/UN-QR-A-MEDIAS"),
        ("verificar (formulario)", "anonimo", "/verificar"),
        ("verificación vigente", "anonimo", docs.vigentes["certificado_residencia"][0].ruta),
        ("verificación revocado", "anonimo", docs.revocado.ruta),
        ("verificación suspendido", "anonimo", docs.suspendido.ruta),
        ("verificación inválido", "anonimo", "/V/1/ABCDEFGH"),
        ("verificación contraseña", "anonimo", docs.vigentes["contrasena_eis"][0].ruta),
        ("verificación certificación", "anonimo", cf.ruta),
        ("verificación certificado de tradición", "anonimo", docs.vigentes["certificado_tradicion"][0].ruta),
        ("e-Register (formulario)", "anonimo", "/verificar-certificacion"),
        ("e-Register (resultado)", "anonimo", _eregistro(cf.numero, cf.fecha)),
        ("e-Register (no encontrada)", "anonimo", _eregistro("CF-2026-999999", cf.fecha)),
    ]


def test_axe_sin_violaciones_graves_en_cada_clase_de_pagina(demo: DemoEnMarcha, sesiones: dict[str, Page]) -> None:
    """WCAG 2.1 AA as far as axe can tell: zero serious or critical violations on every page kind."""
    graves = {}
    for nombre, quien, destino in _paginas(demo):
        pagina = sesiones[quien]
        if callable(destino):
            destino(pagina, demo.base)
        else:
            pagina.goto(demo.base + destino)
        pagina.wait_for_load_state("load")
        error = pagina.title().startswith("Error") or "no encontrada" in pagina.title()
        assert error == nombre.startswith("error"), (nombre, pagina.title())
        resultado = auditar(pagina, nombre)
        RESULTADOS.append(resultado)
        if resultado.graves():
            graves[nombre] = [(v["id"], v["impact"], v["nodes"]) for v in resultado.graves()]
    assert not graves, graves
