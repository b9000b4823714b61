"""Which notice each event leaves in the outbox (kind, data, entidad), the retry policy, and the dispatcher's
bookkeeping on the in-memory outbox. Delivery over SMTP is tested in tests/integracion/test_correo_*.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar, rechazar
from domain.casos_uso.notificaciones import despachar_notificaciones, reintentar_notificacion
from domain.casos_uso.solicitudes import declarar_desistimientos, radicar_solicitud, subsanar_solicitud
from domain.comandos import Asignar, Decidir, Rechazar, SubsanarSolicitud
from domain.errores import NoEncontrado, PlazoVencido, TransicionInvalida
from domain.notificaciones import ErrorEnvio, EstadoEnvio, Notificacion, PoliticaReintentos, TipoNotificacion
from domain.reloj import RelojFijo
from tests.builders import funcionario, nueva_persona, radicar_cmd, verificar_todo
from tests.unit.test_flujo_residencia import HOY


def _avisos(ctx: Contexto) -> list[Notificacion]:
    return list(ctx.uow.bandeja_salida.notificaciones)  # type: ignore[attr-defined]


def test_cada_evento_deja_su_aviso_con_tipo_datos_y_entidad(ctx: Contexto, reloj: RelojFijo) -> None:
    revisora = funcionario(ctx)
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    recoger = radicar_solicitud(radicar_cmd(nueva_persona(ctx, "79000111"), HOY, destino="cancilleria"), ctx)
    for x in (s, recoger):
        asignar(Asignar(x.id, revisora.id), ctx)
    rechazar(Rechazar(s.id, revisora.id, ["Falta la fecha de pago."]), ctx)
    verificar_todo(ctx, recoger.id, revisora.id)
    aprobar(Decidir(recoger.id, revisora.id), ctx)
    reloj.avanzar(days=31)
    declarar_desistimientos(ctx)
    avisos = _avisos(ctx)
    assert [a.tipo for a in avisos] == [TipoNotificacion.RADICADA, TipoNotificacion.RADICADA,
                                        TipoNotificacion.RECHAZADA, TipoNotificacion.LISTA_PARA_RECOGER,
                                        TipoNotificacion.DESISTIDA]
    assert {a.entidad for a in avisos} == {"SDG-BOGOTA"} and {a.estado for a in avisos} == {EstadoEnvio.PENDIENTE}
    rechazo, desistida = avisos[2], avisos[4]
    assert rechazo.datos["motivos"] == ["Falta la fecha de pago."] and rechazo.datos["plazo_dias"] == 30
    assert rechazo.datos["fecha_limite_subsanacion"] == "2026-04-16" and "paso 8" in rechazo.datos["norma"]
    assert "16 de abril de 2026" in rechazo.cuerpo  # the plain fallback says the same
    assert desistida.solicitud_id == s.id and desistida.creada_en == reloj.ahora()
    assert "Seed" not in str(rechazo.datos) and "seed" not in str(rechazo.datos)  # cites the norm by its name


def test_subsanar_fuera_de_plazo_tambien_avisa_el_desistimiento(ctx: Contexto, reloj: RelojFijo) -> None:
    revisora = funcionario(ctx)
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    rechazar(Rechazar(s.id, revisora.id, ["Falta la fecha de pago."]), ctx)
    reloj.avanzar(days=31)
    with pytest.raises(PlazoVencido):
        subsanar_solicitud(SubsanarSolicitud(s.id, []), ctx)
    assert _avisos(ctx)[-1].tipo is TipoNotificacion.DESISTIDA


def test_espera_exponencial_con_tope_y_variacion() -> None:
    p = PoliticaReintentos(espera_base=timedelta(minutes=1), espera_maxima=timedelta(hours=1))
    assert [p.espera(n, 0.0) for n in (1, 2, 3)] == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2)]
    assert p.espera(1, 0.999) < timedelta(minutes=1) <= p.espera(2, 0.999)
    assert p.espera(30, 0.0) == timedelta(minutes=30) and p.espera(30, 0.999) < timedelta(hours=1)


def test_un_rechazo_permanente_se_rinde_antes_que_uno_transitorio() -> None:
    p = PoliticaReintentos(max_intentos=8, max_intentos_permanente=2)
    permanente, transitorio = ErrorEnvio("550", permanente=True), ErrorEnvio("451")
    assert not p.se_rinde(1, permanente) and p.se_rinde(2, permanente)
    assert not p.se_rinde(7, transitorio) and p.se_rinde(8, transitorio)


class CarteroQueFalla:
    descripcion = "prueba"

    def __init__(self, error: Exception) -> None:
        self.error, self.enviados = error, 0

    def enviar(self, notificacion: Notificacion) -> None:
        self.enviados += 1
        raise self.error

    def cerrar(self) -> None:
        pass


def test_un_error_inesperado_no_detiene_la_ronda_y_acaba_en_fallidas(ctx: Contexto, reloj: RelojFijo) -> None:
    radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    radicar_solicitud(radicar_cmd(nueva_persona(ctx, "79000111"), HOY), ctx)
    cartero = CarteroQueFalla(KeyError("plantilla"))
    politica = PoliticaReintentos(max_intentos=2)
    r = despachar_notificaciones(ctx.uow, reloj, cartero, politica, azar=lambda: 0.0)
    assert (r.reprogramadas, cartero.enviados) == (2, 2) and "KeyError" in r.errores[0]
    reloj.avanzar(minutes=1)
    assert despachar_notificaciones(ctx.uow, reloj, cartero, politica).fallidas == 2
    assert {a.estado for a in _avisos(ctx)} == {EstadoEnvio.FALLIDA}


def test_reintentar_solo_la_entidad_y_solo_si_fallo(ctx: Contexto, reloj: RelojFijo) -> None:
    radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    (aviso,) = _avisos(ctx)
    propia, ajena = funcionario(ctx), funcionario(ctx, "ajena", entidad="OTRA")
    with pytest.raises(TransicionInvalida):
        reintentar_notificacion(aviso.id, propia.id, ctx)  # still pendiente
    despachar_notificaciones(ctx.uow, reloj, CarteroQueFalla(ErrorEnvio("550", permanente=True)),
                             PoliticaReintentos(max_intentos_permanente=1))
    with pytest.raises(NoEncontrado):
        reintentar_notificacion(aviso.id, ajena.id, ctx)
    assert reintentar_notificacion(aviso.id, propia.id, ctx).estado is EstadoEnvio.PENDIENTE
    (evento,) = ctx.uow.auditoria.eventos  # type: ignore[attr-defined]
    assert evento.accion == "notificacion.reintentar" and evento.entidad == "SDG-BOGOTA"
