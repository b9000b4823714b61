"""E-mail through the composition root: ``ventanilla servir`` (what ``make run`` starts) delivers the demo's notices
to .eml files from a background thread and says where; ``ventanilla notificaciones --una-vez`` sends by SMTP."""

from __future__ import annotations

import email
import email.policy
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from app.cli import app
from app.composicion import Sistema
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.notificaciones import EstadoEnvio
from domain.reloj import hoy_en_colombia
from persistence.db import crear_motor
from persistence.tablas import bandeja_salida
from tests.bd import url_aislada
from tests.builders import nueva_persona, radicar_cmd
from tests.integracion.smtp import ServidorSMTP
from tests.sistema.conftest import RAIZ, _entorno, _puerto_libre, sistema_nuevo

pytestmark = pytest.mark.db


def test_servir_entrega_los_correos_de_la_demo_en_archivos_y_se_detiene(tmp_path: Path) -> None:
    datos = tmp_path / "datos"
    puerto = _puerto_libre()
    url = url_aislada(tmp_path, "servir_correo")
    entorno = {**_entorno(datos, url, puerto), "VENTANILLA_CORREO_INTERVALO_S": "1"}
    cli = [sys.executable, "-m", "app.cli"]
    subprocess.run([*cli, "preparar"], env=entorno, cwd=RAIZ, check=True, capture_output=True, timeout=300)
    motor = crear_motor(url)
    with motor.connect() as conexion:
        esperados = conexion.execute(select(func.count()).select_from(bandeja_salida)).scalar_one()
    motor.dispose()
    assert esperados >= 5  # the demo files, rejects and approves several solicitudes
    proceso = subprocess.Popen([*cli, "servir", "--puerto", str(puerto)], env=entorno, cwd=RAIZ,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    carpeta = datos / "correo"
    try:
        for _ in range(900):  # the web app's imports alone take ~40 s on a loaded 2-core machine
            if len(list(carpeta.glob("*.eml"))) >= esperados or proceso.poll() is not None:
                break
            time.sleep(0.2)
        archivos = sorted(carpeta.glob("*.eml"))
        assert len(archivos) == esperados, "el servidor no entregó los correos de la demostración"
    finally:
        proceso.send_signal(signal.SIGINT)  # Ctrl+C: uvicorn shuts down, the lifespan stops the dispatcher
        salida, _ = proceso.communicate(timeout=60)
    assert proceso.returncode == 0, salida
    assert "Waiting for application shutdown." in salida and "Application shutdown complete." in salida
    assert f"Correos:         archivos .eml en {carpeta.resolve()}" in salida
    asuntos = set()
    for archivo in archivos:
        m = email.message_from_bytes(archivo.read_bytes(), policy=email.policy.default)
        assert archivo.name.endswith(f"{str(m['Message-ID']).strip('<>').split('@')[0]}.eml")
        asuntos.add(str(m["Subject"]).split(" — ")[0])
    assert {"Solicitud radicada", "Solicitud rechazada: puede subsanarla",
            "Solicitud aprobada: su certificado está listo"} <= asuntos


def test_cli_notificaciones_una_vez_por_smtp(tmp_path_factory: pytest.TempPathFactory) -> None:
    sistema: Sistema = sistema_nuevo(tmp_path_factory, "cli_correo")
    ctx = sistema.contexto
    radicar_solicitud(radicar_cmd(nueva_persona(ctx), hoy_en_colombia(ctx.reloj)), ctx)  # the system clock
    settings = sistema.settings
    with ServidorSMTP() as servidor:
        entorno = {
            "VENTANILLA_DIRECTORIO_DATOS": str(settings.directorio_datos),
            "VENTANILLA_DATABASE_URL": settings.url_base_datos, "VENTANILLA_ENTORNO": "pruebas",
            "VENTANILLA_CORREO_BACKEND": "smtp", "VENTANILLA_SMTP_HOST": "127.0.0.1",
            "VENTANILLA_SMTP_PUERTO": str(servidor.puerto), "VENTANILLA_SMTP_TLS": "ninguno",
            "VENTANILLA_SMTP_REMITENTE": "Ventanilla <no-responder@gobiernobogota.gov.co>",
        }
        resultado = CliRunner().invoke(app, ["notificaciones", "--una-vez"], env=entorno, catch_exceptions=False)
    assert resultado.exit_code == 0, resultado.output
    assert f"servidor SMTP 127.0.0.1:{servidor.puerto}" in resultado.output and "1 enviados" in resultado.output
    (m,) = servidor.buzon.recibidos
    assert str(m["Subject"]).startswith("Solicitud radicada — RES-")
    with ctx.uow() as u:
        assert u.bandeja_salida.contar_por_estado("SDG-BOGOTA") == {EstadoEnvio.ENVIADA: 1}
