"""``ventanilla claves lista-confianza|lista-revocados|rotar-plataforma``: the signed lists and the platform key.

Every list gets a ``secuencia`` from ``plataforma.siguiente_secuencia`` (strictly increasing per platform folder),
which offline verifiers use to refuse an older list (rollback, docs/verificar.md ``--estado``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives import hashes

from app.cli_comun import (
    ENV_FRASE_PLATAFORMA,
    OpcionDirectorio,
    OpcionFrasePlataforma,
    OpcionPlataformaDir,
    cargar_publico,
    carpeta_plataforma,
    claves,
    confirmar,
    consola,
    directorio_claves,
    errores,
    errores_claves,
    fecha_o_instante,
)
from app.cli_comun import frase as frase_de
from app.config import Settings
from signing import confianza as lista_conf
from signing import revocacion
from signing.cadena_plataforma import ARCHIVO_ROTACIONES, seguir_rotaciones
from signing.certificados import calcular_kid, escribir_atomico
from signing.estado_claves import EstadoClave
from signing.plataforma import (
    ARCHIVO_CERT,
    cargar_llave_plataforma,
    generar_llave_plataforma,
    rotar_llave_plataforma,
    siguiente_secuencia,
)
from signing.transaccion_llaves import operacion_pendiente

OpcionVigencia = Annotated[int, typer.Option(min=1, help="Horas hasta la próxima actualización.")]


@claves.command("lista-confianza")
def lista_confianza(
    salida: Annotated[Path, typer.Option(help="Archivo JSON a escribir, p. ej. lista-confianza.json.")],
    vigencia_horas: OpcionVigencia = 24,
    url_base: Annotated[str | None, typer.Option(help="URL pública (por defecto VENTANILLA_URL_PUBLICA).")] = None,
    plataforma: OpcionPlataformaDir = None,
    frase: OpcionFrasePlataforma = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Escribe la lista de confianza firmada (crea la llave de la plataforma si falta)."""
    carpeta = directorio_claves(directorio)
    carpeta_pl = carpeta_plataforma(carpeta, plataforma)
    with errores_claves():
        passphrase = frase_de(frase, ENV_FRASE_PLATAFORMA, confirmar=not (carpeta_pl / ARCHIVO_CERT).exists())
        if generar_llave_plataforma(carpeta_pl, passphrase=passphrase):
            consola.print(f"[green]Llave de la plataforma creada[/] en {carpeta_pl}")
        llave = cargar_llave_plataforma(carpeta_pl, passphrase=passphrase)
        emitida = datetime.now(UTC).replace(microsecond=0)
        datos = lista_conf.firmar_lista_confianza(
            cargar_publico(carpeta), llave, emitida_en=emitida, vigencia=timedelta(hours=vigencia_horas),
            url_base=url_base if url_base is not None else Settings().url_publica,
            secuencia=siguiente_secuencia(carpeta_pl, lista_conf.TIPO_JWS, emitida),
        )
        escribir_atomico(salida, datos, 0o644)
        lista = lista_conf.cargar_lista_confianza(datos, [llave.certificado])
    por_estado = {e: sum(1 for c in lista.claves() if c.estado is e) for e in EstadoClave}
    consola.print(
        f"[green]Lista de confianza escrita[/] en {salida}: {len(lista.entidades)} entidades, "
        + ", ".join(f"{n} {e.value}s" for e, n in por_estado.items() if n)
        + f". Secuencia {lista.secuencia}; próxima actualización: {lista.proxima_actualizacion.isoformat()}."
    )
    consola.print(
        f"Firmada con la llave de la plataforma {llave.kid.hex()}; publique también su certificado "
        f"{carpeta_pl / ARCHIVO_CERT} (los verificadores lo fijan con --plataforma) y su huella SHA-256:"
    )
    consola.print(llave.certificado.fingerprint(hashes.SHA256()).hex(":").upper())


@claves.command("lista-revocados")
def lista_revocados(
    entradas: Annotated[
        Path, typer.Option(help="JSON: lista de {documento_id, estado: revocado|suspendido, fecha, motivo}.")
    ],
    salida: Annotated[Path, typer.Option(help="Archivo JSON a escribir, p. ej. revocados.json.")],
    vigencia_horas: OpcionVigencia = 24,
    plataforma: OpcionPlataformaDir = None,
    frase: OpcionFrasePlataforma = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Escribe la lista de revocados firmada a partir de una lista de documentos revocados o suspendidos."""
    carpeta_pl = carpeta_plataforma(directorio_claves(directorio), plataforma)
    with errores_claves():
        filas = json.loads(entradas.read_text(encoding="utf-8"))
        if not isinstance(filas, list):
            raise ValueError(f"{entradas} debe contener una lista JSON")
        lista = [
            revocacion.EntradaRevocacion.de(
                f["documento_id"], f["estado"], fecha_o_instante(f["fecha"]), f.get("motivo", "")
            )
            for f in filas
        ]
        llave = cargar_llave_plataforma(carpeta_pl, passphrase=frase_de(frase, ENV_FRASE_PLATAFORMA))
        emitida = datetime.now(UTC).replace(microsecond=0)
        secuencia = siguiente_secuencia(carpeta_pl, revocacion.TIPO_JWS, emitida)
        datos = revocacion.firmar_lista_revocados(
            lista, llave, emitida_en=emitida, proxima_actualizacion=emitida + timedelta(hours=vigencia_horas),
            secuencia=secuencia,
        )
        escribir_atomico(salida, datos, 0o644)
    consola.print(f"[green]Lista de revocados escrita[/] en {salida}: {len(lista)} documentos, secuencia {secuencia}.")


@claves.command("rotar-plataforma")
def rotar_plataforma(
    plataforma: OpcionPlataformaDir = None,
    frase: OpcionFrasePlataforma = False,
    si: Annotated[bool, typer.Option("--si", "-y", help="No pedir confirmación.")] = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Nueva llave de la plataforma, anunciada con una declaración firmada por la llave anterior y la nueva."""
    carpeta_pl = carpeta_plataforma(directorio_claves(directorio), plataforma)
    with errores_claves():
        pendiente = operacion_pendiente(carpeta_pl) if carpeta_pl.is_dir() else None
    if pendiente:
        consola.print(
            f"[yellow]Aviso[/]: la llave de la plataforma tenía una operación interrumpida ('{pendiente}'); "
            "se completa antes de rotar, y luego se rota otra vez."
        )
    if not si and not confirmar(
        "¿Reemplazar la llave de la plataforma? Las listas se firmarán con la nueva; quienes fijaron la anterior "
        "necesitan la cadena de rotaciones"
    ):
        errores.print("Cancelado: la llave de la plataforma sigue como estaba.")
        raise typer.Exit(1)
    with errores_claves():
        passphrase = frase_de(frase, ENV_FRASE_PLATAFORMA)
        with consola.status("Generando la llave nueva y firmando la declaración de rotación…"):
            rotacion = rotar_llave_plataforma(carpeta_pl, passphrase=passphrase)
            cadena = (carpeta_pl / ARCHIVO_ROTACIONES).read_bytes()
            # Check what was written the way a verifier that pinned the old certificate will.
            alcanzados = seguir_rotaciones([rotacion.anterior], cadena)
        if [c.fingerprint(hashes.SHA256()) for c in alcanzados] != [
            rotacion.nueva.certificado.fingerprint(hashes.SHA256())
        ]:
            raise ValueError("la cadena de rotaciones escrita no lleva a la llave nueva")
    consola.print(
        f"[green]Llave de la plataforma rotada[/] (rotación {rotacion.numero}): "
        f"{rotacion.nueva.kid.hex()} reemplaza a {calcular_kid(rotacion.anterior).hex()}."
    )
    huella = rotacion.nueva.certificado.fingerprint(hashes.SHA256()).hex(":").upper()
    consola.print(f"Huella SHA-256 del certificado nuevo: {huella}")
    consola.print(
        f"Publique {carpeta_pl / ARCHIVO_CERT} y {carpeta_pl / ARCHIVO_ROTACIONES} (en /confianza/plataforma.crt.pem "
        "y /confianza/rotaciones-plataforma.json) y vuelva a emitir ambas listas. Los verificadores que fijaron "
        "el certificado anterior siguen la cadena con 'ventanilla verificar --rotaciones'."
    )
