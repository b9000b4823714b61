"""app/publicacion.py: the platform key is created once, lists are cached for a short time, and rebuilt early when
a key changes state."""

from __future__ import annotations

from pathlib import Path

from domain.casos_uso import Contexto
from signing.confianza import cargar_lista_confianza
from signing.llaves import cargar_llavero, generar_llaves_entidad, retirar_clave
from signing.plataforma import CARPETA_PLATAFORMA
from signing.revocacion import cargar_lista_revocados


def test_cache_y_llave_de_plataforma(tmp_path: Path, ctx: Contexto) -> None:
    from app.publicacion import Publicador

    generar_llaves_entidad(tmp_path, "SDG-BOGOTA", "Secretaría de Gobierno")
    llavero = cargar_llavero(tmp_path, intervalo_refresco=0)
    ahora = [0.0]
    publicador = Publicador(llavero, tmp_path, ctx, cache_segundos=60, reloj=lambda: ahora[0])
    revocados = publicador.lista_revocados()
    assert (tmp_path / CARPETA_PLATAFORMA / "plataforma.crt.pem").exists()
    certificado = publicador.llave().certificado
    assert cargar_lista_revocados(revocados, [certificado]).entradas == {}
    confianza = publicador.lista_confianza()
    assert publicador.lista_confianza() is confianza and publicador.lista_revocados() is revocados
    ahora[0] = 61.0
    assert publicador.lista_revocados() is not revocados
    confianza = publicador.lista_confianza()
    [clave] = llavero.claves()
    retirar_clave(tmp_path, "SDG-BOGOTA", clave.kid.hex(), comprometida=True, motivo="prueba")
    llavero.refrescar()
    nueva = publicador.lista_confianza()
    assert nueva is not confianza
    assert cargar_lista_confianza(nueva, [certificado]).claves()[0].estado.value == "comprometida"
    assert publicador.certificado_pem().startswith(b"-----BEGIN CERTIFICATE-----")
