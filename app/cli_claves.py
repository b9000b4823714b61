"""``ventanilla claves generar|rotar|rotar-raiz|retirar|listar``: the entidades' signing keys.

The list commands (``lista-confianza``, ``lista-revocados``, ``rotar-plataforma``) are in ``cli_listas.py`` and
``ventanilla verificar`` in ``cli_verificar.py``; all share ``cli_comun.py`` (which holds the ``claves`` group).
``app/cli.py`` imports the three so that every subcommand is registered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives import hashes

from app.cli_comun import (
    COLORES,
    ENV_FRASE,
    ENV_FRASE_PLATAFORMA,
    OpcionDirectorio,
    OpcionFrase,
    OpcionPlataformaDir,
    OpcionTipos,
    cargar_publico,
    carpeta_plataforma,
    claves,
    confirmar,
    consola,
    directorio_claves,
    errores,
    errores_claves,
    fallar,
    tabla_claves,
)
from app.cli_comun import frase as frase_de
from app.config import Settings
from signing.certificados import Algoritmo, calcular_kid
from signing.estado_claves import EstadoClave
from signing.llaves import Llavero, generar_llaves_entidad, retirar_clave, rotar_firmante, rotar_raiz
from signing.plataforma import ARCHIVO_CERT, cargar_certificados
from signing.transaccion_llaves import (
    operacion_pendiente,
)

__all__ = ["COLORES", "ENV_FRASE", "ENV_FRASE_PLATAFORMA", "claves", "claves_generar"]


# ---------------------------------------------------------------------------------------------------- generar


def _avisar_interrumpida(carpeta: Path, entidad: str) -> None:
    """Warn that an operation a crash interrupted is completed first (the library does it under the lock)."""
    with errores_claves():
        pendiente = operacion_pendiente(carpeta / entidad) if (carpeta / entidad).is_dir() else None
    if pendiente:
        consola.print(
            f"[yellow]Aviso[/]: {entidad} tenía una operación de claves interrumpida ('{pendiente}'); "
            "se completa antes de continuar."
        )


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
    carpeta = directorio_claves(directorio)
    catalogo = _entidades_del_catalogo()
    if entidad is not None:
        if entidad not in catalogo and not nombre:
            fallar(f"La entidad {entidad} no está en el catálogo: indique su nombre con --nombre.")
        pedidas = {entidad: nombre or catalogo[entidad][0]}
    else:
        pedidas = {codigo: datos[0] for codigo, datos in catalogo.items()}
    passphrase = frase_de(pedir_frase, ENV_FRASE, confirmar=True)
    algoritmo = Algoritmo.EDDSA if eddsa else Algoritmo.ES256
    creadas: list[str] = []
    for codigo in sorted(pedidas):
        _avisar_interrumpida(carpeta, codigo)
    with errores_claves(), consola.status("Generando claves…"):
        for codigo, nombre_entidad in sorted(pedidas.items()):
            if generar_llaves_entidad(
                carpeta, codigo, nombre_entidad, passphrase=passphrase, algoritmo=algoritmo, tipos=tipos
            ):
                creadas.append(codigo)
        if entidad is None:
            # Entidades outside the catalogue that the composition root also needs keys for (e.g. the
            # Registraduría's contraseñas): it decides which, with default options.
            from app.composicion import asegurar_claves
            from domain.motor.catalogo import CatalogoTramites

            for codigo in asegurar_claves(Settings(directorio_claves=carpeta), CatalogoTramites.cargar()):
                creadas.append(codigo)
                pedidas[codigo] = codigo
                if passphrase or eddsa or tipos:
                    consola.print(f"[yellow]Aviso[/]: {codigo} se creó con las opciones por omisión (sin frase, ES256, "
                                  "cualquier tipo).")
    if not pedidas:
        consola.print("No hay entidades que emitan documentos; no se creó ninguna clave.")
        return
    llavero = cargar_publico(carpeta)
    for codigo in sorted(pedidas):
        estado = "[green]creadas[/]" if codigo in creadas else "ya existían"
        consola.print(f"{codigo}: claves {estado} en {carpeta / codigo}")
    consola.print(tabla_claves([c for c in llavero.claves() if c.entidad_codigo in pedidas], "Claves de firma"))
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


OpcionEddsa = Annotated[
    bool | None, typer.Option("--eddsa/--es256", help="Algoritmo del nuevo firmante (por defecto, el actual).")
]


def _preparar_rotacion(
    entidad: str, eddsa: bool | None, frase: bool, directorio: Path | None,
) -> tuple[Path, bytes | None, Algoritmo | None]:
    """What both rotations start with: the folder, the passphrase, the algorithm asked for, and the warning."""
    carpeta = directorio_claves(directorio)
    passphrase = frase_de(frase, ENV_FRASE)
    algoritmo = None if eddsa is None else (Algoritmo.EDDSA if eddsa else Algoritmo.ES256)
    _avisar_interrumpida(carpeta, entidad)
    return carpeta, passphrase, algoritmo


@claves.command("rotar")
def rotar(
    entidad: Annotated[str, typer.Option(help="Código de la entidad.")],
    eddsa: OpcionEddsa = None,
    tipo: OpcionTipos = None,
    frase: OpcionFrase = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Emite un firmante nuevo y retira los activos: lo ya firmado sigue verificando ("clave retirada")."""
    carpeta, passphrase, algoritmo = _preparar_rotacion(entidad, eddsa, frase, directorio)
    with errores_claves(), consola.status(f"Rotando la clave de {entidad}…"):
        rotacion = rotar_firmante(carpeta, entidad, passphrase=passphrase, algoritmo=algoritmo, tipos=tipo)
    consola.print(f"[green]Nueva clave activa[/] de {entidad}: {rotacion.nuevo.kid.hex()} ({rotacion.nuevo.algoritmo})")
    for kid in rotacion.retiradas:
        consola.print(f"Retirada (sigue verificando lo ya firmado): {kid}")
    consola.print(
        "Publique una nueva lista de confianza ('ventanilla claves lista-confianza'). El servidor en marcha "
        "empieza a firmar con la clave nueva en segundos si puede leerla (misma frase de paso)."
    )


@claves.command("rotar-raiz")
def rotar_raiz_cmd(
    entidad: Annotated[str, typer.Argument(help="Código de la entidad.")],
    eddsa: OpcionEddsa = None,
    tipo: OpcionTipos = None,
    frase: OpcionFrase = False,
    directorio: OpcionDirectorio = None,
) -> None:
    """Nueva raíz para la entidad y un firmante bajo ella; los firmantes anteriores siguen verificando."""
    carpeta, passphrase, algoritmo = _preparar_rotacion(entidad, eddsa, frase, directorio)
    with errores_claves(), consola.status(f"Rotando la raíz de {entidad}: nueva raíz y nuevo firmante…"):
        rotacion = rotar_raiz(carpeta, entidad, passphrase=passphrase, algoritmo=algoritmo, tipos=tipo)
    anterior, nueva = (calcular_kid(c).hex() for c in (rotacion.raiz_anterior, rotacion.raiz_nueva))
    nuevo = rotacion.firmante.nuevo
    consola.print(f"[green]Nueva raíz[/] de {entidad}: {nueva} (la anterior, {anterior}, queda en raices/).")
    consola.print(f"[green]Nueva clave activa[/] bajo la raíz nueva: {nuevo.kid.hex()} ({nuevo.algoritmo})")
    for kid in rotacion.firmante.retiradas:
        consola.print(f"Retirada (sigue verificando lo ya firmado, bajo la raíz anterior): {kid}")
    consola.print(
        "Periodo de transición: la lista de confianza lleva ambas raíces (raices_anteriores) mientras existan "
        "firmantes emitidos por la anterior. Publique una nueva lista de confianza ('ventanilla claves "
        "lista-confianza') y entregue la raíz nueva a los validadores PAdES."
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
    carpeta = directorio_claves(directorio)
    if comprometida and not si and not confirmar(
        f"¿Declarar comprometida la clave {kid} de {entidad}? Todos los documentos que firmó dejarán de ser "
        "confiables"
    ):
        errores.print("Cancelado: la clave sigue como estaba.")
        raise typer.Exit(1)
    _avisar_interrumpida(carpeta, entidad)
    with errores_claves():
        clave = retirar_clave(carpeta, entidad, kid, comprometida=comprometida, motivo=motivo)
    cuando = clave.retirada_en.isoformat() if clave.retirada_en else ""
    if comprometida:
        consola.print(f"[red]Clave {clave.kid.hex()} retirada por compromiso[/] el {cuando}.")
    else:
        consola.print(f"[yellow]Clave {clave.kid.hex()} retirada[/] el {cuando}; lo que firmó sigue verificando.")
    consola.print("Efecto inmediato en el servidor en marcha; publique una nueva lista de confianza.")
    _avisar_tipos_sin_clave(cargar_publico(carpeta), {entidad: set()})


@claves.command("listar")
def listar(directorio: OpcionDirectorio = None, plataforma: OpcionPlataformaDir = None) -> None:
    """Muestra las claves de cada entidad: kid, algoritmo, estado, vigencia y tipos que puede firmar."""
    carpeta = directorio_claves(directorio)
    with errores_claves():
        llavero = cargar_publico(carpeta)
    if not llavero.claves():
        consola.print(f"No hay claves en {carpeta}. Use 'ventanilla claves generar'.")
    else:
        consola.print(tabla_claves(llavero.claves(), f"Claves de firma en {carpeta}"))
        for codigo in llavero.entidades():
            for raiz in llavero.raices_anteriores(codigo):
                consola.print(
                    f"{codigo}: raíz anterior {calcular_kid(raiz).hex()} (transición: aún ancla firmantes listados)"
                )
    certificado = carpeta_plataforma(carpeta, plataforma) / ARCHIVO_CERT
    if certificado.exists():
        with errores_claves():
            fijados = cargar_certificados([certificado.read_bytes()])
        for cert in fijados:
            huella = cert.fingerprint(hashes.SHA256()).hex(":").upper()
            consola.print(f"Llave de la plataforma (listas): kid {calcular_kid(cert).hex()} — {certificado}")
            consola.print(f"  huella SHA-256 {huella}")
    else:
        consola.print("Sin llave de la plataforma todavía ('claves lista-confianza' la crea).")


def _entidades_del_catalogo() -> dict[str, tuple[str, set[str]]]:
    """Entidad code → (name, document kinds its trámites issue)."""
    from domain.motor.catalogo import CatalogoTramites

    entidades: dict[str, tuple[str, set[str]]] = {}
    for tramite in CatalogoTramites.cargar().todos():
        if tramite.documento_resultado is None:
            continue
        _, tipos = entidades.setdefault(tramite.entidad.codigo, (tramite.entidad.nombre, set()))
        tipos.add(tramite.documento_resultado.tipo)
    # The Registraduría signs the contraseñas (seed 002 §15.4), which are not catálogo trámites.
    from domain.contrasenas import parametros_contrasenas

    rnec = parametros_contrasenas()
    _, tipos = entidades.setdefault(rnec.entidad, (rnec.entidad_nombre, set()))
    tipos.update(rnec.tipos)
    # It also issues the certificaciones de firma con fines de apostilla (seed 002 §7).
    from domain.firmas import TIPO_CERTIFICACION_FIRMA

    tipos.add(TIPO_CERTIFICACION_FIRMA)
    return entidades
