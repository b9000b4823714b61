"""The online page's memo of signature verdicts (signing/memoria.py): reused only while the keyring hands back the
very key object the verdict was reached with, so a compromise or a rotation shows on the next scan."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.reloj import RelojFijo
from signing.emisor import EmisorFirmado
from signing.llaves import cargar_llavero, generar_llaves_entidad, retirar_clave, rotar_firmante
from signing.memoria import VerificadorConMemoria
from signing.verificacion import VerificadorFirmas

from .conftest import ENTIDAD, ENTIDAD_NOMBRE, certificado_residencia

CREADAS = datetime(2025, 1, 1, tzinfo=UTC)
EMISION = datetime(2025, 4, 1, 15, 0, tzinfo=UTC)
ROTACION = datetime(2025, 5, 1, tzinfo=UTC)


class _Contador(VerificadorFirmas):
    """Counts full verifications, to tell a memo hit from a miss."""

    llamadas = 0

    def verificar_con_clave(self, texto: str):  # type: ignore[no-untyped-def]
        type(self).llamadas += 1
        return super().verificar_con_clave(texto)


@pytest.fixture
def carpeta(tmp_path: Path) -> Path:
    assert generar_llaves_entidad(tmp_path, ENTIDAD, ENTIDAD_NOMBRE, ahora=CREADAS)
    return tmp_path


def _montar(carpeta: Path, capacidad: int = 16) -> tuple[VerificadorConMemoria, EmisorFirmado]:
    servidor = cargar_llavero(carpeta, intervalo_refresco=0)  # re-reads the folder on every use, like production
    publico = servidor.publico()
    _Contador.llamadas = 0
    memoria = VerificadorConMemoria(_Contador(publico), publico, capacidad=capacidad)
    return memoria, EmisorFirmado(servidor, "http://127.0.0.1:8000", reloj=RelojFijo(EMISION))


def test_el_mismo_qr_se_verifica_una_vez(carpeta: Path) -> None:
    memoria, emisor = _montar(carpeta)
    qr = emisor.emitir(certificado_residencia()).qr
    primera, segunda = memoria.verificar(qr), memoria.verificar(qr)
    assert primera.valido and segunda == primera
    assert _Contador.llamadas == 1


def test_una_clave_comprometida_invalida_el_veredicto_guardado(carpeta: Path) -> None:
    """Issue 3 §2: withdrawing a compromised key marks its documents untrustworthy online at once — memo or not."""
    memoria, emisor = _montar(carpeta)
    emitido = emisor.emitir(certificado_residencia())
    assert memoria.verificar(emitido.qr).valido
    retirar_clave(carpeta, ENTIDAD, emitido.clave_firma, comprometida=True, ahora=ROTACION)
    despues = memoria.verificar(emitido.qr)
    assert not despues.valido and "compromiso" in despues.motivo
    assert _Contador.llamadas == 2


def test_una_rotacion_cambia_la_nota_a_clave_retirada(carpeta: Path) -> None:
    """Issue 3 §2: after a rotation the old documents read "firmado con clave retirada" on the next scan."""
    memoria, emisor = _montar(carpeta)
    qr = emisor.emitir(certificado_residencia()).qr
    assert memoria.verificar(qr).motivo == "firma válida"
    rotar_firmante(carpeta, ENTIDAD, ahora=ROTACION)
    assert memoria.verificar(qr).motivo == "firmado con clave retirada"


def test_lo_alterado_o_desconocido_no_ocupa_la_memoria(carpeta: Path) -> None:
    memoria, emisor = _montar(carpeta)
    qr = emisor.emitir(certificado_residencia()).qr
    alterado = qr[:-3] + ("A" if qr[-3] != "A" else "B") + qr[-2:]
    for texto in (alterado, "HTTP://127.0.0.1:8000/V/1/AAAA", "basura"):
        assert not memoria.verificar(texto).valido
        assert not memoria.verificar(texto).valido
    assert len(memoria) == 0 and _Contador.llamadas == 6


def test_capacidad_acotada_descarta_el_menos_usado(carpeta: Path) -> None:
    memoria, emisor = _montar(carpeta, capacidad=2)
    a, b, c = (emisor.emitir(certificado_residencia(numero=f"RES-2025-00000{i}")).qr for i in range(3))
    memoria.verificar(a)
    memoria.verificar(b)
    memoria.verificar(a)  # a is now the most recently used
    memoria.verificar(c)  # evicts b
    assert len(memoria) == 2
    antes = _Contador.llamadas
    memoria.verificar(a)
    assert _Contador.llamadas == antes
    memoria.verificar(b)
    assert _Contador.llamadas == antes + 1
