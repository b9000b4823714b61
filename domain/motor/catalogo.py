"""The catálogo of trámites: one folder per entidad, one TOML file per trámite, versioned by ``vigente_desde``.

    domain/catalogo/tramites/<entidad>/_entidad.toml    the entidad (name, article, radicado prefix, adopting norm)
    domain/catalogo/tramites/<entidad>/_bloques*.toml   shared blocks its trámites include (one or more files)
    domain/catalogo/tramites/<entidad>/*.toml           one trámite (or one version of one)

``CatalogoTramites.cargar`` checks everything and raises ``CatalogoInvalido`` listing each problem with its file
and line; the composition root calls it at start-up, so an invalid catálogo never serves a request.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

from domain.errores import TramiteDesconocido
from domain.motor import (  # noqa: F401 (registers)
    efectos_licencia,
    efectos_vehiculo,
    reglas_automotores,
    reglas_base,
    reglas_licencias_remolques,
    reglas_registros,
)
from domain.motor.construccion import Constructor
from domain.motor.esquema import ARCHIVOS_POR_DEFECTO, Entidad, ReglasArchivo, TramiteDef
from domain.motor.fuentes import Archivo, CatalogoInvalido, Item, cargar_bloques, expandir, leer

DIRECTORIO = Path(__file__).parent.parent / "catalogo" / "tramites"
_ENTIDAD = {"codigo", "nombre", "articulo", "prefijo_radicado", "norma"}
_ARCHIVOS = {"tipos_medio", "tamano_maximo_bytes", "patron_nombre", "fuente"}


def _archivos(datos: object, nombre: str, errores: list[str]) -> ReglasArchivo:
    """The entidad's file rules (``[archivos]``), or the platform's default when its norm is silent."""
    if datos is None:
        return ARCHIVOS_POR_DEFECTO
    if not isinstance(datos, dict) or set(datos) != _ARCHIVOS:
        errores.append(f"{nombre}: [archivos] necesita exactamente {', '.join(sorted(_ARCHIVOS))}")
        return ARCHIVOS_POR_DEFECTO
    try:
        re.compile(str(datos["patron_nombre"]))
    except re.error as e:
        errores.append(f"{nombre}: [archivos] patron_nombre no es una expresión regular válida ({e})")
    return ReglasArchivo(tuple(datos["tipos_medio"]), int(datos["tamano_maximo_bytes"]),
                         str(datos["patron_nombre"]), str(datos["fuente"]))


def _entidad(archivo: Archivo | None, carpeta: Path, errores: list[str]) -> Entidad | None:
    if archivo is None:
        errores.append(f"{carpeta.name}/_entidad.toml: falta el archivo que describe la entidad")
        return None
    faltan = sorted(c for c in _ENTIDAD if not isinstance(archivo.datos.get(c), str))
    sobran = sorted(set(archivo.datos) - _ENTIDAD - {"archivos", "cargos"})
    if faltan or sobran:
        errores.append(f"{archivo.nombre}: faltan las claves {', '.join(faltan) or 'ninguna'}; "
                       f"sobran {', '.join(sobran) or 'ninguna'}")
        return None
    archivos = _archivos(archivo.datos.get("archivos"), archivo.nombre, errores)
    cargos = {str(k): str(v) for k, v in archivo.datos.get("cargos", {}).items()}
    return Entidad(**{c: archivo.datos[c] for c in _ENTIDAD}, archivos=archivos, cargos=cargos)


def _carpeta(carpeta: Path, errores: list[str]) -> list[TramiteDef]:
    ruta_entidad = carpeta / "_entidad.toml"
    entidad = _entidad(leer(ruta_entidad, errores) if ruta_entidad.exists() else None, carpeta, errores)
    bloques: dict[str, Item] = {}
    for ruta_bloques in sorted(carpeta.glob("_bloques*.toml")):
        for nombre, bloque in cargar_bloques(leer(ruta_bloques, errores), errores).items():
            if nombre in bloques:
                errores.append(f"{bloque.origen}: el bloque «{nombre}» ya está definido en {bloques[nombre].origen}")
            bloques[nombre] = bloque
    if entidad is None:
        return []
    tramites = []
    for ruta in sorted(carpeta.glob("*.toml")):
        if ruta.name.startswith("_"):
            continue
        archivo = leer(ruta, errores)
        if archivo is None:
            continue
        listas = expandir(archivo, bloques, errores)
        tramite = Constructor(archivo, listas, entidad, errores).construir()
        if tramite is not None:
            tramites.append(tramite)
    return tramites


class CatalogoTramites:
    def __init__(self, tramites: list[TramiteDef]) -> None:
        self._versiones: dict[str, list[TramiteDef]] = {}
        for t in sorted(tramites, key=lambda t: t.vigente_desde):
            self._versiones.setdefault(t.codigo, []).append(t)

    @classmethod
    def cargar(cls, directorio: Path = DIRECTORIO) -> CatalogoTramites:
        errores: list[str] = []
        tramites: list[TramiteDef] = []
        for carpeta in sorted(p for p in directorio.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
            tramites.extend(_carpeta(carpeta, errores))
        vistos: dict[tuple[str, date], str] = {}
        for t in tramites:
            if (t.codigo, t.vigente_desde) in vistos:
                errores.append(f"{t.archivo}: el trámite {t.codigo} vigente desde {t.vigente_desde} ya está en "
                               f"{vistos[(t.codigo, t.vigente_desde)]}")
            vistos[(t.codigo, t.vigente_desde)] = t.archivo
        if errores:
            raise CatalogoInvalido(errores)
        return cls(tramites)

    @classmethod
    def predeterminado(cls) -> CatalogoTramites:
        """The shipped catálogo, loaded once per process (it is immutable: frozen definitions)."""
        return _predeterminado()

    def vigente(self, codigo: str, en: date) -> TramiteDef:
        versiones = [t for t in self._versiones.get(codigo, []) if t.vigente_desde <= en]
        if not versiones:
            raise TramiteDesconocido(f"El trámite «{codigo}» no existe en el catálogo o no está vigente.")
        return versiones[-1]

    def version(self, codigo: str, vigente_desde: date) -> TramiteDef:
        for t in self._versiones.get(codigo, []):
            if t.vigente_desde == vigente_desde:
                return t
        raise TramiteDesconocido(f"El trámite «{codigo}» versión {vigente_desde} no existe en el catálogo.")

    def todos(self) -> list[TramiteDef]:
        return [versiones[-1] for versiones in self._versiones.values()]

    def de_entidad(self, entidad: str) -> list[TramiteDef]:
        return [t for t in self.todos() if t.entidad.codigo == entidad]


@functools.cache
def _predeterminado() -> CatalogoTramites:
    return CatalogoTramites.cargar()
