"""Registro de firmas and certificaciones de firma (seed 002 §6-7)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, or_, select

from domain.documentos import Archivo
from domain.firmas import CertificacionFirma, FirmaRegistrada
from persistence.mapeo import Fila
from persistence.repositorios.base import RepositorioSQL
from persistence.tablas_firmas import certificaciones_firma, firmas_registradas


def firma_a_fila(f: FirmaRegistrada) -> dict[str, Any]:
    return {
        "id": f.id, "nombre": f.nombre, "identificacion": f.identificacion, "entidad": f.entidad, "cargo": f.cargo,
        "resolucion_nombramiento": f.resolucion_nombramiento, "fecha_posesion": f.fecha_posesion,
        "fecha_retiro": f.fecha_retiro, "especimen_sha256": f.especimen.sha256,
        "especimen_nombre": f.especimen.nombre, "especimen_tipo_medio": f.especimen.tipo_medio,
        "especimen_tamano": f.especimen.tamano, "huella_certificado": f.huella_certificado,
        "registrada_por": f.registrada_por, "registrada_en": f.registrada_en, "version": f.version,
    }


def firma_de_fila(f: Fila) -> FirmaRegistrada:
    return FirmaRegistrada(
        id=f["id"], nombre=f["nombre"], identificacion=f["identificacion"], entidad=f["entidad"], cargo=f["cargo"],
        resolucion_nombramiento=f["resolucion_nombramiento"], fecha_posesion=f["fecha_posesion"],
        especimen=Archivo(f["especimen_sha256"], f["especimen_nombre"], f["especimen_tipo_medio"],
                          f["especimen_tamano"]),
        huella_certificado=f["huella_certificado"], registrada_por=f["registrada_por"],
        registrada_en=f["registrada_en"], fecha_retiro=f["fecha_retiro"], version=f["version"],
    )


class RepositorioFirmasSQL(RepositorioSQL):
    def agregar(self, firma: FirmaRegistrada) -> None:
        self._insertar(firmas_registradas, [firma_a_fila(firma)])

    def guardar(self, firma: FirmaRegistrada) -> None:
        self._actualizar_con_version(firmas_registradas, firma.id, firma.version, firma_a_fila(firma))
        firma.version += 1

    def obtener(self, firma_id: uuid.UUID) -> FirmaRegistrada | None:
        fila = self._ejecutar(select(firmas_registradas).where(firmas_registradas.c.id == firma_id)).mappings().first()
        return firma_de_fila(fila) if fila is not None else None

    def listar(self, *, limite: int = 100) -> list[FirmaRegistrada]:
        t = firmas_registradas
        filas = self._ejecutar(select(t).order_by(t.c.nombre, t.c.id).limit(limite)).mappings()
        return [firma_de_fila(f) for f in filas]

    def pagina(self, *, despues_de: tuple[str, uuid.UUID] | None, limite: int) -> list[FirmaRegistrada]:
        t = firmas_registradas
        # Code-point order on both engines (SQLite's BINARY, PostgreSQL's "C"): the locale's order differs between
        # servers, and a keyset cursor must mean the same thing on every page. UUIDs compare bytewise on both.
        nombre = t.c.nombre.collate("C") if self._dialecto == "postgresql" else t.c.nombre
        consulta = select(t).order_by(nombre, t.c.id).limit(limite)
        if despues_de is not None:
            n, i = despues_de
            consulta = consulta.where(or_(nombre > n, and_(nombre == n, t.c.id > i)))
        return [firma_de_fila(f) for f in self._ejecutar(consulta).mappings()]


class RepositorioCertificacionesFirmaSQL(RepositorioSQL):
    def agregar(self, c: CertificacionFirma) -> None:
        self._insertar(certificaciones_firma, [{
            "numero": c.numero, "fecha_expedicion": c.fecha_expedicion, "documento_id": c.documento_id,
            "firma_id": c.firma_id, "tipo_registro": c.tipo_registro, "fecha_firma": c.fecha_firma,
            "copia_sha256": c.copia_sha256,
        }])

    def por_numero(self, numero: str) -> CertificacionFirma | None:
        t = certificaciones_firma
        f = self._ejecutar(select(t).where(t.c.numero == numero)).mappings().first()
        if f is None:
            return None
        return CertificacionFirma(f["numero"], f["fecha_expedicion"], f["documento_id"], f["firma_id"],
                                  f["tipo_registro"], f["fecha_firma"], f["copia_sha256"])
