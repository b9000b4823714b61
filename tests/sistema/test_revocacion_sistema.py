"""Issue #3 §3 end to end: a coordinador revokes a real certificate in the admin; the public page says so at once,
and the signed lists published under /confianza let an offline verifier reach the same verdict (and report the
lists' age)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from cryptography import x509

from admin.seguridad import hash_clave
from app.composicion import Sistema
from domain.casos_uso.personas import crear_funcionario
from domain.personas import Rol
from signing.confianza import cargar_lista_confianza
from signing.informe_verificacion import Resultado
from signing.plataforma import cargar_certificados
from signing.revocacion import EstadoRevocacion, cargar_lista_revocados
from signing.verificacion import VerificadorFirmas
from tests.sistema import test_extremo_a_extremo as e2e
from tests.sistema.test_extremo_a_extremo import (
    CLAVE,
    CONSULTAR,
    CREDENCIAL,
    _aprobar_en_admin,
    _qr_del_pdf,
    _radicar,
    _token,
    gql,
)

# The same fixtures (a module of its own: its own database and keys).
anyio_backend, sistema, cliente = e2e.anyio_backend, e2e.sistema, e2e.cliente

pytestmark = [pytest.mark.db, pytest.mark.anyio]
MOTIVO = "Soporte de residencia adulterado"


async def test_revocar_y_verificar_sin_conexion_con_las_listas_publicadas(
    cliente: httpx.AsyncClient, sistema: Sistema
) -> None:
    crear_funcionario("coordinadora", "Carla Coordinadora", "SDG-BOGOTA", Rol.COORDINADOR,
                      hash_clave(CLAVE, barato=True), sistema.contexto)
    solicitud = await _radicar(cliente)
    uuid_solicitud = base64.b64decode(solicitud["id"]).decode().split(":", 1)[1]
    await _aprobar_en_admin(cliente, uuid_solicitud)
    leida = (await gql(cliente, CONSULTAR, {"id": solicitud["id"]}))["solicitud"]
    pdf = await cliente.get(leida["certificadoUrl"], headers={"Authorization": f"Bearer {CREDENCIAL}"})
    qr = _qr_del_pdf(pdf.content)
    ruta_publica = qr.replace("HTTP://TESTSERVER", "")
    assert "estado-vigente" in (await cliente.get(ruta_publica)).text

    # The coordinadora revokes it in the admin.
    cliente.cookies.clear()
    pagina = await cliente.get("/admin/ingresar")
    r = await cliente.post("/admin/ingresar", data={"usuario": "coordinadora", "clave": CLAVE,
                                                    "csrf_token": _token(pagina.text)})
    assert r.status_code == 303
    detalle = await cliente.get(f"/admin/solicitudes/{uuid_solicitud}")
    assert "Revocar certificado" in detalle.text
    r = await cliente.post(f"/admin/solicitudes/{uuid_solicitud}/revocar",
                           data={"csrf_token": _token(detalle.text), "motivo": MOTIVO})
    assert r.status_code == 303, r.text

    # Online: at once.
    publica = (await cliente.get(ruta_publica)).text
    assert "estado-revocado" in publica and MOTIVO in publica
    assert MOTIVO in (await cliente.get("/admin/auditoria")).text

    # The published lists.
    crt = await cliente.get("/confianza/plataforma.crt.pem")
    assert crt.status_code == 200 and crt.content.startswith(b"-----BEGIN CERTIFICATE-----")
    assert "max-age" in crt.headers["cache-control"]
    fijados = cargar_certificados([crt.content])
    assert all(isinstance(c, x509.Certificate) for c in fijados)
    r_confianza = await cliente.get("/confianza/lista-confianza.json")
    r_revocados = await cliente.get("/confianza/lista-revocados.json")
    for r in (r_confianza, r_revocados):
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        assert r.headers["cache-control"] == "public, max-age=60"
    confianza = cargar_lista_confianza(r_confianza.content, fijados)
    revocados = cargar_lista_revocados(r_revocados.content, fijados)
    assert "SDG-BOGOTA" in {e.codigo for e in confianza.entidades}
    assert revocados.proxima_actualizacion > revocados.emitida_en
    entradas = list(revocados.entradas.values())
    assert [(e.estado, e.motivo) for e in entradas] == [(EstadoRevocacion.REVOCADO, MOTIVO)]

    # Offline, with only the two lists and the pinned certificate.
    despues = datetime.now(UTC) + timedelta(minutes=5)
    informe = VerificadorFirmas(confianza, revocados=revocados).examinar(qr, ahora=despues)
    assert informe.resultado is Resultado.REVOCADO and MOTIVO in informe.motivo
    edades = {lista.nombre: lista.edad for lista in informe.listas}
    assert set(edades) == {"lista de confianza", "lista de revocados"}
    assert all(timedelta(minutes=4) <= e <= timedelta(minutes=10) for e in edades.values())
    assert not any(lista.desactualizada for lista in informe.listas)
    # A day and more later the same lists are reported stale.
    tarde = VerificadorFirmas(confianza, revocados=revocados).examinar(qr, ahora=despues + timedelta(days=2))
    assert any("desactualizada" in n for n in tarde.notas)
