"""Issue 9 §5-§6 in a real Chromium against `make run`'s server: an official completes login → open → assign →
approve with the keyboard alone (Tab, Shift+Tab, Enter, Space and typing; no clicks, no script submits), with a
visible focus ring on every control reached; the verification and e-Register pages read at 320 px without
horizontal scrolling or clipped text; at 1366 px the registrador's header links sit on one line; each demo official
lands on their own work; the verification heading names the kind of document."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page

from app.demo import LOGINS
from tests.sistema.demo_navegador import CLAVES, DemoEnMarcha, documentos_demo, ingresar, radicar_pendiente

pytestmark = [pytest.mark.e2e, pytest.mark.db]
CONFIRMAR = "window.confirm = () => true;"  # hx-confirm's native dialog: CDP cannot press its keys reliably
FOCO = """() => { const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, texto: (e.innerText || e.value || '').trim().slice(0, 60),
          visible: e.matches(':focus-visible'),
          anillo: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""


def _tab_hasta(pagina: Page, condicion: str, *, maximo: int = 80) -> None:
    """Press Tab until ``condicion`` (a JS expression over ``e``, the focused element) holds; every stop on the
    way must show the focus ring."""
    for _ in range(maximo):
        pagina.keyboard.press("Tab")
        foco = pagina.evaluate(FOCO)
        assert foco["tag"] == "BODY" or (foco["visible"] and foco["anillo"]), f"foco sin anillo visible: {foco}"
        if pagina.evaluate(f"() => {{ const e = document.activeElement; return !!({condicion}); }}"):
            return
    raise AssertionError(f"{maximo} tabulaciones sin llegar a: {condicion}")


def _esperar_htmx(pagina: Page) -> None:
    pagina.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")


@pytest.fixture(scope="module")
def pagina(navegador: Browser) -> Iterator[Page]:
    contexto = navegador.new_context(locale="es-CO", viewport={"width": 1366, "height": 768})
    yield contexto.new_page()
    contexto.close()


def test_solo_teclado_ingresar_abrir_asignar_aprobar(demo: DemoEnMarcha, pagina: Page) -> None:
    usuario, clave, _, _ = LOGINS[0]  # the revisora
    _, radicado = radicar_pendiente(demo, "1088776655")
    pagina.add_init_script(CONFIRMAR)
    pagina.goto(f"{demo.base}/admin/ingresar")
    assert pagina.evaluate("() => document.activeElement.id") == "usuario"  # autofocus
    pagina.keyboard.type(usuario)
    _tab_hasta(pagina, "e.id === 'clave'")
    pagina.keyboard.type(clave)
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.url == f"{demo.base}/admin/"
    # The skip link comes first and is visible when focused.
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("() => document.activeElement.className") == "saltar"
    assert pagina.locator(".saltar").bounding_box()["x"] >= 0  # type: ignore[index]
    # A solicitud of this test's own, just filed and unassigned (the other browser tests decide others).
    _tab_hasta(pagina, f"e.matches('a.radicado') && e.innerText.trim() === '{radicado}'")
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert "/admin/solicitudes/" in pagina.url
    _tab_hasta(pagina, "e.tagName === 'BUTTON' && e.innerText.includes('Asignarme esta solicitud')")
    pagina.keyboard.press("Space")
    pagina.get_by_text("Asignarme esta solicitud").wait_for(state="detached")
    _esperar_htmx(pagina)
    # The outcome takes the focus, so the next Tab continues from there, not from the top of the page.
    assert pagina.evaluate("() => document.activeElement.classList.contains('alerta')")
    # Issue 9 §2: every «Revisar» item is marked before approval is offered — by keyboard too.
    sin_verificar = ("e.tagName === 'BUTTON' && e.value === 'verificado' "
                     "&& e.closest('td').innerText.includes('Sin verificar')")
    for _ in range(10):
        if pagina.get_by_text("Sin verificar").count() == 0:
            break
        _tab_hasta(pagina, sin_verificar)
        pagina.keyboard.press("Enter")
        _esperar_htmx(pagina)
    assert pagina.get_by_text("Sin verificar").count() == 0
    _tab_hasta(pagina, "e.tagName === 'BUTTON' && e.innerText.includes('Aprobar y emitir certificado')")
    pagina.keyboard.press("Enter")
    pagina.get_by_role("link", name="Descargar certificado (PDF)").wait_for()
    _esperar_htmx(pagina)
    # Approved and its certificate issued at once: the solicitud is finalizada, "Aprobada" in its history.
    assert pagina.locator("#solicitud .insignias .estado").inner_text() == "Finalizada"
    assert pagina.locator("#t-historial + .historial").get_by_text("Aprobada", exact=False).count() >= 1
    pagina.goto(f"{demo.base}/admin/?estado=finalizada")
    assert pagina.get_by_role("link", name=radicado).count() == 1


def test_cada_funcionario_de_la_demo_llega_a_su_trabajo(demo: DemoEnMarcha, navegador: Browser) -> None:
    esperado = {"revisora": "/admin/", "coordinador": "/admin/", "registrador": "/admin/identidad",
                "movilidad": "/admin/"}
    assert set(esperado) == set(CLAVES)
    for usuario, ruta in esperado.items():
        contexto = navegador.new_context(locale="es-CO")
        pagina = contexto.new_page()
        ingresar(pagina, demo.base, usuario)
        assert pagina.url == demo.base + ruta, usuario
        contexto.close()


def test_cabecera_del_registrador_en_una_linea_a_1366(demo: DemoEnMarcha, navegador: Browser) -> None:
    contexto = navegador.new_context(locale="es-CO", viewport={"width": 1366, "height": 768})
    pagina = contexto.new_page()
    ingresar(pagina, demo.base, "registrador")
    medidas = pagina.evaluate("""() => {
      const r = e => e.getBoundingClientRect();
      const enlaces = [...document.querySelectorAll('.navegacion a')].map(r);
      return {enlaces: enlaces.length, arriba: enlaces.map(x => Math.round(x.top)),
              alto_nav: r(document.querySelector('.navegacion')).height,
              alto_enlace: Math.max(...enlaces.map(x => x.height)),
              logo: r(document.querySelector('.logo')), nav: r(document.querySelector('.navegacion')),
              ancho: document.scrollingElement.scrollWidth};
    }""")
    contexto.close()
    assert medidas["enlaces"] >= 6  # identidad, firmas, catálogo, notificaciones, auditoría, aliados
    assert len(set(medidas["arriba"])) == 1, medidas  # every link on the same line
    assert medidas["alto_nav"] < 1.5 * medidas["alto_enlace"], medidas
    assert medidas["nav"]["top"] < medidas["logo"]["bottom"], medidas  # beside the logo, not under it
    assert medidas["ancho"] <= 1366


RECORTES = """() => {
  const malos = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (r.width === 0 || s.visibility === 'hidden') continue;
    if (r.left < -1 || r.right > innerWidth + 1) malos.push(['fuera', e.tagName, e.className, Math.round(r.right)]);
    if (s.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) {
      malos.push(['recortado', e.tagName, e.className]);
    }
  }
  return {ancho: document.scrollingElement.scrollWidth, malos};
}"""


def test_verificacion_y_eregister_legibles_a_320(demo: DemoEnMarcha, navegador: Browser) -> None:
    docs = documentos_demo(demo)
    contexto = navegador.new_context(locale="es-CO", viewport={"width": 320, "height": 640})
    pagina = contexto.new_page()
    cf = docs.vigentes["certificacion_firma"][0]
    rutas = [docs.vigentes["certificado_residencia"][0].ruta, docs.revocado.ruta,
             docs.vigentes["contrasena_eis"][0].ruta, cf.ruta, "/V/1/ABCDEFGH", "/verificar-certificacion"]
    for ruta in rutas:
        pagina.goto(demo.base + ruta)
        medida = pagina.evaluate(RECORTES)
        assert medida == {"ancho": 320, "malos": []}, (ruta, medida)
    pagina.fill("#numero", cf.numero)  # the e-Register's answer, with its number in the heading
    pagina.fill("#fecha", cf.fecha)
    with pagina.expect_navigation():
        pagina.locator("form button[type=submit]").press("Enter")
    numero = pagina.locator("#t-datos .numero")
    assert numero.inner_text() == cf.numero
    assert numero.evaluate("e => e.getClientRects().length") == 1  # an inline box broken over two lines has two
    medida = pagina.evaluate(RECORTES)
    contexto.close()
    assert medida == {"ancho": 320, "malos": []}, medida


def test_el_titulo_de_la_verificacion_nombra_la_clase_de_documento(demo: DemoEnMarcha) -> None:
    docs = documentos_demo(demo)
    esperado = {"certificado_residencia": "Certificado de residencia",
                "contrasena_eis": "Contraseña EIS", "contrasena_web": "verde con código de verificación QR",
                "certificacion_firma": "Certificación de firma con fines de apostilla"}
    for tipo, palabras in esperado.items():
        html = httpx.get(demo.base + docs.vigentes[tipo][0].ruta, timeout=10).text
        titulo = html[html.index('<h1 id="t-resultado">'):html.index("</h1>")]
        assert palabras in titulo and ">Vigente<" in titulo, (tipo, titulo)
    revocado = httpx.get(demo.base + docs.revocado.ruta, timeout=10).text
    assert '<span class="clase-documento">Certificado de residencia</span>' in revocado and ">Revocado<" in revocado


def test_la_pagina_no_encontrada_del_sitio_es_una_pagina_en_espanol(demo: DemoEnMarcha) -> None:
    """A QR read half-way lands on a real page (lang, title, a way on); other clients keep the short text."""
    navegador = httpx.get(f"{demo.base}/V/2/A-MEDIAS", headers={"Accept": "text/html"}, timeout=10)
    assert navegador.status_code == 404 and '<html lang="es-CO">' in navegador.text
    assert "<title>Página no encontrada · Ventanilla</title>" in navegador.text
    assert 'href="/verificar"' in navegador.text
    assert "Content-Security-Policy" in navegador.headers
    otro = httpx.get(f"{demo.base}/V/2/A-MEDIAS", timeout=10)
    assert otro.status_code == 404 and otro.text == "Not Found"
