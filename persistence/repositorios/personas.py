"""Personas (citizens), funcionarios (officials) and aliados (partner systems)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, exists, or_, select

from domain.personas import Funcionario, Persona, SistemaAliado
from domain.valores import Identificacion
from persistence import mapeo
from persistence.repositorios.base import RepositorioSQL
from persistence.tablas import aliados, aliados_persona, funcionarios, partes_solicitud, personas, solicitudes


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

    def varias(self, ids: Sequence[uuid.UUID], *, visibles_para: uuid.UUID | None = None) -> list[Persona]:
        """Many personas in one query (the inbox loads the people of a whole page at once).

        In the order of ``ids``, without repetitions; unknown ids are skipped, and so are those the partner
        ``visibles_para`` may not read: the rule is part of the same statement, two EXISTS on primary-key and
        indexed lookups (``aliados_persona``'s key; ``partes_solicitud.persona_id``).
        """
        unicos = list(dict.fromkeys(ids))
        if not unicos:
            return []
        sentencia = select(personas).where(personas.c.id.in_(unicos))
        if visibles_para is not None:
            sentencia = sentencia.where(_visible_para(visibles_para))
        filas = self._ejecutar(sentencia).mappings().all()
        por_id = {f["id"]: mapeo.persona_de_fila(f) for f in filas}
        return [por_id[i] for i in unicos if i in por_id]

    def vincular(self, persona_id: uuid.UUID, aliado_id: uuid.UUID) -> bool:
        """``INSERT ... ON CONFLICT DO NOTHING RETURNING``: idempotent, also when two requests register the same
        persona; a returned row says the link is new (psycopg's row count is not reliable for a skipped insert)."""
        sentencia = self._insercion_con_conflicto(aliados_persona).values(
            persona_id=persona_id, aliado_id=aliado_id).on_conflict_do_nothing()
        return self._ejecutar(sentencia.returning(aliados_persona.c.persona_id)).first() is not None


def _visible_para(aliado_id: uuid.UUID) -> ColumnElement[bool]:
    """The partner registered the persona, or filed a solicitud where it is a parte (any role).

    Both EXISTS are index lookups: aliados_persona's key, and partes_solicitud by persona (ix on persona_id)
    joined to solicitudes by primary key.
    """
    registrada = exists().where(aliados_persona.c.persona_id == personas.c.id, aliados_persona.c.aliado_id == aliado_id)
    en_solicitud = exists().where(
        partes_solicitud.c.persona_id == personas.c.id, partes_solicitud.c.solicitud_id == solicitudes.c.id,
        solicitudes.c.radicada_por == aliado_id,
    )
    return or_(registrada, en_solicitud)


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

    def por_usuarios(self, usuarios: Sequence[str]) -> list[Funcionario]:
        if not usuarios:
            return []
        sentencia = select(funcionarios).where(funcionarios.c.usuario.in_(sorted(set(usuarios))))
        return [mapeo.funcionario_de_fila(f) for f in self._ejecutar(sentencia).mappings()]


class RepositorioAliadosSQL(RepositorioSQL):
    def agregar(self, aliado: SistemaAliado) -> None:
        self._insertar(aliados, [mapeo.aliado_a_fila(aliado)])

    def guardar(self, aliado: SistemaAliado) -> None:
        self._actualizar_con_version(aliados, aliado.id, aliado.version, mapeo.aliado_a_fila(aliado))
        aliado.version += 1

    def obtener(self, aliado_id: uuid.UUID) -> SistemaAliado | None:
        fila = self._ejecutar(select(aliados).where(aliados.c.id == aliado_id)).mappings().one_or_none()
        return mapeo.aliado_de_fila(fila) if fila else None

    def listar(self) -> list[SistemaAliado]:
        # A handful of rows: sorted here, so both engines give the same order whatever their collation.
        todos = [mapeo.aliado_de_fila(f) for f in self._ejecutar(select(aliados)).mappings()]
        return sorted(todos, key=lambda a: (a.nombre.casefold(), str(a.id)))

    def por_hash(self, hash_credencial: str) -> SistemaAliado | None:
        sentencia = select(aliados).where(aliados.c.hash_credencial == hash_credencial)
        fila = self._ejecutar(sentencia).mappings().one_or_none()
        return mapeo.aliado_de_fila(fila) if fila else None
