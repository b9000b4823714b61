"""``ventanilla verificar``: check a certificate offline with the signed lists (docs/verificar.md).

Exit codes: 0 valid, 1 invalid (signature, format, issuer, signer certificate, kind not allowed for the key,
signed after the key's retirement), 2 expired, 3 revoked or suspended, 4 unknown key, 5 key withdrawn as
compromised, 6 could not verify (``no_verificable``: input unreadable, no QR found, a list that fails its signature),
7 a list older than one already seen (``lista_anterior``, ``--estado``: possible rollback). A QR whose address is
not the issuer's (``url_no_corresponde``) is invalid: 1. Command-line usage errors are reported by the parser with
exit code 2 too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from app.cli_comun import (
    COLORES,
    OpcionDirectorio,
    carpeta_plataforma,
    consola,
    directorio_claves,
    errores,
    fecha_o_instante,
)
from app.cli_qr import ErrorEntrada, leer_qr
from app.config import Settings
from signing import confianza as lista_conf
from signing import revocacion
from signing.antirreversion import EstadoIlegible, EstadoVerificador, ListaAnterior, ListaVista
from signing.cadena_plataforma import seguir_rotaciones
from signing.estado_claves import EstadoClavesInvalido
from signing.informe_verificacion import (
    RESULTADO_LISTA_ANTERIOR,
    RESULTADO_NO_VERIFICABLE,
    SALIDA_ERROR,
    SALIDA_REVERSION,
    InformeVerificacion,
    Resultado,
)
from signing.jws import DocumentoFirmadoInvalido
from signing.llaves import LlavesInconsistentes, cargar_llavero
from signing.plataforma import ARCHIVO_CERT, cargar_certificados
from signing.verificacion import VerificadorFirmas

__all__ = ["SALIDA_REVERSION", "ErrorEntrada", "leer_qr", "verificar"]

_ERRORES_ENTRADA = (
    ErrorEntrada, DocumentoFirmadoInvalido, LlavesInconsistentes, EstadoClavesInvalido, EstadoIlegible, ValueError,
    OSError,
)


def verificar(
    entrada: Annotated[
        str, typer.Argument(help="Un PDF, una imagen (PNG/JPG) con el código, el texto del QR, o '-' (stdin).")
    ],
    confianza: Annotated[
        Path | None, typer.Option(help="Lista de confianza firmada (JSON). Sin ella: las claves locales.")
    ] = None,
    revocados: Annotated[Path | None, typer.Option(help="Lista de revocados firmada (JSON).")] = None,
    plataforma: Annotated[
        Path | None,
        typer.Option(help="Certificado(s) PEM de la plataforma que firman las listas (por defecto el local)."),
    ] = None,
    rotaciones: Annotated[
        Path | None,
        typer.Option(help="Cadena de rotaciones de la plataforma (rotaciones-plataforma.json): se sigue desde "
                          "el certificado fijado con --plataforma."),
    ] = None,
    estado: Annotated[
        Path | None,
        typer.Option(help="Archivo de estado: recuerda la secuencia más alta vista de cada lista y rechaza una "
                          "lista anterior (código 7). Se crea si no existe."),
    ] = None,
    fecha: Annotated[
        str | None, typer.Option(help="Verificar a esta fecha (AAAA-MM-DD, hora de Colombia) o instante ISO 8601.")
    ] = None,
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON (para otros programas).")] = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Verifica un certificado sin conexión: 0 válido, 1 inválido, 2 vencido, 3 revocado o suspendido,
    4 clave desconocida, 5 clave comprometida, 6 no se pudo verificar, 7 lista anterior a una ya vista."""
    try:
        ahora = fecha_o_instante(fecha) if fecha else datetime.now(UTC)
        texto = leer_qr(entrada)
        cargado = _verificador(confianza, revocados, plataforma, rotaciones, directorio)
        memoria = EstadoVerificador(estado) if estado is not None else None
        if memoria is not None:
            for vista in cargado.vistas:
                memoria.comprobar(vista)
    except ListaAnterior as exc:
        _error(f"lista rechazada: {exc}", SALIDA_REVERSION, como_json, resultado=RESULTADO_LISTA_ANTERIOR)
    except _ERRORES_ENTRADA as exc:
        _error(f"No se pudo verificar: {exc}", SALIDA_ERROR, como_json, resultado=RESULTADO_NO_VERIFICABLE)
    informe = cargado.verificador.examinar(texto, ahora=ahora)
    if memoria is not None:
        for vista in cargado.vistas:
            memoria.registrar(vista)
        try:
            memoria.guardar()
        except OSError as exc:
            errores.print(f"[yellow]Aviso[/]: no se pudo guardar el estado en {estado}: {exc}")
    if como_json:
        typer.echo(json.dumps(informe.como_dict(), ensure_ascii=False, indent=2))
    else:
        _mostrar(informe, local=confianza is None)
        for vista in cargado.vistas:
            consola.print(f"Secuencia de la {_NOMBRES[vista.tipo]}: {vista.secuencia}")
    raise typer.Exit(informe.codigo_salida)


def _error(motivo: str, codigo: int, como_json: bool, *, resultado: str) -> None:
    if como_json:
        typer.echo(json.dumps({"resultado": resultado, "codigo_salida": codigo, "motivo": motivo}, ensure_ascii=False))
    else:
        errores.print(f"[red]{motivo[:1].upper()}{motivo[1:]}[/]")
    raise typer.Exit(codigo)


_NOMBRES = {lista_conf.TIPO_JWS: "lista de confianza", revocacion.TIPO_JWS: "lista de revocados"}


@dataclass(frozen=True)
class _Cargado:
    verificador: VerificadorFirmas
    vistas: tuple[ListaVista, ...]


def _verificador(
    confianza: Path | None, revocados: Path | None, plataforma: Path | None, rotaciones: Path | None,
    directorio: Path | None,
) -> _Cargado:
    certificados = []
    if confianza is not None or revocados is not None:
        ruta = plataforma or carpeta_plataforma(directorio_claves(directorio), None) / ARCHIVO_CERT
        if not ruta.exists():
            raise ErrorEntrada(
                f"no se puede comprobar la firma de las listas: falta el certificado de la plataforma ({ruta}); "
                "indíquelo con --plataforma"
            )
        certificados = cargar_certificados([ruta.read_bytes()])
        if rotaciones is not None:
            certificados = seguir_rotaciones(certificados, rotaciones.read_bytes())
    vistas: list[ListaVista] = []
    fuente: Any
    url_base = None  # with a trust list: its signed url_base
    if confianza is not None:
        fuente = lista_conf.cargar_lista_confianza(confianza.read_bytes(), certificados)
        vistas.append(ListaVista(lista_conf.TIPO_JWS, fuente.firmada_por, fuente.secuencia, fuente.emitida_en))
    else:
        fuente = cargar_llavero(directorio_claves(directorio), solo_publico=True)
        # Local keys are this deployment's: its QR codes carry its own public address.
        url_base = Settings().url_publica
    lista_revocados = None
    if revocados is not None:
        lista_revocados = revocacion.cargar_lista_revocados(revocados.read_bytes(), certificados)
        vistas.append(ListaVista(
            revocacion.TIPO_JWS, lista_revocados.firmada_por, lista_revocados.secuencia, lista_revocados.emitida_en
        ))
    return _Cargado(VerificadorFirmas(fuente, revocados=lista_revocados, url_base=url_base), tuple(vistas))


_TITULOS = {
    Resultado.VALIDO: ("VÁLIDO", "bold green"),
    Resultado.VENCIDO: ("VENCIDO", "bold yellow"),
    Resultado.REVOCADO: ("REVOCADO", "bold red"),
    Resultado.SUSPENDIDO: ("SUSPENDIDO", "bold yellow"),
    Resultado.CLAVE_DESCONOCIDA: ("CLAVE DESCONOCIDA", "bold red"),
    Resultado.CLAVE_COMPROMETIDA: ("NO CONFIABLE: CLAVE COMPROMETIDA", "bold red"),
    Resultado.URL_NO_CORRESPONDE: ("INVÁLIDO: DIRECCIÓN AJENA", "bold red"),
}


def _mostrar(informe: InformeVerificacion, *, local: bool) -> None:
    titulo, estilo = _TITULOS.get(informe.resultado, ("INVÁLIDO", "bold red"))
    consola.rule("Verificación sin conexión")
    consola.print(f"Resultado: [{estilo}]{titulo}[/] — {informe.motivo}")
    tabla = Table(show_header=False, box=None, pad_edge=False)
    tabla.add_column(style="bold")
    tabla.add_column()
    clave = informe.clave
    if informe.kid:
        tabla.add_row("Clave (kid)", informe.kid + (f" ({clave.algoritmo})" if clave else ""))
    if clave is not None:
        estado = clave.estado.value + (f" el {clave.retirada_en.isoformat()}" if clave.retirada_en else "")
        tabla.add_row("Estado de la clave", f"[{COLORES[clave.estado]}]{estado}[/]")
        tabla.add_row("Entidad", f"{clave.entidad_codigo} — {clave.entidad_nombre}")
    r = informe.reclamos
    if r is not None:
        tabla.add_row("", "")
        tabla.add_row("Datos", "" if informe.firma_autentica else "[red](no confiables)[/]")
        for etiqueta, valor in (
            ("Tipo", r.tipo), ("Número", r.numero), ("Titular", r.titular), ("Identificación", r.identificacion),
            ("Fecha de expedición", r.fecha_expedicion.isoformat()),
            ("Vigente hasta", r.vigente_hasta.isoformat() if r.vigente_hasta else "sin vencimiento"),
            ("Emitido en", r.emitido_en.isoformat()), ("Documento", str(r.documento_id)), ("Emisor", r.emisor),
        ):
            tabla.add_row(etiqueta, valor)
    if informe.revocacion is not None:
        tabla.add_row("Revocación", f"{informe.revocacion.estado.value} el {informe.revocacion.fecha.isoformat()}")
    consola.print(tabla)
    for lista in informe.listas:
        aviso = " [yellow](desactualizada)[/]" if lista.desactualizada else ""
        consola.print(
            f"{lista.nombre.capitalize()}: emitida {lista.emitida_en.isoformat()} (hace {_duracion(lista.edad)}), "
            f"próxima actualización {lista.proxima_actualizacion.isoformat()}{aviso}"
        )
    if local:
        consola.print("Claves: las de la carpeta local (sin lista de confianza).")
    if not any(lista.nombre == "lista de revocados" for lista in informe.listas):
        consola.print("Sin lista de revocados: no se comprobó si el documento fue revocado.")
    for nota in informe.notas:
        consola.print(f"[yellow]Nota[/]: {nota}")
    consola.print(f"Código de salida: {informe.codigo_salida}")


def _duracion(intervalo: timedelta) -> str:
    segundos = int(intervalo.total_seconds())
    if segundos < 0:
        return "en el futuro"
    dias, resto = divmod(segundos, 86400)
    horas, resto = divmod(resto, 3600)
    if dias:
        return f"{dias} d {horas} h"
    return f"{horas} h {resto // 60} min"
