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
from signing.cadena_plataforma import seguir_rotaciones
from signing.confianza import ListaConfianzaInvalida, cargar_lista_confianza
from signing.estado_claves import EstadoClave
from signing.informe_verificacion import Resultado
from signing.llaves import retirar_clave, rotar_firmante, rotar_raiz
from signing.plataforma import CARPETA_PLATAFORMA, cargar_certificados, rotar_llave_plataforma
from signing.revocacion import cargar_lista_revocados
from signing.verificacion import VerificadorFirmas
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


async def _documento_nuevo(cliente: httpx.AsyncClient) -> str:
    cliente.cookies.clear()  # a fresh admin session: the login page redirects a signed-in official
    solicitud = await _radicar(cliente)
    await _aprobar_en_admin(cliente, base64.b64decode(solicitud["id"]).decode().split(":", 1)[1])
    leida = (await gql(cliente, CONSULTAR, {"id": solicitud["id"]}))["solicitud"]
    pdf = await cliente.get(leida["certificadoUrl"], headers={"Authorization": f"Bearer {CREDENCIAL}"})
    return _qr_del_pdf(pdf.content)


async def test_rotacion_de_raiz_y_de_llave_de_plataforma_en_marcha(
    cliente: httpx.AsyncClient, sistema: Sistema
) -> None:
    directorio = Path(sistema.settings.claves)
    fijados = cargar_certificados([(await cliente.get("/confianza/plataforma.crt.pem")).content])
    antes = cargar_lista_confianza((await cliente.get("/confianza/lista-confianza.json")).content, fijados)
    qr_viejo = await _documento_nuevo(cliente)

    rotacion = rotar_raiz(directorio, "SDG-BOGOTA")
    _esperar_recarga()
    lista = cargar_lista_confianza((await cliente.get("/confianza/lista-confianza.json")).content, fijados)
    entidad = next(e for e in lista.entidades if e.codigo == "SDG-BOGOTA")
    assert entidad.raiz == rotacion.raiz_nueva and rotacion.raiz_anterior in entidad.raices_anteriores
    assert lista.secuencia > antes.secuencia
    qr_nuevo = await _documento_nuevo(cliente)
    informe = VerificadorFirmas(lista).examinar(qr_nuevo)
    assert informe.resultado is Resultado.VALIDO and informe.kid == rotacion.firmante.nuevo.kid.hex()
    assert VerificadorFirmas(lista).examinar(qr_viejo).resultado is Resultado.VALIDO  # the overlap

    rotar_llave_plataforma(directorio / CARPETA_PLATAFORMA)
    nuevo = cargar_certificados([(await cliente.get("/confianza/plataforma.crt.pem")).content])
    assert nuevo != fijados
    datos = (await cliente.get("/confianza/lista-confianza.json")).content
    with pytest.raises(ListaConfianzaInvalida):
        cargar_lista_confianza(datos, fijados)  # signed by the new key at once
    confiables = seguir_rotaciones(fijados, (await cliente.get("/confianza/rotaciones-plataforma.json")).content)
    assert confiables == nuevo
    assert cargar_lista_confianza(datos, confiables).secuencia > lista.secuencia
    cargar_lista_revocados((await cliente.get("/confianza/lista-revocados.json")).content, confiables)
