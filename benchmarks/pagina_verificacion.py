"""Requests per second and p99 of the public verification page (`GET /V/1/<payload>`) on ONE uvicorn worker, with
``/healthz`` on the same server as the floor. Loopback only, bounded: two wrk runs of a few seconds each.

Server pinned to core 0, wrk to core 1 (when the machine has two cores), 8 connections. The page does a real
SQLite lookup + COSE verify + Jinja2 render for a certificate issued by the demo data.
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
from pathlib import Path

import httpx
import pypdf
import zxingcpp
from PIL import Image

from signing.llaves import cargar_llavero
from signing.verificacion import VerificadorFirmas

SEGUNDOS = 5
CONEXIONES = 8


def _qr_emitido(datos: Path, entorno: dict[str, str]) -> str:
    """Prepare a database with the demo data and return the QR text of its certificado de residencia."""
    subprocess.run([sys.executable, "-m", "app.cli", "preparar"], env=entorno, check=True, capture_output=True)
    verificador = VerificadorFirmas(cargar_llavero(datos / "claves").publico())
    for pdf in (datos / "archivos").rglob("*"):
        if pdf.is_file() and b"/ByteRange" in pdf.read_bytes():
            for imagen in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].images:
                for leido in zxingcpp.read_barcodes(Image.open(io.BytesIO(imagen.data))):
                    # The demo also issues contraseñas; this benchmark is about the certificate page.
                    if verificador.verificar(leido.text).reclamos.get("tipo") == "certificado_residencia":
                        return str(leido.text)
    raise RuntimeError("la demo no emitió ningún certificado de residencia")


def _wrk(url: str, nucleo: str | None) -> tuple[float, float]:
    """(requests/s, p99 ms) from wrk's --latency output."""
    orden = ["wrk", "-t1", f"-c{CONEXIONES}", f"-d{SEGUNDOS}s", "--latency", url]
    if nucleo is not None:
        orden = ["taskset", "-c", nucleo, *orden]
    salida = subprocess.run(orden, capture_output=True, text=True, check=True, timeout=SEGUNDOS + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", salida).group(1))  # type: ignore[union-attr]
    valor, unidad = re.search(r"99%\s+([\d.]+)(us|ms|s)", salida).groups()  # type: ignore[union-attr]
    p99 = float(valor) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unidad]
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
                   "VENTANILLA_VERIFICACIONES_POR_MINUTO": "100000000", "VENTANILLA_ARGON2_BARATO": "1"}
        qr = _qr_emitido(datos, entorno)
        ruta = "/" + qr.split("/", 3)[3]  # drop "HTTP://HOST": the path the phone opens
        servidor = [sys.executable, "-m", "uvicorn", "app.asgi:app", "--port", str(puerto), "--workers", "1",
                    "--no-access-log", "--log-level", "warning"]
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
            piso_rps, piso_p99 = _wrk(f"{base}/healthz", nucleo)
            rps, p99 = _wrk(base + ruta, nucleo)
        finally:
            proceso.terminate()
            proceso.wait(timeout=10)
    print(f"pagina_verificacion_rps={rps:.0f} (objetivo >= 2000)")
    print(f"pagina_verificacion_p99_ms={p99:.2f} (objetivo <= 10, {CONEXIONES} conexiones)")
    print(f"piso_healthz_rps={piso_rps:.0f} p99_ms={piso_p99:.2f}")
    print(f"pagina_verificacion_ratio_vs_healthz={rps / piso_rps:.2f}")


if __name__ == "__main__":
    main()
