"""Per-request DataLoaders: one per relation, never shared between requests.

List and detail resolvers *prime* them with what their use case already loaded (``listar_solicitudes`` loads the
page's personas in one query), so a page of solicitudes with titular, solicitante and certificado costs three SQL
statements whatever its size: the list, the personas, and one batched read of the page's documentos.

They are scoped to the request's partner system: each batch asks the domain for what *that partner* may read (the
rule is part of the same SQL statement), so no resolver can hand out another partner's object by mistake. Without
a partner they load nothing. Only resolvers that already checked ownership prime them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from domain.casos_uso import Contexto
from domain.casos_uso.consultas import obtener_documentos, obtener_personas
from domain.casos_uso.solicitudes import obtener_solicitud
from domain.documentos import Documento
from domain.personas import Persona
from domain.solicitudes import Solicitud


class Cargadores:
    def __init__(self, ctx: Contexto, aliado_id: uuid.UUID | None) -> None:
        self._ctx = ctx
        self._aliado_id = aliado_id
        self.personas: DataLoader[uuid.UUID, Persona | None] = DataLoader(load_fn=self._personas)
        self.documentos: DataLoader[uuid.UUID, Documento | None] = DataLoader(load_fn=self._documentos)
        self.solicitudes: DataLoader[uuid.UUID, Solicitud | None] = DataLoader(load_fn=self._solicitudes)

    def conocer(
        self,
        solicitudes: Iterable[Solicitud] = (),
        personas: Iterable[Persona | None] = (),
        documentos: Iterable[Documento | None] = (),
    ) -> None:
        """Prime the loaders with aggregates a use case already returned."""
        self.solicitudes.prime_many({s.id: s for s in solicitudes})
        self.personas.prime_many({p.id: p for p in personas if p is not None})
        self.documentos.prime_many({d.id: d for d in documentos if d is not None})

    async def _personas(self, ids: Sequence[uuid.UUID]) -> list[Persona | None]:
        if self._aliado_id is None:
            return [None] * len(ids)
        encontradas = await run_in_threadpool(obtener_personas, ids, self._ctx, self._aliado_id)
        return [encontradas.get(i) for i in ids]

    async def _documentos(self, ids: Sequence[uuid.UUID]) -> list[Documento | None]:
        if self._aliado_id is None:
            return [None] * len(ids)
        encontrados = await run_in_threadpool(obtener_documentos, ids, self._ctx, self._aliado_id)
        return [encontrados.get(i) for i in ids]

    async def _solicitudes(self, ids: Sequence[uuid.UUID]) -> list[Solicitud | None]:
        # Only reached from Documento.solicitud on a documento fetched alone; lists and details prime this loader.
        aliado_id = self._aliado_id
        if aliado_id is None:
            return [None] * len(ids)

        def leer() -> list[Solicitud | None]:
            return [obtener_solicitud(i, self._ctx, aliado_id) for i in ids]

        return await run_in_threadpool(leer)
