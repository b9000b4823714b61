"""``ventanilla claves …`` (entidad keys, trust list, revocation list) and ``ventanilla verificar`` (offline).

Passphrases: private keys are encrypted when a passphrase is given, from ``VENTANILLA_FRASE_CLAVES`` (entidad
keys) or ``VENTANILLA_FRASE_PLATAFORMA`` (the list-signing key), or typed at a prompt with ``--frase``.

``ventanilla verificar`` exit codes (``docs/verificar.md``): 0 valid, 1 invalid (signature, format, issuer,
signer certificate, kind not allowed for the key, signed after the key's retirement), 2 expired, 3 revoked or
suspended, 4 unknown key, 5 key withdrawn as compromised, 6 could not verify (input unreadable, no QR found, a
list that fails its signature). Command-line usage errors are reported by the parser with exit code 2 too.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from cryptography.hazmat.primitives import hashes
from rich.console import Console
from rich.table import Table

from app.config import Settings
from signing.certificados import Algoritmo, calcular_kid, escribir_atomico
from signing.confianza import cargar_lista_confianza, firmar_lista_confianza
from signing.estado_claves import EstadoClave, EstadoClavesInvalido
from signing.jws import DocumentoFirmadoInvalido
from signing.llaves import (
    ClavePublica,
    FraseIncorrecta,
    FraseNecesaria,
    Llavero,
    LlavesInconsistentes,
    cargar_llavero,
    generar_llaves_entidad,
    retirar_clave,
    rotar_firmante,
)
from signing.plataforma import (
    ARCHIVO_CERT,
    CARPETA_PLATAFORMA,
    cargar_certificados,
    cargar_llave_plataforma,
    generar_llave_plataforma,
)
from signing.revocacion import EntradaRevocacion, cargar_lista_revocados, firmar_lista_revocados
from signing.verificacion import SALIDA_ERROR, InformeVerificacion, Resultado, VerificadorFirmas

ENV_FRASE = "VENTANILLA_FRASE_CLAVES"
ENV_FRASE_PLATAFORMA = "VENTANILLA_FRASE_PLATAFORMA"

claves = typer.Typer(
    help="Claves de firma de las entidades, lista de confianza y lista de revocados.", no_args_is_help=True
)
consola = Console()
errores = Console(stderr=True)

_ERRORES_CLAVES = (
    LlavesInconsistentes, FraseNecesaria, FraseIncorrecta, EstadoClavesInvalido, DocumentoFirmadoInvalido,
    ValueError, OSError,
)
_COLORES = {EstadoClave.ACTIVA: "green", EstadoClave.RETIRADA: "yellow", EstadoClave.COMPROMETIDA: "red"}

OpcionDirectorio = Annotated[
    Path | None,
    typer.Option("--directorio", help="Carpeta de claves (por defecto la de la configuración, VENTANILLA_*)."),
]
OpcionFrase = Annotated[
    bool,
    typer.Option("--frase", help=f"Pedir la frase de paso de las llaves privadas (o use {ENV_FRASE})."),
]
OpcionTipos = Annotated[
    list[str] | None,
    typer.Option("--tipo", help="Tipo de documento que la clave puede firmar (repetible; '*' = cualquiera)."),
]
OpcionPlataformaDir = Annotated[
    Path | None,
    typer.Option(
        "--plataforma", help=f"Carpeta de la llave de la plataforma (por defecto <claves>/{CARPETA_PLATAFORMA})."
    ),
]


# ---------------------------------------------------------------------------------------------------- generar


def claves_generar() -> None:
    """What ``ventanilla preparar`` runs: keys for every entidad that issues documents, if absent."""
    _generar(None, None, eddsa=False, tipos=None, pedir_frase=False, directorio=None)


@claves.command("generar")
def generar(
    entidad: Annotated[
        str | None, typer.Option(help="Código de la entidad (por defecto: todas las que emiten documentos).")
    ] = None,
    nombre: Annotated[str | None, typer.Option(help="Nombre de la entidad, si no está en el catálogo.")] = None,
    eddsa: Annotated[bool, typer.Option("--eddsa", help="Firmante Ed25519 (EdDSA) en lugar de ES256.")] = False,
    tipo: OpcionTipos = None,
    frase: OpcionFrase = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Genera, si faltan, la raíz y el primer firmante de cada entidad (fuera de git)."""
    _generar(entidad, nombre, eddsa=eddsa, tipos=tipo, pedir_frase=frase, directorio=directorio)


def _generar(
    entidad: str | None, nombre: str | None, *, eddsa: bool, tipos: list[str] | None, pedir_frase: bool,
    directorio: Path | None,
) -> None:
    carpeta = _directorio(directorio)
    catalogo = _entidades_del_catalogo()
    if entidad is not None:
        if entidad not in catalogo and not nombre:
            _fallar(f"La entidad {entidad} no está en el catálogo: indique su nombre con --nombre.")
        pedidas = {entidad: nombre or catalogo[entidad][0]}
    else:
        pedidas = {codigo: datos[0] for codigo, datos in catalogo.items()}
    passphrase = _frase(pedir_frase, ENV_FRASE, confirmar=True)
    algoritmo = Algoritmo.EDDSA if eddsa else Algoritmo.ES256
    creadas: list[str] = []
    with _errores_claves(), consola.status("Generando claves…"):
        for codigo, nombre_entidad in sorted(pedidas.items()):
            if generar_llaves_entidad(
                carpeta, codigo, nombre_entidad, passphrase=passphrase, algoritmo=algoritmo, tipos=tipos
            ):
                creadas.append(codigo)
        if entidad is None:
            # Entidades outside the catalogue that the composition root also needs keys for (e.g. the
            # Registraduría's contraseñas): it decides which, with default options.
            from app.composicion import asegurar_claves
            from domain.catalogo import Catalogo

            for codigo in asegurar_claves(Settings(directorio_claves=carpeta), Catalogo.cargar()):
                creadas.append(codigo)
                pedidas[codigo] = codigo
                if passphrase or eddsa or tipos:
                    consola.print(f"[yellow]Aviso[/]: {codigo} se creó con las opciones por omisión (sin frase, ES256, "
                                  "cualquier tipo).")
    if not pedidas:
        consola.print("No hay entidades que emitan documentos; no se creó ninguna clave.")
        return
    llavero = _cargar_publico(carpeta)
    for codigo in sorted(pedidas):
        estado = "[green]creadas[/]" if codigo in creadas else "ya existían"
        consola.print(f"{codigo}: claves {estado} en {carpeta / codigo}")
    consola.print(_tabla_claves([c for c in llavero.claves() if c.entidad_codigo in pedidas], "Claves de firma"))
    _avisar_tipos_sin_clave(llavero, {c: catalogo.get(c, ("", set()))[1] for c in pedidas})


def _avisar_tipos_sin_clave(llavero: Llavero, tipos_por_entidad: dict[str, set[str]]) -> None:
    for codigo, tipos in sorted(tipos_por_entidad.items()):
        activas = [c for c in llavero.claves() if c.entidad_codigo == codigo and c.estado is EstadoClave.ACTIVA]
        if not activas:
            consola.print(f"[yellow]Aviso[/]: {codigo} no tiene ninguna clave activa: ejecute 'claves rotar'.")
            continue
        faltan = sorted(t for t in tipos if not any(c.permite(t) for c in activas))
        if faltan:
            consola.print(
                f"[yellow]Aviso[/]: ninguna clave activa de {codigo} puede firmar {', '.join(faltan)}: "
                f"ejecute 'ventanilla claves rotar --entidad {codigo}' con --tipo para cada tipo."
            )


# ------------------------------------------------------------------------------------------ rotar y retirar


@claves.command("rotar")
def rotar(
    entidad: Annotated[str, typer.Option(help="Código de la entidad.")],
    eddsa: Annotated[
        bool | None, typer.Option("--eddsa/--es256", help="Algoritmo del nuevo firmante (por defecto, el actual).")
    ] = None,
    tipo: OpcionTipos = None,
    frase: OpcionFrase = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Emite un firmante nuevo y retira los activos: lo ya firmado sigue verificando ("clave retirada")."""
    carpeta = _directorio(directorio)
    passphrase = _frase(frase, ENV_FRASE)
    algoritmo = None if eddsa is None else (Algoritmo.EDDSA if eddsa else Algoritmo.ES256)
    with _errores_claves(), consola.status(f"Rotando la clave de {entidad}…"):
        rotacion = rotar_firmante(carpeta, entidad, passphrase=passphrase, algoritmo=algoritmo, tipos=tipo)
    consola.print(f"[green]Nueva clave activa[/] de {entidad}: {rotacion.nuevo.kid.hex()} ({rotacion.nuevo.algoritmo})")
    for kid in rotacion.retiradas:
        consola.print(f"Retirada (sigue verificando lo ya firmado): {kid}")
    consola.print(
        "Publique una nueva lista de confianza ('ventanilla claves lista-confianza'). El servidor en marcha "
        "empieza a firmar con la clave nueva en segundos si puede leerla (misma frase de paso)."
    )


@claves.command("retirar")
def retirar(
    entidad: Annotated[str, typer.Option(help="Código de la entidad.")],
    kid: Annotated[str, typer.Option(help="Identificador (16 dígitos hexadecimales) de la clave.")],
    comprometida: Annotated[
        bool,
        typer.Option(
            "--comprometida/--no-comprometida",
            help="Comprometida: nada de lo que firmó es confiable. Si no: deja de firmar, lo firmado sigue válido.",
        ),
    ] = False,
    motivo: Annotated[str | None, typer.Option(help="Motivo, para el registro.")] = None,
    si: Annotated[bool, typer.Option("--si", "-y", help="No pedir confirmación.")] = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Retira una clave de firma; con --comprometida, todo lo que firmó deja de ser confiable."""
    carpeta = _directorio(directorio)
    if comprometida and not si and not _confirmar(
        f"¿Declarar comprometida la clave {kid} de {entidad}? Todos los documentos que firmó dejarán de ser "
        "confiables"
    ):
        errores.print("Cancelado: la clave sigue como estaba.")
        raise typer.Exit(1)
    with _errores_claves():
        clave = retirar_clave(carpeta, entidad, kid, comprometida=comprometida, motivo=motivo)
    cuando = clave.retirada_en.isoformat() if clave.retirada_en else ""
    if comprometida:
        consola.print(f"[red]Clave {clave.kid.hex()} retirada por compromiso[/] el {cuando}.")
    else:
        consola.print(f"[yellow]Clave {clave.kid.hex()} retirada[/] el {cuando}; lo que firmó sigue verificando.")
    consola.print("Efecto inmediato en el servidor en marcha; publique una nueva lista de confianza.")
    _avisar_tipos_sin_clave(_cargar_publico(carpeta), {entidad: set()})


@claves.command("listar")
def listar(directorio: OpcionDirectorio = None, plataforma: OpcionPlataformaDir = None) -> None:
    """Muestra las claves de cada entidad: kid, algoritmo, estado, vigencia y tipos que puede firmar."""
    carpeta = _directorio(directorio)
    with _errores_claves():
        llavero = _cargar_publico(carpeta)
    if not llavero.claves():
        consola.print(f"No hay claves en {carpeta}. Use 'ventanilla claves generar'.")
    else:
        consola.print(_tabla_claves(llavero.claves(), f"Claves de firma en {carpeta}"))
    certificado = _carpeta_plataforma(carpeta, plataforma) / ARCHIVO_CERT
    if certificado.exists():
        with _errores_claves():
            fijados = cargar_certificados([certificado.read_bytes()])
        for cert in fijados:
            huella = cert.fingerprint(hashes.SHA256()).hex(":").upper()
            consola.print(f"Llave de la plataforma (listas): kid {calcular_kid(cert).hex()} — {certificado}")
            consola.print(f"  huella SHA-256 {huella}")
    else:
        consola.print("Sin llave de la plataforma todavía ('claves lista-confianza' la crea).")


# ------------------------------------------------------------------------------------------------- listas


@claves.command("lista-confianza")
def lista_confianza(
    salida: Annotated[Path, typer.Option(help="Archivo JSON a escribir, p. ej. lista-confianza.json.")],
    vigencia_horas: Annotated[int, typer.Option(min=1, help="Horas hasta la próxima actualización.")] = 24,
    url_base: Annotated[str | None, typer.Option(help="URL pública (por defecto VENTANILLA_URL_PUBLICA).")] = None,
    plataforma: OpcionPlataformaDir = None,
    frase: Annotated[
        bool, typer.Option("--frase", help=f"Pedir la frase de la llave de la plataforma (o {ENV_FRASE_PLATAFORMA}).")
    ] = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Escribe la lista de confianza firmada (crea la llave de la plataforma si falta)."""
    carpeta = _directorio(directorio)
    carpeta_plataforma = _carpeta_plataforma(carpeta, plataforma)
    with _errores_claves():
        passphrase = _frase(frase, ENV_FRASE_PLATAFORMA, confirmar=not (carpeta_plataforma / ARCHIVO_CERT).exists())
        if generar_llave_plataforma(carpeta_plataforma, passphrase=passphrase):
            consola.print(f"[green]Llave de la plataforma creada[/] en {carpeta_plataforma}")
        llave = cargar_llave_plataforma(carpeta_plataforma, passphrase=passphrase)
        llavero = _cargar_publico(carpeta)
        datos = firmar_lista_confianza(
            llavero, llave, vigencia=timedelta(hours=vigencia_horas),
            url_base=url_base if url_base is not None else Settings().url_publica,
        )
        escribir_atomico(salida, datos, 0o644)
        lista = cargar_lista_confianza(datos, [llave.certificado])
    por_estado = {e: sum(1 for c in lista.claves() if c.estado is e) for e in EstadoClave}
    consola.print(
        f"[green]Lista de confianza escrita[/] en {salida}: {len(lista.entidades)} entidades, "
        + ", ".join(f"{n} {e.value}s" for e, n in por_estado.items() if n)
        + f". Próxima actualización: {lista.proxima_actualizacion.isoformat()}."
    )
    consola.print(
        f"Firmada con la llave de la plataforma {llave.kid.hex()}; publique también su certificado "
        f"{carpeta_plataforma / ARCHIVO_CERT} (los verificadores lo fijan con --plataforma) y su huella SHA-256:"
    )
    consola.print(llave.certificado.fingerprint(hashes.SHA256()).hex(":").upper())


@claves.command("lista-revocados")
def lista_revocados(
    entradas: Annotated[
        Path, typer.Option(help="JSON: lista de {documento_id, estado: revocado|suspendido, fecha, motivo}.")
    ],
    salida: Annotated[Path, typer.Option(help="Archivo JSON a escribir, p. ej. revocados.json.")],
    vigencia_horas: Annotated[int, typer.Option(min=1, help="Horas hasta la próxima actualización.")] = 24,
    plataforma: OpcionPlataformaDir = None,
    frase: Annotated[
        bool, typer.Option("--frase", help=f"Pedir la frase de la llave de la plataforma (o {ENV_FRASE_PLATAFORMA}).")
    ] = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Escribe la lista de revocados firmada a partir de una lista de documentos revocados o suspendidos."""
    carpeta_plataforma = _carpeta_plataforma(_directorio(directorio), plataforma)
    with _errores_claves():
        filas = json.loads(entradas.read_text(encoding="utf-8"))
        if not isinstance(filas, list):
            raise ValueError(f"{entradas} debe contener una lista JSON")
        lista = [
            EntradaRevocacion.de(f["documento_id"], f["estado"], _fecha_o_instante(f["fecha"]), f.get("motivo", ""))
            for f in filas
        ]
        passphrase = _frase(frase, ENV_FRASE_PLATAFORMA)
        llave = cargar_llave_plataforma(carpeta_plataforma, passphrase=passphrase)
        emitida = datetime.now(UTC).replace(microsecond=0)
        datos = firmar_lista_revocados(
            lista, llave, emitida_en=emitida, proxima_actualizacion=emitida + timedelta(hours=vigencia_horas)
        )
        escribir_atomico(salida, datos, 0o644)
    consola.print(f"[green]Lista de revocados escrita[/] en {salida}: {len(lista)} documentos.")


# ---------------------------------------------------------------------------------------------- verificar


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
    fecha: Annotated[
        str | None, typer.Option(help="Verificar a esta fecha (AAAA-MM-DD, hora de Colombia) o instante ISO 8601.")
    ] = None,
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON (para otros programas).")] = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Verifica un certificado sin conexión: 0 válido, 1 inválido, 2 vencido, 3 revocado o suspendido,
    4 clave desconocida, 5 clave comprometida, 6 no se pudo verificar."""
    try:
        ahora = _fecha_o_instante(fecha) if fecha else datetime.now(UTC)
        texto = leer_qr(entrada)
        verificador = _verificador(confianza, revocados, plataforma, directorio)
    except (ErrorEntrada, DocumentoFirmadoInvalido, LlavesInconsistentes, EstadoClavesInvalido, ValueError,
            OSError) as exc:
        if como_json:
            typer.echo(json.dumps({"resultado": "error", "codigo_salida": SALIDA_ERROR, "motivo": str(exc)}))
        else:
            errores.print(f"[red]No se pudo verificar[/]: {exc}")
        raise typer.Exit(SALIDA_ERROR) from None
    informe = verificador.examinar(texto, ahora=ahora)
    if como_json:
        typer.echo(json.dumps(informe.como_dict(), ensure_ascii=False, indent=2))
    else:
        _mostrar(informe, local=confianza is None)
    raise typer.Exit(informe.codigo_salida)


class ErrorEntrada(ValueError):
    pass


def leer_qr(entrada: str) -> str:
    """The QR text from a PDF (its embedded images), a photo or screenshot, a text file, stdin or the text."""
    if entrada == "-":
        return sys.stdin.read().strip()
    ruta = Path(entrada)
    if _es_archivo(ruta):
        datos = ruta.read_bytes()
        if datos.startswith(b"%PDF"):
            return _qr_de_pdf(datos)
        try:
            return _qr_de_imagen(datos)
        except _NoEsImagen:
            pass
        try:
            return datos.decode("ascii").strip()
        except UnicodeDecodeError:
            raise ErrorEntrada(f"{entrada}: no es un PDF, una imagen ni un texto") from None
    return entrada.strip()


def _es_archivo(ruta: Path) -> bool:
    try:
        return ruta.is_file()
    except (OSError, ValueError):  # e.g. a bare QR payload longer than a file name may be
        return False


class _NoEsImagen(Exception):
    pass


def _qr_de_pdf(datos: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise ErrorEntrada("para leer PDF hace falta el paquete pypdf") from None
    textos: list[str] = []
    try:
        for pagina in PdfReader(io.BytesIO(datos)).pages:
            for imagen in pagina.images:
                textos.extend(_decodificar(imagen.image))
    except PdfReadError as exc:
        raise ErrorEntrada(f"PDF ilegible: {exc}") from None
    return _elegir(textos, "en las imágenes del PDF")


def _qr_de_imagen(datos: bytes) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        imagen = Image.open(io.BytesIO(datos))
        imagen.load()
    except (UnidentifiedImageError, OSError):
        raise _NoEsImagen from None
    return _elegir(_decodificar(imagen), "en la imagen")


def _decodificar(imagen: Any) -> list[str]:
    try:
        import zxingcpp
    except ImportError:
        raise ErrorEntrada("para leer imágenes hace falta el paquete zxing-cpp") from None
    return [
        r.text for r in zxingcpp.read_barcodes(imagen) if r.format == zxingcpp.BarcodeFormat.QRCode and r.text
    ]


def _elegir(textos: Sequence[str], donde: str) -> str:
    if not textos:
        raise ErrorEntrada(f"no se encontró ningún código QR {donde}")
    nuestros = [t for t in textos if "/V/" in t.upper()]
    return (nuestros or list(textos))[0]


def _verificador(
    confianza: Path | None, revocados: Path | None, plataforma: Path | None, directorio: Path | None
) -> VerificadorFirmas:
    certificados = []
    if confianza is not None or revocados is not None:
        ruta = plataforma or _carpeta_plataforma(_directorio(directorio), None) / ARCHIVO_CERT
        if not ruta.exists():
            raise ErrorEntrada(
                f"no se puede comprobar la firma de las listas: falta el certificado de la plataforma ({ruta}); "
                "indíquelo con --plataforma"
            )
        certificados = cargar_certificados([ruta.read_bytes()])
    fuente: Any
    if confianza is not None:
        fuente = cargar_lista_confianza(confianza.read_bytes(), certificados)
    else:
        fuente = cargar_llavero(_directorio(directorio), solo_publico=True)
    lista_revocados = cargar_lista_revocados(revocados.read_bytes(), certificados) if revocados else None
    return VerificadorFirmas(fuente, revocados=lista_revocados)


_TITULOS = {
    Resultado.VALIDO: ("VÁLIDO", "bold green"),
    Resultado.VENCIDO: ("VENCIDO", "bold yellow"),
    Resultado.REVOCADO: ("REVOCADO", "bold red"),
    Resultado.SUSPENDIDO: ("SUSPENDIDO", "bold yellow"),
    Resultado.CLAVE_DESCONOCIDA: ("CLAVE DESCONOCIDA", "bold red"),
    Resultado.CLAVE_COMPROMETIDA: ("NO CONFIABLE: CLAVE COMPROMETIDA", "bold red"),
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
        tabla.add_row("Estado de la clave", f"[{_COLORES[clave.estado]}]{estado}[/]")
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


# --------------------------------------------------------------------------------------------- utilidades


def _directorio(directorio: Path | None) -> Path:
    return directorio if directorio is not None else Settings().claves


def _carpeta_plataforma(directorio: Path, plataforma: Path | None) -> Path:
    return plataforma if plataforma is not None else directorio / CARPETA_PLATAFORMA


def _cargar_publico(carpeta: Path) -> Llavero:
    return cargar_llavero(carpeta, solo_publico=True)


def _entidades_del_catalogo() -> dict[str, tuple[str, set[str]]]:
    """Entidad code → (name, document kinds its trámites issue)."""
    from domain.catalogo import Catalogo

    entidades: dict[str, tuple[str, set[str]]] = {}
    for tramite in Catalogo.cargar().todos():
        _, tipos = entidades.setdefault(tramite.entidad, (tramite.entidad_nombre, set()))
        tipos.add(tramite.tipo_documento_resultado)
    # The Registraduría signs the contraseñas (seed 002 §15.4), which are not catálogo trámites.
    from domain.identidad import parametros_contrasenas

    rnec = parametros_contrasenas()
    _, tipos = entidades.setdefault(rnec.entidad, (rnec.entidad_nombre, set()))
    tipos.update(rnec.tipos)
    # It also issues the certificaciones de firma con fines de apostilla (seed 002 §7).
    from domain.firmas import TIPO_CERTIFICACION_FIRMA

    tipos.add(TIPO_CERTIFICACION_FIRMA)
    return entidades


def _confirmar(pregunta: str) -> bool:
    respuesta = typer.prompt(f"{pregunta} [s/N]", default="n", show_default=False)
    return str(respuesta).strip().lower() in ("s", "si", "sí", "y", "yes")


def _frase(pedir: bool, variable: str, *, confirmar: bool = False) -> bytes | None:
    valor = os.environ.get(variable)
    if valor:
        return valor.encode("utf-8")
    if pedir:
        return str(typer.prompt("Frase de paso", hide_input=True, confirmation_prompt=confirmar)).encode("utf-8")
    return None


def _fecha_o_instante(valor: str) -> datetime:
    """``AAAA-MM-DD`` (00:00 in Colombia) or an ISO 8601 instant with offset (``Z`` accepted)."""
    from domain.reloj import ZONA_COLOMBIA

    texto = valor.strip()
    try:
        if len(texto) == 10:
            return datetime.combine(date.fromisoformat(texto), time(0), ZONA_COLOMBIA)
        instante = datetime.fromisoformat(texto.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"fecha no válida: {valor!r} (use AAAA-MM-DD o un instante ISO 8601)") from None
    if instante.tzinfo is None:
        raise ValueError(f"el instante {valor!r} debe llevar zona horaria (p. ej. Z o -05:00)")
    return instante


def _tabla_claves(lista: Sequence[ClavePublica], titulo: str) -> Table:
    tabla = Table(title=titulo, box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    for columna in ("Entidad", "kid", "Alg.", "Estado"):
        tabla.add_column(columna, no_wrap=True)
    tabla.add_column("Válida hasta", min_width=10)
    tabla.add_column("Retirada", min_width=10)
    tabla.add_column("Tipos", overflow="fold", min_width=12)
    for c in lista:
        tabla.add_row(
            c.entidad_codigo, c.kid.hex(), c.algoritmo.value, f"[{_COLORES[c.estado]}]{c.estado.value}[/]",
            c.certificado.not_valid_after_utc.date().isoformat(),
            c.retirada_en.date().isoformat() if c.retirada_en else "",
            "*" if c.tipos is None else ", ".join(sorted(c.tipos)),
        )
    return tabla


@contextmanager
def _errores_claves() -> Iterator[None]:
    """Turn the expected key errors into a red Spanish message and exit code 1."""
    try:
        yield
    except _ERRORES_CLAVES as exc:
        errores.print(f"[red]Error[/]: {exc}")
        raise typer.Exit(1) from None


def _fallar(mensaje: str) -> None:
    errores.print(f"[red]Error[/]: {mensaje}")
    raise typer.Exit(1)
