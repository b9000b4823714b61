"""The file route: only files of a solicitud of the official's entidad, with safe headers."""

from __future__ import annotations

import httpx
import pytest

from tests.admin.conftest import Escenario, ingresar, radicar
from tests.builders import PDF_MINIMO, PNG_MINIMO, verificar_todo

pytestmark = pytest.mark.anyio


def _url(sha: str, solicitud: object) -> str:
    return f"/admin/archivos/{sha}?solicitud={solicitud}"


async def test_sirve_soportes_en_linea_con_tipo_correcto(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente)
    pdf, png = escenario.solicitud.soportes
    r = await cliente.get(_url(pdf.archivo.sha256, escenario.solicitud.id))
    assert r.status_code == 200 and r.content == PDF_MINIMO
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith('inline; filename="cedula.pdf"')
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert "no-store" in r.headers["cache-control"]
    r = await cliente.get(_url(png.archivo.sha256, escenario.solicitud.id))
    assert r.status_code == 200 and r.content == PNG_MINIMO and r.headers["content-type"] == "image/png"


async def test_rechaza_otra_entidad(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente, "ajena")
    pdf = escenario.solicitud.soportes[0]
    r = await cliente.get(_url(pdf.archivo.sha256, escenario.solicitud.id))
    assert r.status_code == 404 and r.content != PDF_MINIMO


async def test_rechaza_hash_desconocido_o_ajeno_a_la_solicitud(
    cliente: httpx.AsyncClient, escenario: Escenario
) -> None:
    await ingresar(cliente)
    s = escenario.solicitud
    assert (await cliente.get(_url("0" * 64, s.id))).status_code == 404
    assert (await cliente.get(_url("no-es-hash", s.id))).status_code == 404
    sha = s.soportes[0].archivo.sha256
    assert (await cliente.get(f"/admin/archivos/{sha}")).status_code == 404  # which solicitud?
    assert (await cliente.get(_url(sha, "00000000-0000-0000-0000-000000000000"))).status_code == 404
    # A file stored for another solicitud is not reachable through this one.
    otro_pdf = b"%PDF-1.4 otro archivo distinto\n%%EOF\n"
    sha_otro = escenario.ctx.almacen.guardar(otro_pdf)
    assert (await cliente.get(_url(sha_otro, s.id))).status_code == 404


async def test_archivo_de_solicitud_de_otra_entidad_no_se_alcanza_por_la_propia(
    cliente: httpx.AsyncClient, escenario: Escenario
) -> None:
    """The pair (sha, solicitud) is checked: knowing a hash does not open it through another solicitud."""
    propia = radicar(escenario.ctx, "79111222")
    await ingresar(cliente, "ajena")
    sha = escenario.solicitud.soportes[0].archivo.sha256
    assert (await cliente.get(_url(sha, propia.id))).status_code == 404


async def test_sin_sesion_no_hay_archivos(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    r = await cliente.get(_url(escenario.solicitud.soportes[0].archivo.sha256, escenario.solicitud.id))
    assert r.status_code == 303 and r.headers["location"] == "/admin/ingresar"


async def test_certificado_emitido_se_previsualiza(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    from domain.casos_uso.decisiones import aprobar, asignar
    from domain.comandos import Asignar, Decidir

    ctx, s = escenario.ctx, escenario.solicitud
    asignar(Asignar(s.id, escenario.revisora.id), ctx)
    verificar_todo(ctx, s.id, escenario.revisora.id)
    aprobar(Decidir(s.id, escenario.revisora.id), ctx)
    documento_id = ctx.uow.solicitudes.obtener(s.id).documento_id  # type: ignore[attr-defined]
    archivo = ctx.uow.documentos.obtener(documento_id).archivo  # type: ignore[attr-defined]
    await ingresar(cliente)
    r = await cliente.get(_url(archivo.sha256, s.id))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
