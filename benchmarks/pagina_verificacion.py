"""Requests per second and p99 of the public verification page (`GET /V/1/<payload>`) on ONE uvicorn worker, with
``/healthz`` on the same server as the floor. Loopback only, bounded: three wrk runs of a few seconds each.

Server pinned to core 0, wrk to core 1 (when the machine has two cores), 8 connections, JSON logs as in production.
Two loads on the page, both a real database read (SQLite, or PostgreSQL when ``VENTANILLA_DATABASE_URL`` names
one) + Jinja2 render of a certificate issued by the demo data; ``BENCH_DEBUG=1`` prints wrk's whole output:

- *repetido*: the same QR over and over (one document scanned by many: the signature verdict is memoised, see
  signing/memoria.py);
- *frio*: 10,000 distinct, genuinely signed QRs of that document (the demo key re-signs its claims with other
  issue instants), requested round-robin — more than the memo holds, so every request pays the full COSE verify.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pypdf
import zxingcpp
from PIL import Image

from signing.codigo_qr import CodificadorQR, extraer_cose
from signing.cose import decodificar_sign1, firmar_sign1
from signing.llaves import cargar_llavero
from signing.reclamos import codificar_reclamos, decodificar_reclamos
from signing.verificacion import VerificadorFirmas

SEGUNDOS = 5
CONEXIONES = 8
DISTINTOS = 10_000  # > signing.memoria.CAPACIDAD: a round-robin over them never hits the memo
_ROTACION_LUA = """
local rutas = {}
for linea in io.lines("%s") do rutas[#rutas + 1] = linea end
local i = 0
request = function()
  i = i %% #rutas + 1
  return wrk.format("GET", rutas[i])
end
"""


def _qr_emitido(datos: Path, entorno: dict[str, str]) -> str:
    """Prepare a database with the demo data and return the QR text of its certificado de residencia."""
    subprocess.run([sys.executable, "-m", "app.cli", "preparar"], env=entorno, check=True, capture_output=True)
    verificador = VerificadorFirmas(cargar_llavero(datos / "claves").publico())
    for pdf in (datos / "archivos").rglob("*"):
        if pdf.is_file() and b"/ByteRange" in pdf.read_bytes():
            for imagen in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].images:
                foto = Image.open(io.BytesIO(imagen.data))
                for leido in zxingcpp.read_barcodes(foto, formats=zxingcpp.BarcodeFormat.QRCode):
                    # The demo also issues contraseñas; this benchmark is about the certificate page.
                    if verificador.verificar(leido.text).reclamos.get("tipo") == "certificado_residencia":
                        return str(leido.text)
    raise RuntimeError("la demo no emitió ningún certificado de residencia")


def _qr_distintos(datos: Path, qr: str, cuantos: int) -> list[str]:
    """``cuantos`` genuine QRs of the same document: its claims re-signed by the demo key at other instants."""
    llavero = cargar_llavero(datos / "claves")
    cose = decodificar_sign1(extraer_cose(qr))
    reclamos = decodificar_reclamos(cose.carga)
    firmante = llavero.firmante(reclamos.emisor, reclamos.tipo)
    codificador = CodificadorQR(qr.split("/V/")[0])
    return [
        codificador.codificar(firmar_sign1(
            codificar_reclamos(replace(reclamos, emitido_en=reclamos.emitido_en - timedelta(seconds=i + 1))),
            firmante.llave_privada, firmante.kid,
        ))
        for i in range(cuantos)
    ]


def _wrk(url: str, nucleo: str | None, script: Path | None = None, segundos: int = SEGUNDOS) -> tuple[float, float]:
    """(requests/s, p99 ms) from wrk's --latency output."""
    orden = ["wrk", "-t1", f"-c{CONEXIONES}", f"-d{segundos}s", "--latency", url]
    if script is not None:
        orden[1:1] = ["-s", str(script)]
    if nucleo is not None:
        orden = ["taskset", "-c", nucleo, *orden]
    salida = subprocess.run(orden, capture_output=True, text=True, check=True, timeout=SEGUNDOS + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", salida).group(1))  # type: ignore[union-attr]
    valor, unidad = re.search(r"99%\s+([\d.]+)(us|ms|s)", salida).groups()  # type: ignore[union-attr]
    p99 = float(valor) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unidad]
    if os.environ.get("BENCH_DEBUG"):
        print(salida)
    if "Non-2xx" in salida:
        raise RuntimeError(f"respuestas de error durante la carga:\n{salida}")
    return rps, p99


def _puerto() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    if shutil.which("wrk") is None:
        print("pagina_verificacion: omitido (falta wrk; `make bench` lo instala)")
        return
    dos_nucleos = (os.cpu_count() or 1) >= 2 and shutil.which("taskset") is not None
    with tempfile.TemporaryDirectory() as carpeta:
        datos, puerto = Path(carpeta), _puerto()
        entorno = {**os.environ, "VENTANILLA_DIRECTORIO_DATOS": str(datos), "VENTANILLA_ENTORNO": "pruebas",
                   "VENTANILLA_URL_PUBLICA": f"http://127.0.0.1:{puerto}",
                   "VENTANILLA_VERIFICACIONES_POR_MINUTO": "100000000", "VENTANILLA_ARGON2_BARATO": "1",
                   "VENTANILLA_LOG_JSON": "true"}
        qr = _qr_emitido(datos, entorno)
        ruta = "/" + qr.split("/", 3)[3]  # drop "HTTP://HOST": the path the phone opens
        (datos / "rutas.txt").write_text("".join("/" + q.split("/", 3)[3] + "\n"
                                                 for q in _qr_distintos(datos, qr, DISTINTOS)))
        (datos / "rotacion.lua").write_text(_ROTACION_LUA % (datos / "rutas.txt"))
        servidor = [sys.executable, "-m", "uvicorn", "app.asgi:app", "--port", str(puerto), "--workers", "1",
                    "--no-proxy-headers", "--no-access-log", "--log-level", "warning"]
        if dos_nucleos:
            servidor = ["taskset", "-c", "0", *servidor]
        proceso = subprocess.Popen(servidor, env=entorno, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{puerto}"
        try:
            for _ in range(100):
                try:
                    if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            assert "Vigente" in httpx.get(base + ruta).text or "vigente" in httpx.get(base + ruta).text.lower()
            nucleo = "1" if dos_nucleos else None
            # Warm-up, not measured: a server that has been up has its worker threads and its database pool
            # filled; opening 8 PostgreSQL connections (a backend fork each) is start-up cost, not the page's.
            _wrk(base + ruta, nucleo, segundos=1)
            piso_rps, piso_p99 = _wrk(f"{base}/healthz", nucleo)
            rps, p99 = _wrk(base + ruta, nucleo)
            frio_rps, frio_p99 = _wrk(base + "/", nucleo, datos / "rotacion.lua")
        finally:
            proceso.terminate()
            proceso.wait(timeout=10)
    motor = "postgresql" if "postgresql" in os.environ.get("VENTANILLA_DATABASE_URL", "") else "sqlite"
    print(f"pagina_verificacion_motor={motor}")
    print(f"pagina_verificacion_rps={rps:.0f} (mismo QR repetido; objetivo >= 2000)")
    print(f"pagina_verificacion_p99_ms={p99:.2f} (objetivo <= 10, {CONEXIONES} conexiones)")
    print(f"pagina_verificacion_frio_rps={frio_rps:.0f} p99_ms={frio_p99:.2f} ({DISTINTOS} QR distintos en rotación)")
    print(f"piso_healthz_rps={piso_rps:.0f} p99_ms={piso_p99:.2f}")
    print(f"pagina_verificacion_ratio_vs_healthz={rps / piso_rps:.2f} frio={frio_rps / piso_rps:.2f}")


if __name__ == "__main__":
    main()
