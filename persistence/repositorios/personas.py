"""Personas (citizens), funcionarios (officials) and aliados (partner systems)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from domain.personas import Funcionario, Persona, SistemaAliado
from domain.valores import Identificacion
from persistence import mapeo
from persistence.repositorios.base import RepositorioSQL
from persistence.tablas import aliados, funcionarios, personas


class RepositorioPersonasSQL(RepositorioSQL):
    def agregar(self, persona: Persona) -> None:
        self._insertar(personas, [mapeo.persona_a_fila(persona)])

    def guardar(self, persona: Persona) -> None:
        self._actualizar_con_version(personas, persona.id, persona.version, mapeo.persona_a_fila(persona))
        persona.version += 1

    def obtener(self, persona_id: uuid.UUID) -> Persona | None:
        fila = self._ejecutar(select(personas).where(personas.c.id == persona_id)).mappings().one_or_none()
        return mapeo.persona_de_fila(fila) if fila else None

    def por_identificacion(self, identificacion: Identificacion) -> Persona | None:
        sentencia = select(personas).where(
            personas.c.tipo_identificacion == identificacion.tipo.value,
            personas.c.numero_identificacion == identificacion.numero,
        )
        fila = self._ejecutar(sentencia).mappings().one_or_none()
        return mapeo.persona_de_fila(fila) if fila else None

    def varias(self, ids: Sequence[uuid.UUID]) -> list[Persona]:
        """Many personas in one query (the inbox loads the people of a whole page at once).

        In the order of ``ids``, without repetitions; unknown ids are skipped.
        """
        unicos = list(dict.fromkeys(ids))
        if not unicos:
            return []
        filas = self._ejecutar(select(personas).where(personas.c.id.in_(unicos))).mappings().all()
        por_id = {f["id"]: mapeo.persona_de_fila(f) for f in filas}
        return [por_id[i] for i in unicos if i in por_id]


class RepositorioFuncionariosSQL(RepositorioSQL):
    def agregar(self, funcionario: Funcionario) -> None:
        self._insertar(funcionarios, [mapeo.funcionario_a_fila(funcionario)])

    def guardar(self, funcionario: Funcionario) -> None:
        """Not in the port yet; the admin will need it to deactivate officials or change their role or password."""
        self._actualizar_con_version(
            funcionarios, funcionario.id, funcionario.version, mapeo.funcionario_a_fila(funcionario)
        )
        funcionario.version += 1

    def obtener(self, funcionario_id: uuid.UUID) -> Funcionario | None:
        sentencia = select(funcionarios).where(funcionarios.c.id == funcionario_id)
        fila = self._ejecutar(sentencia).mappings().one_or_none()
        return mapeo.funcionario_de_fila(fila) if fila else None

    def por_usuario(self, usuario: str) -> Funcionario | None:
        sentencia = select(funcionarios).where(funcionarios.c.usuario == usuario)
        fila = self._ejecutar(sentencia).mappings().one_or_none()
        return mapeo.funcionario_de_fila(fila) if fila else None


class RepositorioAliadosSQL(RepositorioSQL):
    def agregar(self, aliado: SistemaAliado) -> None:
        self._insertar(aliados, [mapeo.aliado_a_fila(aliado)])

    def por_hash(self, hash_credencial: str) -> SistemaAliado | None:
        sentencia = select(aliados).where(aliados.c.hash_credencial == hash_credencial)
        fila = self._ejecutar(sentencia).mappings().one_or_none()
        return mapeo.aliado_de_fila(fila) if fila else None
