"""Issue #3 §2 online: after a rotation the old key's documents still verify («vigente, firmado con clave
retirada»); withdrawing that key as compromised makes them untrustworthy on the public page and in the published
trust list, without restarting the server (the keyring reloads its folder every few seconds)."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import httpx
import pytest

from app.composicion import Sistema
from signing.confianza import cargar_lista_confianza
from signing.estado_claves import EstadoClave
from signing.llaves import retirar_clave, rotar_firmante
from signing.plataforma import cargar_certificados
from signing.verificacion import Resultado, VerificadorFirmas
from tests.sistema import test_extremo_a_extremo as e2e
from tests.sistema.test_extremo_a_extremo import CONSULTAR, CREDENCIAL, _aprobar_en_admin, _qr_del_pdf, _radicar, gql

pytestmark = [pytest.mark.db, pytest.mark.anyio]

# The same fixtures (a module of its own: its own database and keys, which this test rotates).
anyio_backend, sistema, cliente = e2e.anyio_backend, e2e.sistema, e2e.cliente


def _esperar_recarga() -> None:
    time.sleep(2.2)  # signing.llaves.INTERVALO_REFRESCO


async def test_rotacion_y_retiro_por_compromiso(cliente: httpx.AsyncClient, sistema: Sistema) -> None:
    solicitud = await _radicar(cliente)
    await _aprobar_en_admin(cliente, base64.b64decode(solicitud["id"]).decode().split(":", 1)[1])
    leida = (await gql(cliente, CONSULTAR, {"id": solicitud["id"]}))["solicitud"]
    pdf = await cliente.get(leida["certificadoUrl"], headers={"Authorization": f"Bearer {CREDENCIAL}"})
    qr = _qr_del_pdf(pdf.content)
    ruta = qr.replace("HTTP://TESTSERVER", "")
    fijados = cargar_certificados([(await cliente.get("/confianza/plataforma.crt.pem")).content])
    antes = cargar_lista_confianza((await cliente.get("/confianza/lista-confianza.json")).content, fijados)

    directorio = Path(sistema.settings.claves)
    rotacion = rotar_firmante(directorio, "SDG-BOGOTA")
    [viejo] = rotacion.retiradas
    _esperar_recarga()
    pagina = (await cliente.get(ruta)).text
    assert "estado-vigente" in pagina and "vigente, firmado con clave retirada" in pagina
    lista = cargar_lista_confianza((await cliente.get("/confianza/lista-confianza.json")).content, fijados)
    assert lista.clave_publica(bytes.fromhex(viejo)).estado is EstadoClave.RETIRADA  # type: ignore[union-attr]
    assert len(lista.claves()) == len(antes.claves()) + 1

    retirar_clave(directorio, "SDG-BOGOTA", viejo, comprometida=True, motivo="llave filtrada")
    _esperar_recarga()
    pagina = (await cliente.get(ruta)).text
    assert "estado-invalido" in pagina and "no es confiable" in pagina
    lista = cargar_lista_confianza((await cliente.get("/confianza/lista-confianza.json")).content, fijados)
    assert lista.clave_publica(bytes.fromhex(viejo)).estado is EstadoClave.COMPROMETIDA  # type: ignore[union-attr]
    informe = VerificadorFirmas(lista).examinar(qr)
    assert informe.resultado is Resultado.CLAVE_COMPROMETIDA
