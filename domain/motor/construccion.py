"""From a catálogo file (blocks merged) to a checked ``TramiteDef``: every name, type and parameter verified.

Problems are collected, not raised one by one, so a maintainer sees every mistake of a file at once, each with its
file and line. Unknown keys are errors too: a misspelt ``obligatorio`` must not silently mean the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from domain import decisiones_permitidas
from domain.decisiones_permitidas import DecisionesPermitidas
from domain.errores import DatoInvalido
from domain.motor import condiciones
from domain.motor.contexto import ATRIBUTOS_PERSONA, ATRIBUTOS_SUJETO, OPCIONES_SUJETO
from domain.motor.esquema import (
    ENTREGAS,
    TIPOS_SUJETO,
    DocumentoResultado,
    EfectoDef,
    Entrega,
    FilaTabla,
    ParteDef,
    ReglaDef,
    RequisitoDef,
    SujetoDef,
    TablaDecision,
    Tarifa,
    TramiteDef,
)
from domain.motor.fuentes import Item, Origen
from domain.motor.lectura_catalogo import Lector, parecido
from domain.motor.parametros import ErrorParametro, Tipo, convertir_parametros
from domain.motor.registro import EFECTOS, REGLAS
from domain.motor.tipos_dato import TIPOS, CampoDato, Opcion

_CLAVES = {
    "tramite": {"codigo", "numero", "vigente_desde", "nombre", "descripcion", "fuente", "plazo_dias_habiles",
                "incluye", "quitar", "formulario", "fundamento", "decisiones", "sujeto", "partes", "datos",
                "requisitos", "reglas", "tablas", "tarifas", "efectos", "documento_resultado", "plazo_subsanacion",
                "entrega", "prefijo_radicado", "normas", "exige_correo", "decisiones_permitidas"},
    "partes": {"rol", "etiqueta", "fuente", "obligatoria", "aplica_si", "distinta_de"},
    "datos": {"nombre", "etiqueta", "tipo", "obligatorio", "opciones", "largo_maximo", "minimo", "maximo", "ayuda",
              "aplica_si", "defecto"},
    "requisitos": {"codigo", "nombre", "fuente", "obligatorio", "original", "aplica_si", "edad_maxima",
                   "edad_menor_que", "subtipos", "reglas", "al_entregar", "nota", "nombres_subtipos"},
    "tablas": {"nombre", "entradas", "salidas", "filas", "fuente"},
    "tarifas": {"concepto", "beneficiario", "fuente", "valor"},
    "sujeto": {"tipo", "clases", "nuevo", "fuente"},
    "documento_resultado": {"tipo", "titulo", "vigencia"},
    "entrega": {"modo", "lugar", "recoger_si", "nota"},
    "normas": {"plazo", "subsanacion"},
}
_FIJAS_REGLA = {"regla", "fuente", "bloqueante", "aplica_si", "id"}
_FIJAS_EFECTO = {"efecto", "fuente", "aplica_si", "id"}


@dataclass
class _Entorno:
    """What parameters and conditions of one trámite may name (``parametros.Entorno``)."""

    roles: frozenset[str]
    campos: frozenset[str]
    tablas: frozenset[str]
    requisitos: frozenset[str]
    vocabulario: condiciones.Vocabulario

    def condicion(self, texto: str) -> condiciones.Condicion:
        return condiciones.compilar(texto, self.vocabulario)


class Constructor(Lector):
    """One trámite file (blocks merged) → ``TramiteDef``, or None with the problems recorded."""

    def construir(self) -> TramiteDef | None:
        d, o = self.archivo.datos, self.archivo.origen()
        antes = len(self.errores)
        self.claves(d, _CLAVES["tramite"], o, "El trámite")
        sujeto = self.sujeto(d.get("sujeto", {"tipo": "ninguno"}), o.en("sujeto"))
        datos = [self.campo(i) for i in self.listas["datos"]]
        partes_raw = self.listas["partes"]
        roles = frozenset(str(i.datos.get("rol")) for i in partes_raw)
        tablas_raw = self.listas["tablas"]
        opciones = {f"datos.{c.nombre}": c.valores_opciones() for c in datos if c.opciones}
        opciones.update(OPCIONES_SUJETO.get(sujeto.tipo, {}))
        self.entorno = _Entorno(
            roles=roles, campos=frozenset(c.nombre for c in datos),
            tablas=frozenset(str(t.datos.get("nombre")) for t in tablas_raw),
            requisitos=frozenset(str(r.datos.get("codigo")) for r in self.listas["requisitos"]),
            vocabulario=condiciones.Vocabulario(
                datos=frozenset(c.nombre for c in datos), roles=roles, atributos_persona=ATRIBUTOS_PERSONA,
                atributos_sujeto=ATRIBUTOS_SUJETO.get(sujeto.tipo, frozenset()),
                tablas={str(t.datos.get("nombre")): frozenset(t.datos.get("salidas", [])) for t in tablas_raw},
                opciones=opciones,
            ),
        )
        datos = [self.con_condicion(c, i) for c, i in zip(datos, self.listas["datos"], strict=True)]
        tramite = TramiteDef(
            codigo=self.texto(d, "codigo", o), vigente_desde=self.fecha(d, o), entidad=self.entidad,
            nombre=self.texto(d, "nombre", o), descripcion=self.texto(d, "descripcion", o),
            fuente=self.texto(d, "fuente", o), plazo_dias_habiles=self.entero(d, "plazo_dias_habiles", o),
            sujeto=sujeto, archivo=self.archivo.nombre, numero=d.get("numero"),
            formulario=self.texto(d, "formulario", o, obligatorio=False) or None,
            partes=tuple(self.parte(i) for i in partes_raw), datos=tuple(datos),
            requisitos=tuple(self.requisito(i) for i in self.listas["requisitos"]),
            reglas=tuple(r for i in self.listas["reglas"] if (r := self.regla(i, "tramite", sujeto.tipo))),
            tablas=tuple(t for i in tablas_raw if (t := self.tabla(i))),
            tarifas=tuple(self.tarifa(i) for i in self.listas["tarifas"]),
            efectos=tuple(e for i in self.listas["efectos"] if (e := self.efecto(i, sujeto.tipo))),
            fundamento=tuple(self.textos(str(i.datos["_valor"])) for i in self.listas["fundamento"]),
            decisiones=tuple(str(i.datos["_valor"]) for i in self.listas["decisiones"]),
            documento_resultado=self.documento(d.get("documento_resultado"), o.en("documento_resultado")),
            plazo_subsanacion=self.duracion(d.get("plazo_subsanacion"), o.en("plazo_subsanacion")),
            entrega=self.entrega(d.get("entrega", {}), o.en("entrega")),
            prefijo_radicado=self.texto(d, "prefijo_radicado", o, obligatorio=False),
            norma_plazo=self.texto(d.get("normas", {}), "plazo", o.en("normas"), obligatorio=False),
            norma_subsanacion=self.texto(d.get("normas", {}), "subsanacion", o.en("normas"), obligatorio=False),
            exige_correo=bool(d.get("exige_correo", False)),
            decisiones_permitidas=self.decisiones_permitidas(d.get("decisiones_permitidas"),
                                                             o.en("decisiones_permitidas")),
        )
        if d.get("normas") is not None:
            self.claves(d["normas"], _CLAVES["normas"], o.en("normas"), "Las normas")
        self.unicos(tramite)
        return tramite if len(self.errores) == antes else None

    def unicos(self, t: TramiteDef) -> None:
        for que, nombres in (("requisito", [r.codigo for r in t.requisitos]), ("rol", [p.rol for p in t.partes]),
                             ("dato", [c.nombre for c in t.datos])):
            repetidos = sorted({n for n in nombres if nombres.count(n) > 1})
            if repetidos:
                self.error(self.archivo.origen(), f"el {que} {', '.join(repetidos)} está declarado dos veces")

    def sujeto(self, d: dict[str, Any], o: Origen) -> SujetoDef:
        self.claves(d, _CLAVES["sujeto"], o, "El sujeto")
        tipo = d.get("tipo", "ninguno")
        if tipo not in TIPOS_SUJETO:
            self.error(o.en("tipo"), f"el tipo de sujeto «{tipo}» no existe (válidos: {', '.join(TIPOS_SUJETO)})")
            tipo = "ninguno"
        clases = tuple(d.get("clases", []))
        validas = OPCIONES_SUJETO.get(tipo, {}).get("sujeto.clase", frozenset())
        for clase in clases:
            if clase not in validas:
                self.error(o.en("clases"), f"la clase «{clase}» no existe para un sujeto {tipo}")
        return SujetoDef(tipo, clases, bool(d.get("nuevo", False)), self.textos(str(d.get("fuente", ""))))

    def campo(self, i: Item) -> CampoDato:
        d, o = i.datos, i.origen
        self.claves(d, _CLAVES["datos"], o, "El dato")
        tipo = d.get("tipo", "texto")
        if tipo not in TIPOS:
            self.error(o.en("tipo"), f"el tipo de dato «{tipo}» no existe{parecido(tipo, TIPOS)} "
                                     f"(válidos: {', '.join(TIPOS)})")
            tipo = "texto"
        opciones = tuple(Opcion(x, x) if isinstance(x, str) else Opcion(str(x.get("valor")), str(x.get("etiqueta")))
                         for x in d.get("opciones", []))
        if (tipo == "opcion") != bool(opciones):
            self.error(o.en("opciones"), "un dato de tipo «opcion» necesita «opciones», y solo ese tipo las admite")
        campo = CampoDato(
            nombre=self.texto(d, "nombre", o), etiqueta=self.texto(d, "etiqueta", o), tipo=tipo,
            obligatorio=bool(d.get("obligatorio", True)), opciones=opciones,
            largo_maximo=int(d.get("largo_maximo", 200)), minimo=d.get("minimo"), maximo=d.get("maximo"),
            ayuda=str(d.get("ayuda", "")),
        )
        if d.get("defecto") is not None:
            try:
                campo = CampoDato(**{**campo.__dict__, "defecto": campo.convertir(d["defecto"])})
            except DatoInvalido as e:
                self.error(o.en("defecto"), f"el valor por defecto no es válido: {e.mensaje}")
        return campo

    def con_condicion(self, campo: CampoDato, i: Item) -> CampoDato:
        condicion = self.condicion(i.datos.get("aplica_si"), i.origen.en("aplica_si"))
        return campo if condicion is None else CampoDato(**{**campo.__dict__, "aplica_si": condicion})

    def parte(self, i: Item) -> ParteDef:
        d, o = i.datos, i.origen
        self.claves(d, _CLAVES["partes"], o, "La parte")
        distinta_de = tuple(str(r) for r in d.get("distinta_de", []))
        for rol in distinta_de:
            if rol not in self.entorno.roles:
                self.error(o.en("distinta_de"), f"«distinta_de» nombra el rol «{rol}», que el trámite no declara"
                                                f"{parecido(rol, self.entorno.roles)}")
        return ParteDef(self.texto(d, "rol", o), self.texto(d, "etiqueta", o), self.texto(d, "fuente", o),
                        bool(d.get("obligatoria", True)), self.condicion(d.get("aplica_si"), o.en("aplica_si")),
                        distinta_de)

    def requisito(self, i: Item) -> RequisitoDef:
        d, o = i.datos, i.origen
        self.claves(d, _CLAVES["requisitos"], o, "El requisito")
        fuente = self.texto(d, "fuente", o)
        edad = self.duracion(d.get("edad_maxima"), o.en("edad_maxima"))
        menor_que = self.duracion(d.get("edad_menor_que"), o.en("edad_menor_que"))
        if edad is not None and menor_que is not None:
            self.error(o, "un requisito declara «edad_maxima» o «edad_menor_que», no ambas")
        subtipos = tuple(d.get("subtipos", []))
        reglas: list[ReglaDef] = []
        if bool(d.get("original", False)):
            reglas.append(ReglaDef("original", fuente))
        if edad is not None or menor_que is not None:
            reglas.append(ReglaDef("antiguedad_maxima", fuente, True,
                                   {"plazo": edad or menor_que, "estricta": menor_que is not None}))
        if subtipos:
            reglas.append(ReglaDef("subtipo_admitido", fuente, True))
        for n, x in enumerate(d.get("reglas", [])):
            if (r := self.regla(Item(x, o.en("reglas", n)), "soporte", "")) is not None:
                reglas.append(r)
        return RequisitoDef(
            codigo=self.texto(d, "codigo", o), nombre=self.texto(d, "nombre", o), fuente=fuente,
            obligatorio=bool(d.get("obligatorio", True)), original=bool(d.get("original", False)),
            aplica_si=self.condicion(d.get("aplica_si"), o.en("aplica_si")), edad_maxima=edad or menor_que,
            edad_estricta=menor_que is not None, subtipos=subtipos,
            reglas=tuple(reglas), al_entregar=bool(d.get("al_entregar", False)), nota=str(d.get("nota", "")),
            nombres_subtipos=self.nombres_subtipos(d, subtipos, o),
        )

    def nombres_subtipos(self, d: dict[str, Any], subtipos: tuple[str, ...], o: Origen) -> dict[str, str]:
        nombres = d.get("nombres_subtipos", {})
        for codigo in nombres:
            if codigo not in subtipos:
                self.error(o.en("nombres_subtipos"), f"«nombres_subtipos» nombra «{codigo}», que no está en subtipos")
        return {str(k): str(v) for k, v in nombres.items()}

    def entrega(self, d: dict[str, Any], o: Origen) -> Entrega:
        self.claves(d, _CLAVES["entrega"], o, "La entrega")
        modo = d.get("modo", "ninguna")
        if modo not in ENTREGAS:
            self.error(o.en("modo"), f"el modo de entrega «{modo}» no existe (válidos: {', '.join(ENTREGAS)})")
            modo = "ninguna"
        recoger_si = self.condicion(d.get("recoger_si"), o.en("recoger_si"))
        lugar = self.texto(d, "lugar", o, obligatorio=False)
        if (modo == "recoger" or recoger_si is not None) and not lugar:
            self.error(o.en("lugar"), "una entrega en persona necesita «lugar» (dónde se recoge)")
        return Entrega(modo, lugar, recoger_si, self.texto(d, "nota", o, obligatorio=False))

    def regla(self, i: Item, ambito: str, tipo_sujeto: str) -> ReglaDef | None:
        d, o = i.datos, i.origen
        nombre = d.get("regla")
        definicion = REGLAS.get(str(nombre))
        if definicion is None:
            self.error(o.en("regla"), f"la regla «{nombre}» no existe{parecido(str(nombre), REGLAS)}")
            return None
        if definicion.ambito != ambito:
            donde = "bajo un requisito" if definicion.ambito == "soporte" else "en las reglas del trámite"
            self.error(o.en("regla"), f"la regla «{nombre}» se declara {donde}")
            return None
        parametros = self.parametros(definicion.parametros, d, _FIJAS_REGLA, o, f"la regla «{nombre}»")
        if parametros is None:
            return None
        return ReglaDef(str(nombre), self.texto(d, "fuente", o), bool(d.get("bloqueante", False)), parametros,
                        self.condicion(d.get("aplica_si"), o.en("aplica_si")))

    def parametros(self, especificacion: Mapping[str, Tipo], d: dict[str, Any], fijas: set[str], o: Origen,
                   que: str) -> dict[str, Any] | None:
        """A rule's or effect's own parameters (every key but the fixed ones), converted; None after an error."""
        try:
            return convertir_parametros(especificacion, {k: v for k, v in d.items() if k not in fijas}, self.entorno)
        except ErrorParametro as e:
            self.error(o.en(e.parametro) if e.parametro else o, f"{que}: {e}")
        except condiciones.CondicionInvalida as e:
            self.error(o, f"{que}: {e.mensaje}")
        return None

    def efecto(self, i: Item, tipo_sujeto: str) -> EfectoDef | None:
        d, o = i.datos, i.origen
        nombre = d.get("efecto")
        definicion = EFECTOS.get(str(nombre))
        if definicion is None:
            self.error(o.en("efecto"), f"el efecto «{nombre}» no existe{parecido(str(nombre), EFECTOS)}")
            return None
        if tipo_sujeto not in definicion.sujetos:
            self.error(o.en("efecto"), f"el efecto «{nombre}» no aplica a un sujeto «{tipo_sujeto}» "
                                       f"(aplica a: {', '.join(sorted(definicion.sujetos))})")
            return None
        faltan = [c for c in definicion.datos_requeridos if c not in self.entorno.campos]
        if faltan:
            self.error(o.en("efecto"), f"el efecto «{nombre}» necesita los datos {', '.join(faltan)}")
            return None
        parametros = self.parametros(definicion.parametros, d, _FIJAS_EFECTO, o, f"el efecto «{nombre}»")
        if parametros is None:
            return None
        return EfectoDef(str(nombre), self.texto(d, "fuente", o), parametros,
                         self.condicion(d.get("aplica_si"), o.en("aplica_si")))

    def tabla(self, i: Item) -> TablaDecision | None:
        d, o = i.datos, i.origen
        self.claves(d, _CLAVES["tablas"], o, "La tabla")
        entradas = [self.condicion(x, o.en("entradas")) for x in d.get("entradas", [])]
        salidas = tuple(d.get("salidas", []))
        filas = []
        for n, f in enumerate(d.get("filas", [])):
            fo = o.en("filas", n)
            valores, entonces = tuple(f.get("si", [])), dict(f.get("entonces", {}))
            if len(valores) != len(entradas):
                self.error(fo, f"la fila tiene {len(valores)} valores y la tabla {len(entradas)} entradas")
            if set(entonces) != set(salidas):
                self.error(fo, f"la fila debe dar exactamente las salidas {', '.join(salidas)}")
            resultado = f.get("resultado", "revisar")
            if resultado not in ("cumple", "revisar", "no_cumple"):
                self.error(fo, "«resultado» debe ser cumple, revisar o no_cumple")
            filas.append(FilaTabla(valores, entonces, self.texto(f, "mensaje", fo), resultado))
        if not filas or any(e is None for e in entradas) or not entradas:
            self.error(o, "la tabla necesita entradas válidas y al menos una fila")
            return None
        return TablaDecision(self.texto(d, "nombre", o), tuple(e for e in entradas if e is not None), salidas,
                             tuple(filas), self.texto(d, "fuente", o))

    def tarifa(self, i: Item) -> Tarifa:
        d, o = i.datos, i.origen
        self.claves(d, _CLAVES["tarifas"], o, "La tarifa")
        valor = d.get("valor")
        if valor is not None and (not isinstance(valor, int) or valor < 0):
            self.error(o.en("valor"), "el valor de una tarifa es un entero de pesos")
        return Tarifa(self.texto(d, "concepto", o), self.texto(d, "beneficiario", o), self.texto(d, "fuente", o),
                      valor)

    def decisiones_permitidas(self, d: Any, o: Origen) -> DecisionesPermitidas:
        problemas = decisiones_permitidas.problemas(d)
        for clave, problema in problemas:
            self.error(o.en(*clave.split(".")) if clave else o, problema)
        if problemas or not d:
            return DecisionesPermitidas()
        leidas = decisiones_permitidas.leer(d)
        # Each fuente reaches citizens: the same checks and {norma} substitution as every other text.
        return replace(leidas, **{clave: replace(x, fuente=self.texto(d[clave], "fuente", o.en(clave)))
                                  for clave in decisiones_permitidas.CLAVES if (x := getattr(leidas, clave))})

    def documento(self, d: dict[str, Any] | None, o: Origen) -> DocumentoResultado | None:
        if d is None:
            return None
        self.claves(d, _CLAVES["documento_resultado"], o, "El documento resultado")
        return DocumentoResultado(self.texto(d, "tipo", o), self.texto(d, "titulo", o),
                                  self.duracion(d.get("vigencia"), o.en("vigencia")))
