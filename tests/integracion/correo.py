"""What the e-mail tests share: one notice of each kind produced by the real use cases, and a dispatcher on SMTP."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from app.correo.carteros import CarteroSMTP, ConfigSMTP
from app.correo.redaccion import Redactor
from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar, rechazar
from domain.casos_uso.decisiones_finales import anular_solicitud, rechazar_definitivamente
from domain.casos_uso.notificaciones import ResumenDespacho, despachar_notificaciones
from domain.casos_uso.solicitudes import declarar_desistimientos, radicar_solicitud
from domain.comandos import Asignar, Decidir, DecisionFinal, Rechazar
from domain.notificaciones import Notificacion, PoliticaReintentos, TipoNotificacion
from domain.reloj import RelojFijo
from domain.solicitudes import Solicitud
from tests.builders import funcionario, nueva_persona, radicar_cmd, verificar_todo
from tests.integracion.conftest import HOY

REMITENTE = "Ventanilla Bogotá <no-responder@gobiernobogota.gov.co>"
SECRETO = "secreto-de-pruebas-para-enlaces-" + "x" * 16
URL_PUBLICA = "https://ventanilla.example.gov.co"
ENTIDAD = "SDG-BOGOTA"
MOTIVOS = ["El recibo no muestra la dirección.", "La cédula está <borrosa> & cortada."]
POLITICA = PoliticaReintentos(max_intentos=5, max_intentos_permanente=2)


def redactor() -> Redactor:
    return Redactor(REMITENTE, URL_PUBLICA, SECRETO, dias_enlace=30)


def cartero_smtp(puerto: int, **config: object) -> CarteroSMTP:
    datos: dict[str, object] = {"host": "127.0.0.1", "puerto": puerto, "tls": "ninguno", "tiempo_espera_s": 5.0}
    return CarteroSMTP(ConfigSMTP(**{**datos, **config}), redactor())  # type: ignore[arg-type]


def despachar(ctx: Contexto, cartero: CarteroSMTP, *, azar: Callable[[], float] = lambda: 0.5,
              maximo: int = 100) -> ResumenDespacho:
    return despachar_notificaciones(ctx.uow, ctx.reloj, cartero, POLITICA, maximo=maximo, azar=azar)


def todas(ctx: Contexto) -> list[Notificacion]:
    with ctx.uow() as u:
        return list(reversed(u.bandeja_salida.listar(entidad=ENTIDAD, limite=1000)))


def obtener(ctx: Contexto, notificacion_id: uuid.UUID) -> Notificacion:
    with ctx.uow() as u:
        n = u.bandeja_salida.obtener(notificacion_id)
    assert n is not None
    return n


def radicar(ctx: Contexto, numero: str = "1020304050", correo: str = "ana.perez@example.org",
            **cambios: object) -> Solicitud:
    persona = nueva_persona(ctx, numero, correo=correo)
    return radicar_solicitud(radicar_cmd(persona, HOY, **cambios), ctx)


FUERA_DE_BOGOTA = "La dirección de residencia no está en Bogotá D.C."
DESISTIO = "El ciudadano desistió expresamente de la solicitud."


def un_aviso_de_cada_tipo(ctx: Contexto, reloj: RelojFijo) -> dict[TipoNotificacion, Notificacion]:
    """Five solicitudes through the real use cases: approved for download, approved for the alcaldía, rejected and
    left to lapse (31 days later, desistida), rejected definitively, annulled. The last notice of each kind."""
    revisora = funcionario(ctx)
    descarga, recoger, rechazada = radicar(ctx), radicar(ctx, destino="cancilleria"), radicar(ctx)
    definitiva, anulada = radicar(ctx), radicar(ctx)
    for s in (descarga, recoger, rechazada, definitiva, anulada):
        asignar(Asignar(s.id, revisora.id), ctx)
    rechazar_definitivamente(DecisionFinal(definitiva.id, revisora.id, [FUERA_DE_BOGOTA]), ctx)
    anular_solicitud(DecisionFinal(anulada.id, revisora.id, [DESISTIO]), ctx)
    verificar_todo(ctx, descarga.id, revisora.id)
    aprobar(Decidir(descarga.id, revisora.id), ctx)
    verificar_todo(ctx, recoger.id, revisora.id)
    aprobar(Decidir(recoger.id, revisora.id), ctx)
    rechazar(Rechazar(rechazada.id, revisora.id, MOTIVOS), ctx)
    reloj.avanzar(days=31)
    assert [s.id for s in declarar_desistimientos(ctx)] == [rechazada.id]
    return {n.tipo: n for n in todas(ctx) if n.tipo is not None}
