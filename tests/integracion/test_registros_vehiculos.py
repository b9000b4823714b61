"""The vehicle and licence registries on the real database (issue 8 §2): the whole record comes back, the
history only grows, and two writers of one vehicle cannot both win (optimistic locking)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date

import pytest

from domain.errores import ConflictoConcurrencia
from domain.licencias import EstadoLicencia, Licencia
from domain.vehiculos import CausaCancelacion, Gravamen, MedidaCautelar, TarjetaOperacion
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.integracion import datos

pytestmark = pytest.mark.db


def _vehiculo_completo(fabrica: FabricaUnidadDeTrabajoSQL) -> tuple[object, object]:
    vendedor, comprador = datos.persona(), datos.persona("52333444")
    v = datos.vehiculo(vendedor)
    v.organismo, v.cilindraje, v.numero_serie, v.blindado = "MOVILIDAD-CHIA", 1600, "S-1", True
    v.tarjeta_operacion = TarjetaOperacion("TO-77", date(2019, 4, 1), "Taxis Chía S.A.S.")
    v.estado_matricula = v.estado_matricula.ACTIVA
    v.traspasar([vendedor.id], date(2019, 5, 1), "MOV-2019-000001")
    v.gravamenes.append(Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá", "Contrato 9", date(2019, 5, 2), "MOV-2"))
    v.medidas.append(MedidaCautelar(uuid.uuid4(), "embargo", "Juzgado 2 Civil de Chía", "Oficio 5", date(2020, 1, 3)))
    v.regrabar("motor", "M999", date(2021, 3, 3), "deterioro", "MOV-3")
    v.anotar(date(2019, 5, 1), "Matrícula inicial", "MOV-2019-000001", "Matrícula a nombre de Ana.")
    with fabrica() as uow:
        uow.personas.agregar(vendedor)
        uow.personas.agregar(comprador)
        uow.vehiculos.agregar(v)
        uow.commit()
    return v, comprador


def test_el_registro_completo_va_y_vuelve(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    v, _ = _vehiculo_completo(fabrica)
    with fabrica() as uow:
        assert uow.vehiculos.por_placa("ABC123") == v
        assert uow.vehiculos.obtener(v.id) == v  # type: ignore[attr-defined]


def test_traspaso_guarda_tradicion_historia_y_propietarios(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    _, comprador = _vehiculo_completo(fabrica)
    with fabrica() as uow:
        leido = uow.vehiculos.por_placa("ABC123")
        assert leido is not None
        leido.traspasar([comprador.id], date(2026, 3, 17), "MOV-2026-000123")  # type: ignore[attr-defined]
        leido.anotar(date(2026, 3, 17), "Traspaso", "MOV-2026-000123", "Traspaso a Pedro.")
        uow.vehiculos.guardar(leido)
        uow.commit()
    with fabrica() as uow:
        final = uow.vehiculos.por_placa("ABC123")
        assert final is not None and final.propietarios == [comprador.id]  # type: ignore[attr-defined]
        assert [h.radicado for h in final.historia] == ["MOV-2019-000001", "MOV-2026-000123"]
        assert final.tradicion[-2].hasta == date(2026, 3, 17) and final.version == 1
        assert [x.placa for x in uow.vehiculos.de_propietario(comprador.id)] == ["ABC123"]  # type: ignore[attr-defined]


def test_dos_aprobaciones_sobre_el_mismo_vehiculo_no_aplican_ambas(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    """Issue 8 §5: a traspaso and a cancelación read the same version; the second writer gets a conflict."""
    _vehiculo_completo(fabrica)
    with fabrica() as primera, fabrica() as segunda:
        a, b = primera.vehiculos.por_placa("ABC123"), segunda.vehiculos.por_placa("ABC123")
        assert a is not None and b is not None
        a.cancelar(CausaCancelacion.SOLICITUD_TITULAR)
        primera.vehiculos.guardar(a)
        primera.commit()
        b.iniciar_traslado("STT-BOGOTA", date(2026, 3, 17))
        with pytest.raises(ConflictoConcurrencia):
            segunda.vehiculos.guardar(b)
    with fabrica() as uow:
        final = uow.vehiculos.por_placa("ABC123")
        assert final is not None and final.causa_cancelacion is CausaCancelacion.SOLICITUD_TITULAR
        assert final.organismo_destino is None


def test_licencias_y_su_cadena_de_reemplazos(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    titular = datos.persona()
    vieja = Licencia(uuid.uuid4(), titular.identificacion.numero, titular.id, "B1", "particular", date(2016, 3, 1),
                     date(2026, 3, 1), "CC", "MOVILIDAD-CHIA")
    nueva = dataclasses.replace(vieja, id=uuid.uuid4(), expedida_en=date(2026, 3, 17), vigente_hasta=date(2036, 3, 17),
                                motivo="renovacion")
    vieja.reemplazar_por(nueva)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.licencias.agregar(dataclasses.replace(vieja, estado=EstadoLicencia.VIGENTE, reemplazada_por=None))
        uow.licencias.agregar(nueva)
        uow.commit()
    with fabrica() as uow:
        guardada = uow.licencias.obtener(vieja.id)
        assert guardada is not None
        guardada.reemplazar_por(nueva)
        uow.licencias.guardar(guardada)
        uow.commit()
    with fabrica() as uow:
        cadena = uow.licencias.de_titular(titular.id)
        assert [x.id for x in cadena] == [nueva.id, vieja.id]
        assert cadena[1].estado is EstadoLicencia.REEMPLAZADA and cadena[1].reemplazada_por == nueva.id
        assert cadena[0].reemplaza == vieja.id
