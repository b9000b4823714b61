"""docs/api.md runs: its ```bash test blocks (curl) in order in one shell session, and its ```js apollo block with
Node 20 and the pinned Apollo packages (tests/sistema/apollo, installed by `make .venv/.dev` with `npm ci`), against
a real server prepared like `make run`. Each block's output must contain every line of the ```text esperado block
that follows it."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.demo import ARCHIVO_CREDENCIAL_PORTAL
from tests.builders import PDF_MINIMO, PNG_MINIMO
from tests.sistema.conftest import RAIZ, _puerto_libre, preparar_datos, servidor_en_marcha

DOC = RAIZ / "docs" / "api.md"
APOLLO = RAIZ / "tests" / "sistema" / "apollo"
_BLOQUE = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Ejemplo:
    tipo: str  # "bash test" | "js apollo"
    codigo: str
    esperado: list[str]


def ejemplos(texto: str) -> list[Ejemplo]:
    bloques = [(m.group(1).strip(), m.group(2)) for m in _BLOQUE.finditer(texto)]
    encontrados = []
    for i, (info, codigo) in enumerate(bloques):
        if info in ("bash test", "js apollo"):
            siguiente = bloques[i + 1] if i + 1 < len(bloques) else ("", "")
            assert siguiente[0] == "text esperado", f"al bloque {info} n.º {i} le falta su ```text esperado"
            encontrados.append(Ejemplo(info, codigo, [x for x in siguiente[1].splitlines() if x.strip()]))
    return encontrados


@dataclass(frozen=True)
class Servidor:
    base: str
    credencial: str
    carpeta: Path


@pytest.fixture(scope="module")
def servidor_doc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servidor]:
    puerto = _puerto_libre()
    datos = tmp_path_factory.mktemp("documentacion")
    entorno = preparar_datos(datos, "documentacion", puerto)
    carpeta = tmp_path_factory.mktemp("cliente")
    (carpeta / "cedula.pdf").write_bytes(PDF_MINIMO)
    (carpeta / "recibo-luz.png").write_bytes(PNG_MINIMO)
    with servidor_en_marcha(entorno, puerto=puerto) as base:
        yield Servidor(base, (datos / ARCHIVO_CREDENCIAL_PORTAL).read_text().strip(), carpeta)


def _revisar(salida: str, ejemplo: Ejemplo) -> None:
    for linea in ejemplo.esperado:
        assert linea in salida, f"falta «{linea}» en la salida de:\n{ejemplo.codigo}\n--- salida ---\n{salida}"


def test_la_guia_tiene_sus_ejemplos() -> None:
    tipos = [e.tipo for e in ejemplos(DOC.read_text(encoding="utf-8"))]
    assert tipos.count("bash test") >= 8 and tipos.count("js apollo") == 1


def test_los_ejemplos_curl_y_apollo_de_la_guia_funcionan(servidor_doc: Servidor) -> None:
    assert shutil.which("curl") and shutil.which("jq"), "Instale curl y jq: bash scripts/instalar-sistema.sh"
    todos = ejemplos(DOC.read_text(encoding="utf-8"))
    estado = servidor_doc.carpeta / "estado.sh"
    estado.write_text(f"export API={servidor_doc.base}/graphql\nexport TOKEN={servidor_doc.credencial}\n")
    for ejemplo in (e for e in todos if e.tipo == "bash test"):
        guion = f"set -euo pipefail\nsource {estado}\n{ejemplo.codigo}\n{{ export -p; declare -f; }} > {estado}\n"
        r = subprocess.run(["bash", "-c", guion], cwd=servidor_doc.carpeta, capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 0, f"{ejemplo.codigo}\n--- stderr ---\n{r.stderr}"
        _revisar(r.stdout, ejemplo)
    [apollo] = [e for e in todos if e.tipo == "js apollo"]
    salida = _node(apollo.codigo, estado, servidor_doc.carpeta, RAIZ / "docs" / "possibleTypes.json")
    _revisar(salida, apollo)
    # The reason for possibleTypes: without them Apollo's cache cannot match `... on Error` (an interface) and drops
    # codigo and mensaje; only the fragment on the concrete type survives.
    vacio = servidor_doc.carpeta / "sin-tipos.json"
    vacio.write_text("{}")
    ultima = _node(apollo.codigo, estado, servidor_doc.carpeta, vacio).strip().splitlines()[-1]
    assert ultima == '{"__typename":"ErrorValidacion","campo":"first"}'


def _node(codigo: str, estado: Path, carpeta: Path, tipos_posibles: Path) -> str:
    assert (APOLLO / "node_modules" / "@apollo" / "client").is_dir(), (
        "Faltan los paquetes de Node del ejemplo Apollo: ejecute `make .venv/.dev` (npm ci en tests/sistema/apollo)")
    guion = APOLLO / f".ejemplo-{uuid.uuid4().hex}.mjs"  # inside the folder, so Node resolves its node_modules
    guion.write_text(codigo, encoding="utf-8")
    try:
        orden = f"source {estado}\nexport POSSIBLE_TYPES={tipos_posibles}\nexec node {guion}\n"
        r = subprocess.run(["bash", "-c", orden], cwd=carpeta, capture_output=True, text=True, timeout=60)
    finally:
        guion.unlink()
    assert r.returncode == 0, r.stderr
    return r.stdout
