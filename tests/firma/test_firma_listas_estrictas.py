"""Lists that are validly signed but break a rule of their format: one spelling per list, nothing unsigned."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from signing import jws
from signing.confianza import TIPO_JWS as TIPO_CONFIANZA
from signing.confianza import ListaConfianzaInvalida, cargar_lista_confianza, firmar_lista_confianza
from signing.llaves import cargar_llavero, generar_llaves_entidad
from signing.plataforma import LlavePlataforma, cargar_llave_plataforma, generar_llave_plataforma
from signing.revocacion import TIPO_JWS as TIPO_REVOCADOS
from signing.revocacion import ListaRevocadosInvalida, cargar_lista_revocados, firmar_lista_revocados

from .conftest import ENTIDAD, ENTIDAD_NOMBRE

LISTA = datetime(2025, 7, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def entorno(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LlavePlataforma]:
    carpeta = tmp_path_factory.mktemp("listas-estrictas")
    generar_llaves_entidad(carpeta, ENTIDAD, ENTIDAD_NOMBRE, ahora=datetime(2025, 1, 1, tzinfo=UTC))
    generar_llave_plataforma(carpeta / "_plataforma")
    return carpeta, cargar_llave_plataforma(carpeta / "_plataforma")


def _lista(carpeta: Path, plataforma: LlavePlataforma, **opciones: Any) -> dict[str, Any]:
    datos = firmar_lista_confianza(cargar_llavero(carpeta, solo_publico=True), plataforma, emitida_en=LISTA,
                                   **opciones)
    return json.loads(datos)  # type: ignore[no-any-return]


def _refirmar(documento: dict[str, Any], plataforma: LlavePlataforma, tipo: str, **cabecera: str) -> bytes:
    """Sign ``documento`` (without its old signature) for real, optionally with a hand-made header."""
    contenido = {k: v for k, v in documento.items() if k != "firma"}
    if not cabecera:
        return jws.serializar(jws.firmar(contenido, plataforma.llave, plataforma.kid, tipo))
    assert isinstance(plataforma.llave, ec.EllipticCurvePrivateKey)
    b64 = jws._b64(jws.canonico({"alg": "ES256", "kid": plataforma.kid.hex(), "typ": tipo, **cabecera}))
    entrada = f"{b64}.{jws._b64(jws.canonico(contenido))}".encode()
    r, s = decode_dss_signature(plataforma.llave.sign(entrada, ec.ECDSA(hashes.SHA256())))
    firma = jws._b64(r.to_bytes(32, "big") + s.to_bytes(32, "big"))
    return json.dumps({**contenido, "firma": f"{b64}..{firma}"}).encode()


def _primera_clave(d: dict[str, Any]) -> dict[str, Any]:
    return d["entidades"][0]["claves"][0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("alterar", "motivo"),
    [
        pytest.param(lambda d: d.update(url_base="https://verifica.example.gov.co"), "url_base", id="url-minusculas"),
        pytest.param(lambda d: d.update(url_base="HTTPS://V.EXAMPLE/"), "url_base", id="url-barra-final"),
        pytest.param(lambda d: d.update(url_base="FTP://V.EXAMPLE"), "url_base", id="url-no-http"),
        pytest.param(lambda d: _primera_clave(d).update(tipos_documento=["*", "x"]), "mezcla", id="comodin-mixto"),
        pytest.param(lambda d: _primera_clave(d).update(tipos_documento=["x", "x"]), "repite", id="tipo-repetido"),
        pytest.param(lambda d: _primera_clave(d).update(tipos_documento=[" x"]), "no vacía", id="tipo-con-espacio"),
    ],
)
def test_lista_bien_firmada_pero_mal_formada_se_rechaza(
    entorno: tuple[Path, LlavePlataforma], alterar: Callable[[dict[str, Any]], object], motivo: str
) -> None:
    carpeta, plataforma = entorno
    documento = _lista(carpeta, plataforma, url_base="https://v.example")
    assert cargar_lista_confianza(_refirmar(documento, plataforma, TIPO_CONFIANZA), [plataforma.certificado])
    alterar(documento)
    with pytest.raises(ListaConfianzaInvalida, match=motivo):
        cargar_lista_confianza(_refirmar(documento, plataforma, TIPO_CONFIANZA), [plataforma.certificado])


@pytest.mark.parametrize(
    ("cabecera", "motivo"),
    [({"x5u": "https://evil.example/k.pem"}, "solo alg, kid y typ"), ({"cty": "json"}, "solo alg, kid y typ"),
     ({"crit": "b64"}, "extensiones")],
)
def test_la_cabecera_jws_no_admite_otros_miembros(
    entorno: tuple[Path, LlavePlataforma], cabecera: dict[str, str], motivo: str
) -> None:
    carpeta, plataforma = entorno
    documento = _lista(carpeta, plataforma)
    assert cargar_lista_confianza(_refirmar(documento, plataforma, TIPO_CONFIANZA, typ=TIPO_CONFIANZA),
                                  [plataforma.certificado])  # the hand-made header itself is fine
    with pytest.raises(ListaConfianzaInvalida, match=motivo):
        cargar_lista_confianza(_refirmar(documento, plataforma, TIPO_CONFIANZA, **cabecera), [plataforma.certificado])
    with pytest.raises(ListaConfianzaInvalida, match="minúscula"):
        cargar_lista_confianza(_refirmar(documento, plataforma, TIPO_CONFIANZA, kid=plataforma.kid.hex().upper()),
                               [plataforma.certificado])


def test_revocados_desordenados_se_rechazan(entorno: tuple[Path, LlavePlataforma]) -> None:
    plataforma = entorno[1]
    entradas = [(uuid.UUID(int=n), "revocado", LISTA, "") for n in (1, 2)]
    documento = json.loads(firmar_lista_revocados(entradas, plataforma, emitida_en=LISTA))  # type: ignore[arg-type]
    assert cargar_lista_revocados(_refirmar(documento, plataforma, TIPO_REVOCADOS), [plataforma.certificado])
    # Entries sorted by id: an unsorted list, even validly signed, is refused (one spelling per list).
    documento["documentos"].reverse()
    with pytest.raises(ListaRevocadosInvalida, match="ordenada por id"):
        cargar_lista_revocados(_refirmar(documento, plataforma, TIPO_REVOCADOS), [plataforma.certificado])
