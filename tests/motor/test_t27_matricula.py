"""T-27 Matrícula de vehículos automotores (seed 003 digest §2.3 T-27; R-44, R-62, R-64, A-14, A-17, §6.1)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.errores import DatoInvalido
from domain.vehiculos import ClaseVehiculo, EstadoMatricula, Servicio
from tests.motor.escenarios import HOY, ORGANISMO, RegistrosEnMemoria, bloqueo, caso_vehiculo, persona, soporte

DUENA = persona("52333444", nombres="Lucía", apellidos="Forero")
AUTO: dict[str, Any] = {"placa": "JKL456", "clase": "automotor", "servicio": "particular", "marca": "Mazda",
                        "linea": "CX-30", "modelo": 2026, "color": "Rojo", "numero_motor": "PE40123456",
                        "numero_chasis": "3MVDM2W7AML123456", "combustible": "gasolina"}
MOTO: dict[str, Any] = {**AUTO, "placa": "XYZ12F", "clase": "motocicleta", "marca": "Honda", "linea": "CB 125F",
                        "cilindraje": 125}


def test_matricula_crea_el_vehiculo_activo_a_nombre_del_titular() -> None:
    """Digest §6.1: (none) → ACTIVA at this organismo; characteristics and owner recorded; tradición starts."""
    caso = caso_vehiculo(27, AUTO, titular=DUENA)
    assert caso.fallidos() == []
    ap = caso.aprobar()
    v = ap.sujeto
    assert ap.nuevos == [v]
    assert (v.placa, v.clase, v.servicio, v.marca, v.linea, v.modelo, v.color) == (
        "JKL456", ClaseVehiculo.AUTOMOTOR, Servicio.PARTICULAR, "Mazda", "CX-30", 2026, "Rojo")
    assert (v.numero_motor, v.numero_chasis, v.combustible) == ("PE40123456", "3MVDM2W7AML123456", "gasolina")
    assert (v.estado_matricula, v.organismo, v.propietarios) == (EstadoMatricula.ACTIVA, ORGANISMO, [DUENA.id])
    assert [(p.persona_id, p.desde, p.hasta) for p in v.tradicion] == [(DUENA.id, HOY, None)]
    assert v.historia[-1].detalle.startswith("Matrícula inicial a nombre de Lucía Forero")


def test_impuesto_sin_pagar_bloquea_la_matricula() -> None:
    """R-62 (reglas generales, literal g; Ley 769 de 2002, art. 35): the tax is verified at the registro inicial."""
    caso = caso_vehiculo(27, AUTO, titular=DUENA, registros=RegistrosEnMemoria().inscribir(DUENA))
    fallo = bloqueo(caso, "impuesto_vehiculo_nuevo")
    assert fallo.mensaje == f"El impuesto vehicular {HOY.year} del vehículo JKL456 no está pagado."
    assert fallo.fuente == "Resolución 5721 de 2019 de Chía, reglas generales, literal g (Ley 769 de 2002, art. 35)"


@pytest.mark.parametrize(("cilindraje", "exenta"), [(125, True), (126, False)])
def test_motocicleta_hasta_125_cc_no_paga_impuesto(cilindraje: int, exenta: bool) -> None:
    """R-64 a (Ley 488 de 1998, art. 141): motorcycles up to 125 c.c. are not taxed — boundary 125 / 126 c.c."""
    caso = caso_vehiculo(27, {**MOTO, "cilindraje": cilindraje}, titular=DUENA,
                         registros=RegistrosEnMemoria().inscribir(DUENA))
    assert (not any(h.regla == "impuesto_vehiculo_nuevo" for h in caso.fallidos())) is exenta
    if exenta:
        assert caso.aprobar().sujeto.cilindraje == 125


def test_servicio_publico_no_paga_impuesto() -> None:
    """R-64 e: vehicles of public passenger or cargo transport are not taxed."""
    caso = caso_vehiculo(27, {**AUTO, "servicio": "publico"}, titular=DUENA,
                         registros=RegistrosEnMemoria().inscribir(DUENA))
    assert caso.fallidos() == []


def test_motocicleta_sin_cilindraje_no_se_radica() -> None:
    """R-64 a needs the cilindraje of a motorcycle: the field is required for that class."""
    with pytest.raises(DatoInvalido, match="Cilindraje"):
        caso_vehiculo(27, {k: v for k, v in MOTO.items() if k != "cilindraje"}, titular=DUENA).evaluacion()


def test_placa_de_moto_para_un_automotor_bloquea() -> None:
    """Registro inicial: the plate must fit the class (ABC123 automotor, ABC12D motocicleta)."""
    caso = caso_vehiculo(27, {**AUTO, "placa": "XYZ12F"}, titular=DUENA)
    caso.registros.pagar_impuesto("XYZ12F")
    fallo = bloqueo(caso, "placa_de_la_clase")
    assert fallo.mensaje == "La placa «XYZ12F» no corresponde a un vehículo de clase automotor."


def test_declaracion_de_importacion_o_certificado_de_aduana() -> None:
    """R-44 (decided): the declaración de importación is always asked; for a vehicle assembled in Colombia the
    certificado individual de aduana is admitted; any other document is not."""
    caso = caso_vehiculo(27, AUTO, titular=DUENA)
    otros = [s for s in caso.soportes if s.requisito != "declaracion_importacion"]
    caso.soportes = otros
    falta = next(h for h in caso.fallidos() if h.requisito == "declaracion_importacion")
    assert falta.fuente == "Resolución 5721 de 2019 de Chía, trámite 27, requisito 1.f"
    caso.soportes = [*otros, soporte("declaracion_importacion", HOY, "certificado_individual_aduana")]
    assert caso.fallidos() == []
    caso.soportes = [*otros, soporte("declaracion_importacion", HOY, "factura_venta")]
    assert [h.regla for h in caso.fallidos()] == ["subtipo_admitido"]


def test_fundamento_cita_el_decreto_1079_como_decreto() -> None:
    """A-17 decided: the manual's «Decreto Ley 1079 de 2015» is the Decreto 1079 de 2015."""
    fundamento = caso_vehiculo(27, AUTO).tramite.fundamento
    assert "Decreto 1079 de 2015" in fundamento and not any("Ley 1079" in n for n in fundamento)
