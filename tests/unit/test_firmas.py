"""Registro de firmas and certificación de firma con fines de apostilla: seed 002 §6 and §7.3; e-Register lookup
(anchors-mission §5: failed lookups are rate-limited, the address is blocked for a day)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.firmas import (
    CertificacionRechazada,
    CertificarFirma,
    ConsultaBloqueada,
    RegistrarFirma,
    certificar_firma,
    consultar_certificacion,
    listar_firmas,
    registrar_firma,
    retirar_firma,
)
from domain.eregistro import (
    ACCION_CONSULTA_BLOQUEADA,
    ACCION_CONSULTA_ENCONTRADA,
    ACCION_CONSULTA_FALLIDA,
    ACCIONES_CONSULTA,
    LimitadorEnMemoria,
    ReglaBloqueo,
    bloqueo_desde_fallos,
)
from domain.errores import DatoInvalido, NoAutorizado
from domain.firmas import TIPO_CERTIFICACION_FIRMA, huella_valida, parametros_certificacion
from domain.personas import Rol
from domain.reglas import Resultado
from domain.reloj import RelojFijo
from domain.valores import Identificacion
from tests.builders import PDF_MINIMO, PNG_MINIMO, funcionario, nueva_persona

HOY = date(2026, 3, 17)
HUELLA = "AB:" + "cd" * 31
_CC = Identificacion.crear("CC", "1020304050")


def _registrar(ctx: Contexto, **cambios: object) -> uuid.UUID:
    with ctx.uow() as uow:
        existente = uow.funcionarios.por_usuario("coordinadora-rnec")
    coord = existente or funcionario(ctx, "coordinadora-rnec", Rol.COORDINADOR, entidad="RNEC")
    datos: dict[str, object] = dict(
        funcionario_id=coord.id, nombre="Marta Lucía Rincón", identificacion="CC 52123456",
        entidad="Registraduría Municipal de Chía", cargo="Registradora municipal",
        resolucion_nombramiento="Resolución 1234 de 2020", fecha_posesion=date(2020, 2, 1),
        especimen_nombre="firma.png", especimen=PNG_MINIMO, huella_certificado=HUELLA)
    datos.update(cambios)
    return registrar_firma(RegistrarFirma(**datos), ctx).id  # type: ignore[arg-type]


def _certificar(ctx: Contexto, firma_id: uuid.UUID, **cambios: object) -> CertificarFirma:
    with ctx.uow() as uow:
        oficial, solicitante = uow.funcionarios.por_usuario("certificador"), uow.personas.por_identificacion(_CC)
    oficial = oficial or funcionario(ctx, "certificador", entidad="RNEC")
    solicitante = solicitante or nueva_persona(ctx)
    datos: dict[str, object] = dict(
        funcionario_id=oficial.id, solicitante_id=solicitante.id, firma_id=firma_id, tipo_registro="nacimiento",
        fecha_firma=HOY - timedelta(days=10), tiene_recaudo=True, copia_nombre="registro.pdf", copia=PDF_MINIMO)
    datos.update(cambios)
    return CertificarFirma(**datos)  # type: ignore[arg-type]


def test_registrar_firma_valida_y_audita(ctx: Contexto) -> None:
    firma_id = _registrar(ctx)
    [firma] = listar_firmas(ctx)
    assert firma.id == firma_id and firma.estado == "activa"
    assert firma.huella_certificado == "ab" + "cd" * 31
    assert firma.registrada_por == "funcionario:coordinadora-rnec"
    assert firma.especimen.tipo_medio == "image/png"
    assert [e.accion for e in ctx.uow().auditoria.listar()] == ["firma.registrar"]


def test_registrar_firma_rechaza_especimen_huella_y_rol(ctx: Contexto) -> None:
    with pytest.raises(DatoInvalido, match="PNG o JPG"):
        _registrar(ctx, especimen=PDF_MINIMO)
    with pytest.raises(DatoInvalido, match="SHA-256"):
        huella_valida("xyz")
    revisor = funcionario(ctx, "revisor-rnec", entidad="RNEC")
    with pytest.raises(NoAutorizado):
        _registrar(ctx, funcionario_id=revisor.id)


def test_activa_en_posesion_y_retiro(ctx: Contexto) -> None:
    firma_id = _registrar(ctx)
    firma = retirar_firma(firma_id, date(2026, 1, 31), _coord(ctx), ctx)
    assert firma.estado == "retirada"
    assert firma.activa_en(date(2026, 1, 31)) and not firma.activa_en(date(2026, 2, 1))
    assert not firma.activa_en(date(2020, 1, 31))


def _coord(ctx: Contexto) -> uuid.UUID:
    with ctx.uow() as uow:
        f = uow.funcionarios.por_usuario("coordinadora-rnec")
    assert f is not None
    return f.id


def test_certificacion_emitida_cuando_cumple_7_3(ctx: Contexto) -> None:
    """§7.3: recaudo sticker, registered and active signature on the signing date, issued ≤ 90 days ago."""
    emitida = certificar_firma(_certificar(ctx, _registrar(ctx)), ctx)
    assert emitida.documento.tipo == TIPO_CERTIFICACION_FIRMA and emitida.documento.entidad == "RNEC"
    assert emitida.documento.numero == "CF-2026-000001"
    assert all(h.resultado is Resultado.CUMPLE and "§7.3" in h.fuente for h in emitida.hallazgos)
    assert ctx.uow().certificaciones_firma.por_numero("CF-2026-000001") == emitida.certificacion
    assert ctx.emisor.emitidos[0].titular_nombre == "Marta Lucía Rincón"  # type: ignore[attr-defined]


@pytest.mark.parametrize("dias,emite", [(90, True), (91, False), (0, True), (-1, False)])
def test_limite_de_90_dias(ctx: Contexto, dias: int, emite: bool) -> None:
    """§7.3: the record must have been issued no more than 90 days ago (boundary included)."""
    assert parametros_certificacion().dias_maximos_expedicion == 90
    cmd = _certificar(ctx, _registrar(ctx), fecha_firma=HOY - timedelta(days=dias))
    if emite:
        certificar_firma(cmd, ctx)
    else:
        with pytest.raises(CertificacionRechazada) as e:
            certificar_firma(cmd, ctx)
        assert [h.regla for h in e.value.hallazgos if h.resultado is Resultado.NO_CUMPLE] == ["expedicion_maxima"]


def test_sin_recaudo_se_rechaza_y_no_escribe_nada(ctx: Contexto) -> None:
    cmd = _certificar(ctx, _registrar(ctx), tiene_recaudo=False)
    with pytest.raises(CertificacionRechazada, match="estampilla de recaudo"):
        certificar_firma(cmd, ctx)
    assert ctx.uow().certificaciones_firma.filas == {}  # type: ignore[attr-defined]
    assert ctx.emisor.emitidos == []  # type: ignore[attr-defined]


def test_firma_retirada_o_no_posesionada_en_la_fecha_de_firma(ctx: Contexto) -> None:
    firma_id = _registrar(ctx, fecha_posesion=HOY - timedelta(days=5))
    with pytest.raises(CertificacionRechazada, match="no estaba registrada o activa"):
        certificar_firma(_certificar(ctx, firma_id), ctx)
    otra = _registrar(ctx, fecha_retiro=HOY - timedelta(days=20))
    with pytest.raises(CertificacionRechazada, match="no estaba registrada o activa"):
        certificar_firma(_certificar(ctx, otra), ctx)


def _emitida(ctx: Contexto) -> str:
    return certificar_firma(_certificar(ctx, _registrar(ctx)), ctx).documento.numero


def test_consulta_eregister_exitosa_y_auditada(ctx: Contexto, reloj: RelojFijo) -> None:
    numero = _emitida(ctx)
    limitador = LimitadorEnMemoria(reloj)
    with pytest.raises(DatoInvalido, match="obligatorios"):
        consultar_certificacion(numero, None, "10.0.0.1", limitador, ctx)
    r = consultar_certificacion(numero.lower(), HOY, "10.0.0.1", limitador, ctx)
    assert r is not None and r.firmante == "Marta Lucía Rincón" and r.cargo == "Registradora municipal"
    assert r.entidad == "Registraduría Municipal de Chía" and "nacimiento" in r.tipo and r.estado == "vigente"
    [evento] = [e for e in ctx.uow().auditoria.listar() if e.accion in ACCIONES_CONSULTA]
    assert evento.accion == ACCION_CONSULTA_ENCONTRADA and evento.actor == "publico:10.0.0.1"
    assert "ip=10.0.0.1" in evento.detalle


def test_consulta_fallida_cuenta_y_bloquea_24_horas(ctx: Contexto, reloj: RelojFijo) -> None:
    numero = _emitida(ctx)
    limitador = LimitadorEnMemoria(reloj)
    for _ in range(4):  # wrong date: a failure
        assert consultar_certificacion(numero, HOY - timedelta(days=1), "10.0.0.9", limitador, ctx) is None
    with pytest.raises(ConsultaBloqueada):
        consultar_certificacion("CF-2026-999999", HOY, "10.0.0.9", limitador, ctx)
    with pytest.raises(ConsultaBloqueada):  # even the right answer is refused while blocked
        consultar_certificacion(numero, HOY, "10.0.0.9", limitador, ctx)
    assert consultar_certificacion(numero, HOY, "10.0.0.10", limitador, ctx) is not None  # other address
    reloj.avanzar(hours=23, minutes=59)
    with pytest.raises(ConsultaBloqueada):
        consultar_certificacion(numero, HOY, "10.0.0.9", limitador, ctx)
    reloj.avanzar(minutes=2)
    assert consultar_certificacion(numero, HOY, "10.0.0.9", limitador, ctx) is not None
    consultas = Counter(e.accion for e in ctx.uow().auditoria.listar(limite=100) if e.accion in ACCIONES_CONSULTA)
    # The failure that starts the block is a failure (the persistent limiter counts it); refusals are not.
    assert consultas == {ACCION_CONSULTA_FALLIDA: 5, ACCION_CONSULTA_BLOQUEADA: 2, ACCION_CONSULTA_ENCONTRADA: 2}


def test_fallos_fuera_de_la_ventana_no_bloquean(reloj: RelojFijo) -> None:
    limitador = LimitadorEnMemoria(reloj)
    for _ in range(4):
        assert limitador.registrar_fallo("1.2.3.4") is None
    reloj.avanzar(minutes=16)
    assert limitador.registrar_fallo("1.2.3.4") is None
    assert limitador.bloqueada_hasta("1.2.3.4") is None


def test_demo_de_firmas_idempotente(ctx: Contexto) -> None:
    from dataclasses import replace

    from app.demo_firmas import cargar_demo_firmas
    from app.demo_identidad import cargar_demo_identidad
    from tests.fakes_identidad import FakeEmisorContrasenas

    contexto = replace(ctx, contrasenas=FakeEmisorContrasenas())
    assert cargar_demo_identidad(contexto) is None
    assert cargar_demo_firmas(contexto) is None
    assert cargar_demo_firmas(contexto) is None
    assert len(listar_firmas(contexto)) == 1
    with contexto.uow() as uow:
        assert uow.certificaciones_firma.por_numero("CF-2026-000001") is not None
        assert uow.certificaciones_firma.por_numero("CF-2026-000002") is None


def test_regla_de_bloqueo_desde_fallos() -> None:
    """anchors-mission §5 / certificacion.toml [eregister]: blocked until T + 24 h, T being a failure that made 5
    failures within 15 minutes (window (T - 15 min, T]); the block ends exactly at T + 24 h."""
    regla = parametros_certificacion().regla_bloqueo()
    assert regla == ReglaBloqueo(5, timedelta(minutes=15), timedelta(hours=24))
    t0 = datetime(2026, 3, 17, 15, 0, tzinfo=UTC)
    cinco = [t0 + timedelta(minutes=m) for m in (0, 3, 7, 11, 14)]
    assert bloqueo_desde_fallos(cinco[:4], cinco[3], regla) is None
    assert bloqueo_desde_fallos(cinco, cinco[4], regla) == cinco[4] + timedelta(hours=24)
    assert bloqueo_desde_fallos(reversed(cinco), t0 + timedelta(hours=24, minutes=13), regla) is not None
    assert bloqueo_desde_fallos(cinco, cinco[4] + timedelta(hours=24), regla) is None
    al_borde = [t0] + [t0 + timedelta(minutes=15)] * 4  # the first one is exactly 15 minutes older: outside
    assert bloqueo_desde_fallos(al_borde, al_borde[-1], regla) is None
    # A later trigger (another worker's failures raced in) ends later: the latest T wins.
    tarde = [*cinco, cinco[4] + timedelta(minutes=1)]
    assert bloqueo_desde_fallos(tarde, tarde[-1], regla) == tarde[-1] + timedelta(hours=24)
    assert regla.maximo_fallos_relevantes >= 4 * (regla.alcance // regla.ventana)
