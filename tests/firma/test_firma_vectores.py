"""docs/vectores: our verifier agrees with every published vector, and the script regenerates them exactly."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import cbor2
import pytest
from cryptography.exceptions import InvalidSignature

from signing import jws
from signing.antirreversion import EstadoVerificador, ListaAnterior, ListaVista
from signing.cadena_plataforma import RotacionInvalida, seguir_rotaciones
from signing.codigo_qr import extraer_cose
from signing.confianza import TIPO_JWS as TIPO_CONFIANZA
from signing.confianza import ListaConfianzaInvalida, cargar_lista_confianza
from signing.cose import decodificar_sign1
from signing.informe_verificacion import Resultado
from signing.plataforma import cargar_certificados
from signing.reclamos import ReclamosCertificado
from signing.revocacion import TIPO_JWS as TIPO_REVOCADOS
from signing.revocacion import ListaRevocadosInvalida, cargar_lista_revocados
from signing.verificacion import VerificadorFirmas

CARPETA = Path(__file__).parents[2] / "docs" / "vectores"
INDICE = json.loads((CARPETA / "qr.json").read_text(encoding="utf-8"))
VECTORES = INDICE["vectores"]
CRIPTO_NOMBRES = {"iss": 1, "exp": 4, "iat": 6, "cti": 7, "certificado": -70000}


@functools.cache
def _generador() -> ModuleType:
    especificacion = importlib.util.spec_from_file_location("docs_vectores_generar", CARPETA / "generar.py")
    assert especificacion is not None and especificacion.loader is not None
    modulo = importlib.util.module_from_spec(especificacion)
    sys.modules[especificacion.name] = modulo  # dataclasses look their module up there
    especificacion.loader.exec_module(modulo)
    return modulo


LISTAS = INDICE["listas"]
JUEGOS_DE_LISTAS = {  # the same lists, signed by the ES256 and by the EdDSA platform key
    "ES256": ("lista-confianza.json", "lista-revocados.json", "plataforma.crt.pem"),
    "EdDSA": ("lista-confianza-eddsa.json", "lista-revocados-eddsa.json", "plataforma-eddsa.crt.pem"),
}


@pytest.fixture(scope="module", params=sorted(JUEGOS_DE_LISTAS), ids=lambda alg: f"listas-{alg}")
def verificador(request: pytest.FixtureRequest) -> VerificadorFirmas:
    confianza_archivo, revocados_archivo, certificado = JUEGOS_DE_LISTAS[request.param]
    plataforma = cargar_certificados([(CARPETA / certificado).read_bytes()])
    confianza = cargar_lista_confianza((CARPETA / confianza_archivo).read_bytes(), plataforma)
    revocados = cargar_lista_revocados((CARPETA / revocados_archivo).read_bytes(), plataforma)
    assert confianza.firmada_por == revocados.firmada_por
    return VerificadorFirmas(confianza, revocados=revocados)


def test_hay_vectores_de_cada_resultado() -> None:
    resultados = {v["esperado"]["resultado"] for v in VECTORES}
    assert {r.value for r in Resultado} == resultados
    assert len({v["nombre"] for v in VECTORES}) == len(VECTORES)


@pytest.mark.parametrize("vector", VECTORES, ids=[v["nombre"] for v in VECTORES])
def test_el_verificador_coincide_con_el_vector(vector: dict[str, Any], verificador: VerificadorFirmas) -> None:
    esperado = vector["esperado"]
    ahora = datetime.fromisoformat(vector["verificar_en"].replace("Z", "+00:00"))

    informe = verificador.examinar(vector["qr"], ahora=ahora)

    assert informe.resultado == Resultado(esperado["resultado"]), informe.motivo
    assert informe.codigo_salida == esperado["codigo_salida"]
    assert informe.kid == esperado["kid"]
    for nota in esperado.get("notas", []):
        assert nota in informe.notas
    if "reclamos" in esperado:
        assert informe.reclamos is not None
        assert _como_cwt(informe.reclamos) == esperado["reclamos"]
        cose = decodificar_sign1(extraer_cose(vector["qr"]))
        crudos = cbor2.loads(cose.carga)
        assert {k: crudos[v] for k, v in CRIPTO_NOMBRES.items()} == {
            **esperado["reclamos"], "cti": uuid.UUID(esperado["reclamos"]["cti"]).bytes
        }
    if "cose_hex" in esperado:
        assert extraer_cose(vector["qr"]).hex() == esperado["cose_hex"]
    # The same text, lower-cased (as some camera apps do), gets the same verdict.
    assert verificador.examinar(vector["qr"].lower(), ahora=ahora).resultado == informe.resultado


def _como_cwt(r: ReclamosCertificado) -> dict[str, Any]:
    certificado = {"t": r.tipo, "n": r.numero, "h": r.titular, "i": r.identificacion,
                   "e": r.fecha_expedicion.isoformat()}
    if r.vigente_hasta:
        certificado["v"] = r.vigente_hasta.isoformat()
    cwt: dict[str, Any] = {"iss": r.emisor, "iat": int(r.emitido_en.timestamp()), "cti": str(r.documento_id),
                           "certificado": certificado}
    if r.expira_en:
        cwt["exp"] = int(r.expira_en.timestamp())
    return cwt


_CARGAR = {"lista-confianza": (cargar_lista_confianza, ListaConfianzaInvalida, TIPO_CONFIANZA),
           "lista-revocados": (cargar_lista_revocados, ListaRevocadosInvalida, TIPO_REVOCADOS)}


def _cargar_lista(entrada: dict[str, Any]) -> Any:
    cargar, _, _ = _CARGAR[entrada["tipo"]]
    plataforma = cargar_certificados([(CARPETA / entrada["certificado_plataforma"]).read_bytes()])
    return cargar((CARPETA / entrada["archivo"]).read_bytes(), plataforma)


@pytest.mark.parametrize("entrada", LISTAS, ids=[e["archivo"] for e in LISTAS])
def test_cada_lista_se_acepta_o_rechaza_como_dice_el_indice(entrada: dict[str, Any], tmp_path: Path) -> None:
    _, error, tipo = _CARGAR[entrada["tipo"]]
    if not entrada["aceptada"]:
        with pytest.raises(error):
            _cargar_lista(entrada)
        return
    lista = _cargar_lista(entrada)
    if "rechazada_despues_de" not in entrada:
        return
    # Rollback: validly signed, but older than a list the verifier has already accepted.
    (posterior,) = [e for e in LISTAS if e["archivo"] == entrada["rechazada_despues_de"]]
    vista_posterior = _vista(tipo, _cargar_lista(posterior))
    estado = EstadoVerificador(tmp_path / "estado.json")
    estado.comprobar(vista_posterior)
    estado.registrar(vista_posterior)
    estado.guardar()
    assert lista.secuencia < vista_posterior.secuencia
    with pytest.raises(ListaAnterior, match="posible reversión"):
        EstadoVerificador(tmp_path / "estado.json").comprobar(_vista(tipo, lista))


def _vista(tipo: str, lista: Any) -> ListaVista:
    return ListaVista(tipo, lista.firmada_por, lista.secuencia, lista.emitida_en)


def test_el_indice_cubre_todas_las_listas_publicadas() -> None:
    publicadas = {p.name for p in CARPETA.glob("lista-*.json") if not p.name.endswith(".canonica.json")}
    assert {e["archivo"] for e in LISTAS} == publicadas


def test_la_lista_de_revocados_anterior_ocultaria_las_revocaciones() -> None:
    plataforma = cargar_certificados([(CARPETA / "plataforma.crt.pem").read_bytes()])
    confianza = cargar_lista_confianza((CARPETA / INDICE["lista_confianza"]).read_bytes(), plataforma)
    anterior = cargar_lista_revocados((CARPETA / "lista-revocados-anterior.json").read_bytes(), plataforma)
    (revocado,) = [v for v in VECTORES if v["nombre"] == "revocado"]
    ahora = datetime.fromisoformat(revocado["verificar_en"].replace("Z", "+00:00"))
    informe = VerificadorFirmas(confianza, revocados=anterior).examinar(revocado["qr"], ahora=ahora)
    assert informe.resultado is Resultado.VALIDO  # exactly what a rollback would buy an attacker


@pytest.mark.parametrize("nombre", ["lista-confianza", "lista-revocados"])
def test_la_forma_canonica_publicada_es_la_firmada(nombre: str) -> None:
    documento = jws.leer((CARPETA / f"{nombre}.json").read_bytes())
    sin_firma = {k: v for k, v in documento.items() if k != "firma"}
    assert jws.canonico(sin_firma) + b"\n" == (CARPETA / f"{nombre}.canonica.json").read_bytes()


def test_el_script_regenera_exactamente_los_vectores() -> None:
    generados = _generador().generar()
    assert sorted(generados) == sorted(p.name for p in CARPETA.iterdir() if p.suffix in (".json", ".pem"))
    for nombre, contenido in generados.items():
        assert (CARPETA / nombre).read_bytes() == contenido, f"{nombre}: ejecute python docs/vectores/generar.py"


def _certificados(nombre: str) -> list[Any]:
    return cargar_certificados([(CARPETA / INDICE[nombre]).read_bytes()])


def test_la_lista_lleva_la_raiz_anterior_y_su_firmante_retirado_verifica() -> None:
    lista = cargar_lista_confianza((CARPETA / INDICE["lista_confianza"]).read_bytes(), _certificados(
        "certificado_plataforma"))
    (entidad,) = lista.entidades
    (anterior,) = entidad.raices_anteriores
    # The signer retired by the root rotation of 2025-03-01 (the other retired one expired on 2025-04-01).
    retirada = next(c for c in entidad.claves if c.retirada_en == datetime(2025, 3, 1, tzinfo=UTC))
    retirada.certificado.verify_directly_issued_by(anterior)
    with pytest.raises(InvalidSignature):  # issued by the old root, not by the current one (same name)
        retirada.certificado.verify_directly_issued_by(entidad.raiz)
    assert set(lista.raices()) == {entidad.raiz, anterior}


def test_la_cadena_de_rotaciones_lleva_del_certificado_anterior_al_actual() -> None:
    anterior = _certificados("certificado_plataforma_anterior")
    actual = _certificados("certificado_plataforma")
    cadena = (CARPETA / INDICE["rotaciones_plataforma"]).read_bytes()

    assert seguir_rotaciones(anterior, cadena) == actual
    assert seguir_rotaciones(actual, cadena) == actual  # already past it: nothing to do
    # Pinned to the old certificate only, the lists (signed by the new key) are refused…
    with pytest.raises(ListaConfianzaInvalida):
        cargar_lista_confianza((CARPETA / INDICE["lista_confianza"]).read_bytes(), anterior)
    # … and accepted once the chain is walked.
    cargar_lista_confianza((CARPETA / INDICE["lista_confianza"]).read_bytes(), seguir_rotaciones(anterior, cadena))
    with pytest.raises(RotacionInvalida, match="llave anterior y la nueva"):
        seguir_rotaciones(anterior, (CARPETA / "rotaciones-plataforma-alterada.json").read_bytes())


def test_la_lista_anterior_es_autentica_pero_se_rechaza_tras_ver_la_actual(tmp_path: Path) -> None:
    plataforma = _certificados("certificado_plataforma")
    actual = cargar_lista_confianza((CARPETA / INDICE["lista_confianza"]).read_bytes(), plataforma)
    anterior = cargar_lista_confianza((CARPETA / INDICE["lista_confianza_anterior"]).read_bytes(), plataforma)
    assert anterior.secuencia == actual.secuencia - 1
    # In the older list the (now compromised) key is still active: exactly what a rollback would exploit.
    assert {c.estado.value for c in anterior.claves()} == {"activa", "retirada"}

    def vista(lista: Any) -> ListaVista:
        return ListaVista(TIPO_CONFIANZA, lista.firmada_por, lista.secuencia, lista.emitida_en)

    estado = EstadoVerificador(tmp_path / "estado.json")
    estado.comprobar(vista(actual))
    estado.registrar(vista(actual))
    estado.guardar()
    with pytest.raises(ListaAnterior, match="posible reversión"):
        EstadoVerificador(tmp_path / "estado.json").comprobar(vista(anterior))


def test_las_llaves_de_prueba_no_son_de_ninguna_instalacion() -> None:
    # Only public material is committed; the test-only private keys come from a public seed in the scripts.
    for ruta in CARPETA.iterdir():
        assert not ruta.is_file() or ruta.suffix == ".py" or b"PRIVATE KEY" not in ruta.read_bytes()
    assert "SOLO-PRUEBAS" in _generador().SEMILLA_SOLO_PRUEBAS


def test_el_readme_describe_cada_vector_y_cada_archivo() -> None:
    readme = (CARPETA / "README.md").read_text(encoding="utf-8")
    for vector in VECTORES:
        assert f"| `{vector['nombre']}` |" in readme, vector["nombre"]
    for ruta in CARPETA.iterdir():
        if ruta.suffix in (".json", ".pem"):
            assert f"`{ruta.name}`" in readme, ruta.name
