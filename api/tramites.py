"""The trámite catálogo over GraphQL: what a partner portal needs to build its forms for any trámite.

Public (the catálogo restates published norms: Ley 1712 de 2014, transparencia): no credential. Each trámite with
its partes by role, typed datos fields with options, requisitos and when they apply, fees and who receives them,
effects, legal basis and how the platform read the norm's ambiguities. The list is the catálogo's few dozen
entries, so it is returned whole; conditions are given as the catálogo writes them (``aplicaSi``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.alcances import publica
from api.contexto import Info
from domain.motor.catalogo import CatalogoTramites
from domain.motor.esquema import ParteDef, RequisitoDef, TramiteDef
from domain.motor.tipos_dato import CampoDato


def _condicion(c: object) -> str | None:
    return getattr(c, "texto", None)


@strawberry.type(description="Entidad que adelanta el trámite y norma que adopta su catálogo.")
class EntidadTramite:
    codigo: str
    nombre: str
    norma: str


@strawberry.type(description="Una parte del trámite por su rol (titular, vendedor, comprador, apoderado…).")
class ParteTramite:
    rol: str
    etiqueta: str
    obligatoria: bool
    aplica_si: str | None = strawberry.field(description="Condición en que se exige (lenguaje del catálogo).")
    fuente: str

    @classmethod
    def desde(cls, p: ParteDef) -> ParteTramite:
        return cls(rol=p.rol, etiqueta=p.etiqueta, obligatoria=p.obligatoria, aplica_si=_condicion(p.aplica_si),
                   fuente=p.fuente)


@strawberry.type(description="Opción de un dato de tipo «opcion».")
class OpcionDato:
    valor: str
    etiqueta: str


@strawberry.type(description="Dato que la solicitud debe declarar, con su tipo y validación.")
class CampoTramite:
    nombre: str
    etiqueta: str
    tipo: str = strawberry.field(description="texto, entero, dinero, fecha, booleano, opcion o placa.")
    obligatorio: bool
    opciones: list[OpcionDato]
    largo_maximo: int
    minimo: int | None
    maximo: int | None
    ayuda: str
    aplica_si: str | None
    defecto: str | None = strawberry.field(description="Lo que vale si se omite (como texto); nulo si no tiene.")

    @classmethod
    def desde(cls, c: CampoDato) -> CampoTramite:
        return cls(nombre=c.nombre, etiqueta=c.etiqueta, tipo=c.tipo, obligatorio=c.obligatorio,
                   opciones=[OpcionDato(valor=o.valor, etiqueta=o.etiqueta) for o in c.opciones],
                   largo_maximo=c.largo_maximo, minimo=c.minimo, maximo=c.maximo, ayuda=c.ayuda,
                   aplica_si=_condicion(c.aplica_si),
                   defecto=None if c.defecto is None else str(c.defecto).lower() if isinstance(c.defecto, bool)
                   else str(c.defecto))


@strawberry.type(description="Requisito (soporte) del trámite: cuándo aplica, si va en original y su antigüedad.")
class RequisitoTramite:
    codigo: str
    nombre: str
    obligatorio: bool
    original: bool
    aplica_si: str | None
    antiguedad_maxima: str | None = strawberry.field(
        description="P. ej. «2 meses» o «30 días hábiles», contados desde la expedición del documento.")
    antiguedad_estricta: bool = strawberry.field(
        description="Verdadero si la norma dice «con menos de»: un documento de exactamente esa antigüedad no sirve.")
    subtipos: list[str]
    al_entregar: bool = strawberry.field(description="Se presenta al recibir el resultado, no al radicar.")
    fuente: str

    @classmethod
    def desde(cls, r: RequisitoDef) -> RequisitoTramite:
        return cls(codigo=r.codigo, nombre=r.nombre, obligatorio=r.obligatorio, original=r.original,
                   aplica_si=_condicion(r.aplica_si),
                   antiguedad_maxima=str(r.edad_maxima) if r.edad_maxima else None,
                   antiguedad_estricta=r.edad_estricta, subtipos=list(r.subtipos), al_entregar=r.al_entregar,
                   fuente=r.fuente)


@strawberry.type(description="Derechos del trámite y quién los recibe; sin valor si la norma no fija el monto.")
class TarifaTramite:
    concepto: str
    beneficiario: str
    valor: int | None
    fuente: str


@strawberry.type(description="Lo que la aprobación cambia en los registros.")
class EfectoTramite:
    efecto: str
    aplica_si: str | None
    fuente: str


@strawberry.type(description="Un trámite del catálogo, tal como la plataforma lo aplica.")
class Tramite:
    codigo: str
    numero: int | None
    nombre: str
    descripcion: str
    entidad: EntidadTramite
    fuente: str
    vigente_desde: date
    plazo_dias_habiles: int
    formulario: str | None
    sujeto: str = strawberry.field(description="Sobre qué actúa: ninguno, persona, vehiculo o licencia.")
    clases_vehiculo: list[str]
    partes: list[ParteTramite]
    datos: list[CampoTramite]
    requisitos: list[RequisitoTramite]
    tarifas: list[TarifaTramite]
    efectos: list[EfectoTramite]
    fundamento: list[str]
    decisiones: list[str] = strawberry.field(description="Cómo se interpretaron las ambigüedades de la norma.")
    entrega: str = strawberry.field(description="Cómo se entrega el resultado: descarga (documento firmado), "
                                    "recoger (en persona) o ninguna (se inscribe en el registro).")
    lugar_entrega: str | None = strawberry.field(description="Dónde se recoge, si se recoge en persona.")
    recoger_si: str | None = strawberry.field(description="Condición en que el resultado se recoge en persona.")
    documento_resultado: str | None = strawberry.field(description="Título del documento que expide, si expide.")
    notifica_por_correo: bool = strawberry.field(description="Si es verdadero, quien recibe las notificaciones "
                                                 "debe tener `correo` registrado para poder radicar.")

    @classmethod
    def desde(cls, t: TramiteDef) -> Tramite:
        return cls(
            codigo=t.codigo, numero=t.numero, nombre=t.nombre, descripcion=t.descripcion,
            entidad=EntidadTramite(codigo=t.entidad.codigo, nombre=t.entidad.nombre, norma=t.entidad.norma),
            fuente=t.fuente, vigente_desde=t.vigente_desde, plazo_dias_habiles=t.plazo_dias_habiles,
            formulario=t.formulario, sujeto=t.sujeto.tipo, clases_vehiculo=list(t.sujeto.clases),
            partes=[ParteTramite.desde(p) for p in t.partes], datos=[CampoTramite.desde(c) for c in t.datos],
            requisitos=[RequisitoTramite.desde(r) for r in t.requisitos],
            tarifas=[TarifaTramite(concepto=x.concepto, beneficiario=x.beneficiario, valor=x.valor, fuente=x.fuente)
                     for x in t.tarifas],
            efectos=[EfectoTramite(efecto=e.efecto, aplica_si=_condicion(e.aplica_si), fuente=e.fuente)
                     for e in t.efectos],
            fundamento=list(t.fundamento), decisiones=list(t.decisiones), entrega=t.entrega.modo,
            lugar_entrega=t.entrega.lugar or None, recoger_si=_condicion(t.entrega.recoger_si),
            documento_resultado=t.documento_resultado.titulo if t.documento_resultado else None,
            notifica_por_correo=t.exige_correo,
        )


def _catalogo(info: Info) -> CatalogoTramites:
    return info.context.ctx.tramites


@strawberry.type
class ConsultaTramites:
    @strawberry.field(
        description="Los trámites vigentes del catálogo (de una entidad, si se indica), ordenados por entidad y "
        "número. Pública: no requiere credencial.",
        extensions=publica(),
    )
    def tramites(
        self, info: Info,
        entidad: Annotated[str | None, strawberry.argument(description="Código de la entidad, p. ej. MOVILIDAD-CHIA.")]
        = None,
    ) -> list[Tramite]:
        todos = _catalogo(info).todos()
        elegidos = [t for t in todos if entidad is None or t.entidad.codigo == entidad]
        return [Tramite.desde(t) for t in sorted(elegidos, key=lambda t: (t.entidad.codigo, t.numero or 0, t.codigo))]

    @strawberry.field(
        description="Un trámite del catálogo por su código; nulo si no existe. Pública: no requiere credencial.",
        extensions=publica(),
    )
    def tramite(self, info: Info, codigo: Annotated[str, strawberry.argument(description="P. ej. CHIA-T21.")]
                ) -> Tramite | None:
        encontrado = next((t for t in _catalogo(info).todos() if t.codigo == codigo[:60]), None)
        return Tramite.desde(encontrado) if encontrado else None
