"""Crash safety of every key command (``transaccion_llaves.Transaccion``): a crash is simulated after each file-system
operation in turn (every later operation of the dying process fails too), and then the folder must load as the
complete old state or the complete new one, sign consistently, and the command must run again to completion."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from domain.reloj import RelojFijo
from signing import transaccion_llaves
from signing.cadena_plataforma import cadena_publicada, seguir_rotaciones
from signing.carpeta_llaves import _cargar_llave_raiz
from signing.emisor import EmisorFirmado
from signing.estado_claves import EstadoClave, MetadatosClave, leer_estado
from signing.informe_verificacion import Resultado
from signing.llaves import (
    LlavesInconsistentes,
    cargar_llavero,
    generar_llaves_entidad,
    retirar_clave,
    rotar_firmante,
    rotar_raiz,
)
from signing.plataforma import cargar_llave_plataforma, generar_llave_plataforma, rotar_llave_plataforma
from signing.transaccion_llaves import ARCHIVO_TRANSACCION, serializar_estado
from signing.verificacion import VerificadorFirmas

from .conftest import ENTIDAD, ENTIDAD_NOMBRE, certificado_residencia

INICIO = datetime(2025, 1, 1, tzinfo=UTC)
CAMBIO = datetime(2025, 3, 1, tzinfo=UTC)
DESPUES = CAMBIO + timedelta(days=1)


class Caida(Exception):
    """The simulated death of the process."""


@dataclass
class Inyector:
    """Counts the file-system operations of a key change and fails the N-th and every later one."""

    caer_en: int | None = None
    operaciones: int = 0
    caido: bool = False

    def envolver(self, funcion: Callable[..., None]) -> Callable[..., None]:
        def envuelta(*args: object) -> None:
            if self.caido or (self.caer_en is not None and self.operaciones >= self.caer_en):
                self.caido = True
                raise Caida(f"caída simulada en la operación {self.operaciones}")
            self.operaciones += 1
            funcion(*args)

        return envuelta


@pytest.fixture
def inyector(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int | None], Inyector]]:
    originales = {n: getattr(transaccion_llaves, n) for n in ("_escribir_temporal", "_renombrar", "_borrar")}

    def instalar(caer_en: int | None) -> Inyector:
        nuevo = Inyector(caer_en)
        for nombre, funcion in originales.items():
            monkeypatch.setattr(transaccion_llaves, nombre, nuevo.envolver(funcion))
        return nuevo

    yield instalar
    monkeypatch.undo()


def _reanudar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process is restarted: the real file system again."""
    monkeypatch.undo()


def _instantanea(carpeta: Path) -> dict[str, bytes]:
    """Every file of a key folder except the writers' lock, by relative path."""
    return {
        p.relative_to(carpeta).as_posix(): p.read_bytes()
        for p in sorted(carpeta.rglob("*")) if p.is_file() and p.name != transaccion_llaves.ARCHIVO_BLOQUEO
    }


def _sin_restos(carpeta: Path) -> None:
    restos = [p.name for p in carpeta.rglob("*") if p.name.endswith(".tx") or p.name == ARCHIVO_TRANSACCION]
    assert not restos, restos


def _firma_y_verifica(directorio: Path) -> None:
    """The loaded keyring signs with a signer whose root is the one it chains to, and the result verifies."""
    llavero = cargar_llavero(directorio)
    firmante = llavero.firmante(ENTIDAD)
    firmante.certificado.verify_directly_issued_by(firmante.raiz)
    assert firmante.raiz in (llavero.raiz(ENTIDAD), *llavero.raices_anteriores(ENTIDAD))
    _cargar_llave_raiz(directorio / ENTIDAD, None)  # the root key matches the root certificate
    emitido = EmisorFirmado(llavero, "https://verifica.example.gov.co", reloj=RelojFijo(DESPUES)).emitir(
        certificado_residencia()
    )
    informe = VerificadorFirmas(cargar_llavero(directorio, solo_publico=True)).examinar(emitido.qr, ahora=DESPUES)
    assert informe.resultado is Resultado.VALIDO, informe


# --------------------------------------------------------------------------------------------- the scenarios


@dataclass(frozen=True)
class Escenario:
    nombre: str
    preparar: Callable[[Path], object]
    ejecutar: Callable[[Path], object]
    comprobar_nuevo: Callable[[Path, dict[str, bytes]], None]
    """Checks the complete new state, given the old snapshot."""
    carpeta: str = ENTIDAD


def _con_llaves(directorio: Path) -> None:
    generar_llaves_entidad(directorio, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO)


def _kid_inicial(directorio: Path) -> str:
    return cargar_llavero(directorio, solo_publico=True).claves()[0].kid.hex()


def _nuevo_generar(directorio: Path, antes: dict[str, bytes]) -> None:
    assert not antes
    _firma_y_verifica(directorio)
    (clave,) = cargar_llavero(directorio).claves()
    assert clave.tipos == frozenset({"certificado_residencia"})


def _nuevo_rotar(directorio: Path, antes: dict[str, bytes]) -> None:
    llavero = cargar_llavero(directorio)
    assert len(llavero.claves()) == 2
    viejo, nuevo = llavero.claves()
    assert viejo.estado is EstadoClave.RETIRADA and nuevo.estado is EstadoClave.ACTIVA
    assert llavero.firmante(ENTIDAD).kid == nuevo.kid
    _firma_y_verifica(directorio)


def _nuevo_retirar(directorio: Path, antes: dict[str, bytes]) -> None:
    (clave,) = cargar_llavero(directorio, solo_publico=True).claves()
    assert clave.estado is EstadoClave.RETIRADA


def _nuevo_rotar_raiz(directorio: Path, antes: dict[str, bytes]) -> None:
    llavero = cargar_llavero(directorio)
    (anterior,) = llavero.raices_anteriores(ENTIDAD)
    assert anterior.public_bytes(serialization.Encoding.PEM) == antes["raiz.crt.pem"]
    raiz = llavero.raiz(ENTIDAD)
    assert raiz is not None and raiz != anterior
    firmante = llavero.firmante(ENTIDAD)
    assert firmante.raiz == raiz
    viejo = next(c for c in llavero.claves() if c.kid != firmante.kid)
    assert viejo.estado is EstadoClave.RETIRADA
    assert _instantanea(directorio / ENTIDAD)["raiz.key.pem"] != antes["raiz.key.pem"]
    _firma_y_verifica(directorio)


def _nuevo_generar_plataforma(directorio: Path, antes: dict[str, bytes]) -> None:
    assert not antes
    cargar_llave_plataforma(directorio / "_plataforma")


def _nuevo_rotar_plataforma(directorio: Path, antes: dict[str, bytes]) -> None:
    carpeta = directorio / "_plataforma"
    nueva = cargar_llave_plataforma(carpeta)
    viejo = x509.load_pem_x509_certificate(antes["plataforma.crt.pem"])
    assert nueva.certificado != viejo
    assert seguir_rotaciones([viejo], cadena_publicada(carpeta)) == [nueva.certificado]


ESCENARIOS = [
    Escenario(
        "generar", lambda d: None,
        lambda d: generar_llaves_entidad(d, ENTIDAD, ENTIDAD_NOMBRE, ahora=INICIO, tipos=["certificado_residencia"]),
        _nuevo_generar,
    ),
    Escenario("rotar", _con_llaves, lambda d: rotar_firmante(d, ENTIDAD, ahora=CAMBIO), _nuevo_rotar),
    Escenario(
        "retirar", _con_llaves,
        lambda d: retirar_clave(d, ENTIDAD, _kid_inicial(d), comprometida=False, ahora=CAMBIO), _nuevo_retirar,
    ),
    Escenario("rotar-raiz", _con_llaves, lambda d: rotar_raiz(d, ENTIDAD, ahora=CAMBIO), _nuevo_rotar_raiz),
    Escenario(
        "generar-plataforma", lambda d: None, lambda d: generar_llave_plataforma(d / "_plataforma", ahora=INICIO),
        _nuevo_generar_plataforma, carpeta="_plataforma",
    ),
    Escenario(
        "rotar-plataforma", lambda d: generar_llave_plataforma(d / "_plataforma", ahora=INICIO),
        lambda d: rotar_llave_plataforma(d / "_plataforma", ahora=CAMBIO), _nuevo_rotar_plataforma,
        carpeta="_plataforma",
    ),
]


def _operaciones(escenario: Escenario, directorio: Path, inyector: Callable[[int | None], Inyector]) -> int:
    escenario.preparar(directorio)
    contador = inyector(None)
    escenario.ejecutar(directorio)
    return contador.operaciones


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=lambda e: e.nombre)
def test_una_caida_en_cualquier_paso_deja_el_estado_viejo_o_el_nuevo(
    escenario: Escenario, tmp_path: Path, inyector: Callable[[int | None], Inyector],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    total = _operaciones(escenario, tmp_path / "referencia", inyector)
    _reanudar(monkeypatch)
    assert total >= 4  # staged files, the journal, the renames, the journal's removal
    vistos = set()
    for paso in range(total):
        directorio = tmp_path / f"caida-{paso}"
        escenario.preparar(directorio)
        carpeta = directorio / escenario.carpeta
        antes = _instantanea(carpeta) if carpeta.exists() else {}
        inyector(paso)
        with pytest.raises(Caida):
            escenario.ejecutar(directorio)
        _reanudar(monkeypatch)
        confirmada = (carpeta / ARCHIVO_TRANSACCION).exists()

        # The next load finishes a committed change and discards an uncommitted one.
        if escenario.carpeta == ENTIDAD:
            cargar_llavero(directorio)
        else:
            cadena_publicada(carpeta)
        _sin_restos(carpeta)
        despues = _instantanea(carpeta)
        if confirmada:
            vistos.add("nuevo")
            escenario.comprobar_nuevo(directorio, antes)
        else:
            vistos.add("viejo")
            assert despues == antes, f"paso {paso}: una caída antes de confirmar no debe cambiar nada"
        if antes and escenario.carpeta == ENTIDAD and not (confirmada and escenario.nombre == "retirar"):
            _firma_y_verifica(directorio)  # (once its only key is retired, the entidad rightly cannot sign)

        # Running the command again completes (a key already retired is refused, rightly, with a message).
        if escenario.nombre == "retirar" and confirmada:
            with pytest.raises(LlavesInconsistentes, match="ya está retirada"):
                escenario.ejecutar(directorio)
        else:
            escenario.ejecutar(directorio)
        _sin_restos(carpeta)
        if escenario.nombre == "retirar":
            _nuevo_retirar(directorio, antes)
        elif escenario.nombre == "generar":
            _nuevo_generar(directorio, antes)
        elif escenario.carpeta == ENTIDAD:
            _firma_y_verifica(directorio)
        elif escenario.nombre == "rotar-plataforma":
            _nuevo_rotar_plataforma(directorio, antes)  # followed from the original certificate
        else:
            cargar_llave_plataforma(carpeta)
    assert vistos == {"viejo", "nuevo"}


def test_el_estado_de_claves_va_y_vuelve(tmp_path: Path) -> None:
    estados = {
        "00112233445566ff": MetadatosClave(tipos=frozenset({"b", "a"})),
        "aabbccddeeff0011": MetadatosClave().retirar(CAMBIO, comprometida=True, motivo="compromiso"),
    }
    (tmp_path / "claves.json").write_bytes(serializar_estado(estados))  # what a Transaccion renames into place
    assert leer_estado(tmp_path) == estados
