"""Write the schema's SDL to ``schema.graphql`` and Apollo's ``possibleTypes`` to ``docs/possibleTypes.json``.

    python -m api.exportar_esquema              # regenerate both after changing the schema (`make schema`)
    python -m api.exportar_esquema --comprobar  # exit 1 if a committed file is stale (for CI)

Apollo Client's ``InMemoryCache`` cannot tell which concrete types an interface or a union covers unless it is
given ``possibleTypes``: without them a fragment such as ``... on Error { mensaje codigo }`` does not match an
``ErrorValidacion`` and the cache silently drops those fields. The file is generated from the same schema object,
so it can never disagree with ``schema.graphql`` (a test checks both are current).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from graphql import GraphQLInterfaceType, GraphQLSchema, GraphQLUnionType

from api.esquema import construir_esquema

RAIZ = Path(__file__).resolve().parent.parent
RUTA = RAIZ / "schema.graphql"
RUTA_TIPOS_POSIBLES = RAIZ / "docs" / "possibleTypes.json"


def texto_esquema() -> str:
    return str(construir_esquema()) + "\n"


def tipos_posibles(esquema: GraphQLSchema) -> dict[str, list[str]]:
    """Every abstract type (interface or union) and the object types it may resolve to, sorted: Apollo's
    ``possibleTypes`` option, exactly as its documentation builds it from introspection."""
    abstractos = (t for t in esquema.type_map.values()
                  if isinstance(t, GraphQLInterfaceType | GraphQLUnionType) and not t.name.startswith("__"))
    return {t.name: sorted(o.name for o in esquema.get_possible_types(t)) for t in sorted(abstractos,
                                                                                        key=lambda t: t.name)}


def texto_tipos_posibles() -> str:
    return json.dumps(tipos_posibles(construir_esquema()._schema), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    argumentos = sys.argv[1:] if argv is None else argv
    archivos = {RUTA: texto_esquema(), RUTA_TIPOS_POSIBLES: texto_tipos_posibles()}
    if "--comprobar" in argumentos:
        viejos = [r.name for r, texto in archivos.items() if not (r.exists() and r.read_text("utf-8") == texto)]
        print(f"desactualizado: {', '.join(viejos)}; ejecute python -m api.exportar_esquema" if viejos else "al día")
        return 1 if viejos else 0
    for ruta, texto in archivos.items():
        ruta.write_text(texto, encoding="utf-8")
        print(f"Escrito {ruta}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
