"""Contract with signing/: the QR URL the real signer prints opens the public page, in either letter case."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from admin import rutas_publicas
from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir
from domain.documentos import CertificadoAEmitir, DocumentoEmitido
from domain.motor.catalogo import CatalogoTramites
from domain.reloj import RelojFijo
from persistence.inspeccion_archivos import InspectorContenido
from tests.builders import funcionario, nueva_persona, radicar_cmd, verificar_todo
from tests.fakes import FakeAlmacen, FakeUnidadDeTrabajo

emisor_mod = pytest.importorskip("signing.emisor")
llaves_mod = pytest.importorskip("signing.llaves")
verificacion_mod = pytest.importorskip("signing.verificacion")

pytestmark = pytest.mark.anyio


def _estado(html: str) -> str:
    encontrado = re.search(r'class="estado-(\w+)"', html)
    assert encontrado, html
    return encontrado.group(1)


async def test_url_del_qr_firmado_abre_la_verificacion(tmp_path: Path) -> None:
    llaves_mod.generar_llaves_entidad(tmp_path, "SDG-BOGOTA", "Secretaría Distrital de Gobierno de Bogotá")
    llavero = llaves_mod.cargar_llavero(tmp_path)
    reloj = RelojFijo(datetime.now(UTC))
    emisor = emisor_mod.EmisorFirmado(llavero, "https://ventanilla.example.gov.co", reloj=reloj)
    emitidos: list[DocumentoEmitido] = []

    class Espia:
        def emitir(self, certificado: CertificadoAEmitir) -> DocumentoEmitido:
            emitidos.append(emisor.emitir(certificado))
            return emitidos[-1]

    ctx = Contexto(FakeUnidadDeTrabajo(), FakeAlmacen(), reloj, CatalogoTramites.predeterminado(), Espia(),  # type: ignore[arg-type]
                   verificacion_mod.VerificadorFirmas(llavero, url_base="https://ventanilla.example.gov.co"),
                   inspector=InspectorContenido())
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), reloj.ahora().date()), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    aprobar(Decidir(s.id, revisora.id), ctx)
    qr = emitidos[0].qr
    assert qr.startswith("HTTPS://VENTANILLA.EXAMPLE.GOV.CO/V/1/")
    ruta = qr.removeprefix("HTTPS://VENTANILLA.EXAMPLE.GOV.CO")
    alterada = ruta[:-4] + ("A" if ruta[-4] != "A" else "B") + ruta[-3:]

    transporte = httpx.ASGITransport(app=Starlette(routes=rutas_publicas(ctx)))
    async with httpx.AsyncClient(transport=transporte, base_url="https://ventanilla.example.gov.co") as c:
        assert _estado((await c.get(ruta)).text) == "vigente"
        assert _estado((await c.get(ruta.lower())).text) == "vigente"
        assert _estado((await c.get(alterada)).text) == "invalido"
        assert _estado((await c.post("/verificar", data={"qr": qr})).text) == "vigente"
        # The page serves its own base only: the same payload pasted behind another address is not ours.
        ajena = await c.post("/verificar", data={"qr": "https://evil.example" + ruta})
        assert _estado(ajena.text) == "invalido" and "El código no fue emitido para esta dirección" in ajena.text
