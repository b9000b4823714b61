"""T-20 modificación de acreedor prendario, T-28 levantamiento and T-29 inscripción de limitación o gravamen of a
vehículo automotor (seed 003 digest §2.3, R-34, A-10, A-27, §6.2)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.errores import TransicionInvalida
from domain.motor.aplicacion import aplicar_efectos
from domain.reglas import Resultado
from domain.vehiculos import Gravamen, Vehiculo
from tests.motor.escenarios import HOY, bloqueo, caso_vehiculo, persona, vehiculo

DUENO = persona("79111222", nombres="Jorge", apellidos="Rincón")


def _con_gravamenes(*gravamenes: tuple[str, str]) -> Vehiculo:
    v = vehiculo(DUENO)
    for n, (tipo, beneficiario) in enumerate(gravamenes):
        v.gravamenes.append(Gravamen(uuid.uuid4(), tipo, beneficiario, f"Contrato {n}", date(2020, 1, n + 1),
                                     f"MOV-2020-00000{n}"))
    return v


# -- T-29 inscripción ---------------------------------------------------------------------------------------------
T29_DATOS = {"calidad_titular": "propietario", "tipo_gravamen": "prenda", "beneficiario": "Banco de Bogotá S.A.",
             "documento_gravamen": "Contrato de prenda 4455 del 2 de marzo de 2026"}


def test_t29_inscripcion_de_prenda_queda_vigente_en_el_registro() -> None:
    """Digest §6.2 T-29: the gravamen is added with its beneficiary, document and radicado; history line."""
    caso = caso_vehiculo(29, T29_DATOS, titular=DUENO, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    ap = caso.aprobar()
    (g,) = ap.sujeto.gravamenes_vigentes()
    assert (g.tipo, g.beneficiario, g.inscrito_en, g.radicado) == ("prenda", "Banco de Bogotá S.A.", HOY,
                                                                     "MOV-2026-000123")
    assert g.documento == "Contrato de prenda 4455 del 2 de marzo de 2026"
    assert ap.sujeto.historia[-1].detalle == "Inscripción de prenda a favor de Banco de Bogotá S.A."


def test_t29_propietario_que_no_lo_es_bloquea() -> None:
    """FN-V: the titular who files as owner must be the registered owner."""
    caso = caso_vehiculo(29, T29_DATOS, sujeto=vehiculo(persona("52333444")))
    fallo = bloqueo(caso, "es_propietario")
    assert "no es propietario(a) inscrito(a)" in fallo.mensaje
    assert fallo.fuente.startswith("Resolución 5721 de 2019 de Chía, trámite 29, nota al pie")


def test_t29_el_acreedor_puede_radicar_y_el_funcionario_revisa_su_calidad() -> None:
    """D-ACREEDOR: filed by the acreedor, ownership is not required; a review finding replaces it."""
    banco = persona("8600029644", tipo="NIT", nombres="Banco de Bogotá S.A.", apellidos="—")
    caso = caso_vehiculo(29, {**T29_DATOS, "calidad_titular": "acreedor", "naturaleza_entidad": "privada"},
                         titular=banco, sujeto=vehiculo(DUENO))
    assert caso.fallidos() == []
    revision = next(h for h in caso.hallazgos() if h.regla == "revisar")
    assert revision.resultado is Resultado.REVISAR and "acreedor" in revision.mensaje


def test_t29_sin_el_documento_original_del_gravamen_no_se_radica() -> None:
    """T-29 e / R-34: the original document recording the gravamen is required."""
    caso = caso_vehiculo(29, T29_DATOS, titular=DUENO, sujeto=vehiculo(DUENO))
    caso.soportes = [s for s in caso.soportes if s.requisito != "documento_gravamen"]
    fallo = next(h for h in caso.fallidos() if h.requisito == "documento_gravamen")
    assert fallo.bloqueante and fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 29, requisito 1.e"


# -- T-20 modificación del acreedor prendario -----------------------------------------------------------------------
def test_t20_cambia_el_acreedor_de_la_prenda_nombrada_y_no_la_otra() -> None:
    """Digest §6.2 T-20 (D-PRENDA): with two prendas, only the one of the named acreedor changes."""
    v = _con_gravamenes(("prenda", "Banco Popular"), ("prenda", "Financiera Andina S.A."))
    datos = {"calidad_titular": "propietario", "acreedor_actual": "FINANCIERA ANDINA SA",
             "nuevo_acreedor": "Banco de Occidente"}
    caso = caso_vehiculo(20, datos, sujeto=v, titular=DUENO)
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert [g.beneficiario for g in ap.sujeto.gravamenes_vigentes()] == ["Banco Popular", "Banco de Occidente"]
    assert ap.sujeto.historia[-1].detalle == ("Modificación del acreedor prendario: de Financiera Andina S.A. a "
                                              "Banco de Occidente.")


def test_t20_acreedor_sin_prenda_vigente_bloquea() -> None:
    """T-20: the change acts on an inscribed prenda; a reserva de dominio of the same creditor is not one."""
    v = _con_gravamenes(("reserva_dominio", "Financiera Andina S.A."))
    datos = {"calidad_titular": "propietario", "acreedor_actual": "Financiera Andina S.A.",
             "nuevo_acreedor": "Banco de Occidente"}
    fallo = bloqueo(caso_vehiculo(20, datos, sujeto=v, titular=DUENO), "gravamen_vigente")
    assert fallo.mensaje.startswith("El acreedor que se declara no tiene una prenda vigente sobre el vehículo.")
    assert "reserva dominio a favor de Financiera Andina S.A." in fallo.mensaje
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, trámite 20: el cambio recae sobre la prenda inscrita"


def test_t20_no_pide_improntas() -> None:
    """A-27: unlike T-19 the automotor version asks for no improntas; none is listed."""
    assert caso_vehiculo(20).tramite.requisito("improntas") is None


# -- T-28 levantamiento ------------------------------------------------------------------------------------------
def test_t28_levanta_solo_el_gravamen_del_beneficiario_nombrado() -> None:
    """Digest §6.2 T-28 (D-PRENDA): the named beneficiary's gravamen is lifted on the approval date; the other stays."""
    v = _con_gravamenes(("prenda", "Banco Popular"), ("reserva_dominio", "Autos de la Sabana Ltda."))
    datos = {"calidad_titular": "propietario", "beneficiario": "autos de la sabana ltda"}
    caso = caso_vehiculo(28, datos, sujeto=v, titular=DUENO)
    assert caso.fallidos() == []
    ap = caso.aprobar()
    assert [g.beneficiario for g in ap.sujeto.gravamenes_vigentes()] == ["Banco Popular"]
    assert ap.sujeto.gravamenes[1].levantado_en == HOY
    assert ap.sujeto.historia[-1].detalle == "Levantamiento de reserva dominio a favor de Autos de la Sabana Ltda."


def test_t28_beneficiario_sin_gravamen_vigente_bloquea() -> None:
    """T-28: only an inscribed, vigente limitación o gravamen can be lifted."""
    caso = caso_vehiculo(28, {"calidad_titular": "propietario", "beneficiario": "Banco Popular"},
                         sujeto=vehiculo(DUENO), titular=DUENO)
    fallo = bloqueo(caso, "gravamen_vigente")
    assert "ninguna limitación ni gravamen vigente" in fallo.mensaje
    assert fallo.fuente.startswith("Resolución 5721 de 2019 de Chía, trámite 28")


def test_t28_exige_el_documento_de_levantamiento() -> None:
    """A-10: the manual omits the levantamiento document; decided: asked (as in T-15), original, improntas on it."""
    v = _con_gravamenes(("prenda", "Banco Popular"))
    caso = caso_vehiculo(28, {"calidad_titular": "propietario", "beneficiario": "Banco Popular"}, sujeto=v,
                         titular=DUENO)
    caso.soportes = [s for s in caso.soportes if s.requisito != "documento_levantamiento"]
    fallo = next(h for h in caso.fallidos() if h.requisito == "documento_levantamiento")
    assert fallo.bloqueante and "decisión A-10" in fallo.fuente
    assert caso.tramite.requisito("documento_levantamiento").original  # type: ignore[union-attr]


def test_t28_el_efecto_rechaza_un_beneficiario_sin_gravamen() -> None:
    """The effect refuses rather than lifting some other gravamen (guards against approving past the rule)."""
    v = _con_gravamenes(("prenda", "Banco Popular"))
    caso = caso_vehiculo(28, {"calidad_titular": "propietario", "beneficiario": "Banco Popular"}, sujeto=v,
                         titular=DUENO)
    ap = caso.aprobar()
    with pytest.raises(TransicionInvalida, match="no tiene una limitación o gravamen vigente a favor de Banco"):
        aplicar_efectos(ap)  # the prenda was already lifted by the approval
