"""Write the schema's SDL to ``schema.graphql`` at the repository root.

    python -m api.exportar_esquema              # regenerate after changing the schema
    python -m api.exportar_esquema --comprobar  # exit 1 if the committed file is stale (for CI)
"""

from __future__ import annotations

import sys
from pathlib import Path

from api.esquema import construir_esquema

RUTA = Path(__file__).resolve().parent.parent / "schema.graphql"


def texto_esquema() -> str:
    return str(construir_esquema()) + "\n"


def main(argv: list[str] | None = None) -> int:
    argumentos = sys.argv[1:] if argv is None else argv
    texto = texto_esquema()
    if "--comprobar" in argumentos:
        vigente = RUTA.exists() and RUTA.read_text(encoding="utf-8") == texto
        print(f"{RUTA.name} {'al día' if vigente else 'desactualizado: ejecute python -m api.exportar_esquema'}")
        return 0 if vigente else 1
    RUTA.write_text(texto, encoding="utf-8")
    print(f"Esquema escrito en {RUTA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
