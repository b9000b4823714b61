"""Re-use one CMS SignedData produced by pyHanko as a template for the next signatures.

For a PAdES B-B signature with a fixed signer, everything in the CMS is constant except the message digest
attribute and the signature value: the certificates, the signer identifier, the algorithms and the
signing-certificate-v2 attribute never change. pyHanko rebuilds all of it through asn1crypto on every call
(about 8 ms). ``PlantillaCms`` keeps pyHanko's own output for a marker digest and, per signature, swaps in the
real digest, signs the DER of the signed attributes (RFC 5652 §5.4: re-tagged as SET OF) and re-frames the
five enclosing lengths. The structure is byte-for-byte pyHanko's; tests compare the two.

Layout relied upon (all single-byte tags, as CMS uses)::

    ContentInfo SEQUENCE { contentType OID, [0] EXPLICIT SignedData SEQUENCE {
        version, digestAlgorithms, encapContentInfo, [0] certificates,
        signerInfos SET { SignerInfo SEQUENCE {
            version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature OCTET STRING } } } }
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_SEQUENCE, _SET, _OCTETOS, _CONTEXTO_0, _CONTEXTO_1 = 0x30, 0x31, 0x04, 0xA0, 0xA1


class PlantillaNoApta(ValueError):
    """The template does not have the shape above (e.g. unsigned attributes): use the slow path."""


@dataclass(frozen=True)
class _Elemento:
    etiqueta: int
    inicio: int
    contenido: int
    fin: int


@dataclass(frozen=True)
class PlantillaCms:
    tipo_contenido: bytes
    """The ContentInfo's contentType OID, encoded."""
    prefijo_datos_firmados: bytes
    """SignedData children before signerInfos."""
    prefijo_firmante: bytes
    """SignerInfo children before the signature, with the marker digest inside the signed attributes."""
    posicion_resumen: int
    longitud_resumen: int
    atributos: tuple[int, int]
    """Start and end of the [0] signedAttrs element within ``prefijo_firmante``."""

    @classmethod
    def desde(cls, der: bytes, resumen_marcador: bytes) -> PlantillaCms:
        raiz = _unico(_hijos(der, _Elemento(_SEQUENCE, 0, 0, len(der)), raiz=True), _SEQUENCE)
        tipo, explicito = _exactos(_hijos(der, raiz), (0x06, _CONTEXTO_0))
        datos_firmados = _unico(_hijos(der, explicito), _SEQUENCE)
        hijos_datos = _hijos(der, datos_firmados)
        firmantes = hijos_datos[-1]
        firmante = _unico(_hijos(der, firmantes), _SEQUENCE) if firmantes.etiqueta == _SET else None
        if firmante is None:
            raise PlantillaNoApta("signerInfos no es un SET con un único SignerInfo")
        hijos_firmante = _hijos(der, firmante)
        firma = hijos_firmante[-1]
        atributos = [h for h in hijos_firmante if h.etiqueta == _CONTEXTO_0]
        if firma.etiqueta != _OCTETOS or len(atributos) != 1 or any(h.etiqueta == _CONTEXTO_1 for h in hijos_firmante):
            raise PlantillaNoApta("el SignerInfo debe terminar en la firma y tener solo atributos firmados")
        prefijo = der[hijos_firmante[0].inicio : firma.inicio]
        base = hijos_firmante[0].inicio
        posicion = prefijo.find(resumen_marcador)
        if posicion < 0 or prefijo.find(resumen_marcador, posicion + 1) >= 0:
            raise PlantillaNoApta("el resumen marcador debe aparecer exactamente una vez")
        return cls(
            tipo_contenido=der[tipo.inicio : tipo.fin],
            prefijo_datos_firmados=der[hijos_datos[0].inicio : firmantes.inicio],
            prefijo_firmante=prefijo,
            posicion_resumen=posicion,
            longitud_resumen=len(resumen_marcador),
            atributos=(atributos[0].inicio - base, atributos[0].fin - base),
        )

    def firmar(self, resumen: bytes, firmar_crudo: Callable[[bytes], bytes]) -> bytes:
        """Return the DER ContentInfo for ``resumen``; ``firmar_crudo`` signs the signed attributes' DER."""
        if len(resumen) != self.longitud_resumen:
            raise ValueError("longitud de resumen inesperada")
        fin_resumen = self.posicion_resumen + self.longitud_resumen
        prefijo = self.prefijo_firmante[: self.posicion_resumen] + resumen + self.prefijo_firmante[fin_resumen:]
        inicio, fin = self.atributos
        firma = firmar_crudo(bytes((_SET,)) + prefijo[inicio + 1 : fin])
        firmante = _tlv(_SEQUENCE, prefijo + _tlv(_OCTETOS, firma))
        datos_firmados = _tlv(_SEQUENCE, self.prefijo_datos_firmados + _tlv(_SET, firmante))
        return _tlv(_SEQUENCE, self.tipo_contenido + _tlv(_CONTEXTO_0, datos_firmados))


def _tlv(etiqueta: int, contenido: bytes) -> bytes:
    largo = len(contenido)
    if largo < 0x80:
        return bytes((etiqueta, largo)) + contenido
    octetos = largo.to_bytes((largo.bit_length() + 7) // 8, "big")
    return bytes((etiqueta, 0x80 | len(octetos))) + octetos + contenido


def _leer(der: bytes, posicion: int, limite: int) -> _Elemento:
    if posicion + 2 > limite or der[posicion] & 0x1F == 0x1F:
        raise PlantillaNoApta("DER truncado o con etiqueta de varios bytes")
    largo, contenido = der[posicion + 1], posicion + 2
    if largo & 0x80:
        cuantos = largo & 0x7F
        if not 1 <= cuantos <= 4:
            raise PlantillaNoApta("longitud DER no soportada")
        largo = int.from_bytes(der[contenido : contenido + cuantos], "big")
        contenido += cuantos
    if contenido + largo > limite:
        raise PlantillaNoApta("DER truncado")
    return _Elemento(der[posicion], posicion, contenido, contenido + largo)


def _hijos(der: bytes, padre: _Elemento, *, raiz: bool = False) -> list[_Elemento]:
    posicion, limite = (0, len(der)) if raiz else (padre.contenido, padre.fin)
    hijos = []
    while posicion < limite:
        hijo = _leer(der, posicion, limite)
        hijos.append(hijo)
        posicion = hijo.fin
    if not hijos:
        raise PlantillaNoApta("elemento DER vacío")
    return hijos


def _unico(hijos: list[_Elemento], etiqueta: int) -> _Elemento:
    if len(hijos) != 1 or hijos[0].etiqueta != etiqueta:
        raise PlantillaNoApta(f"se esperaba un único elemento con etiqueta {etiqueta:#x}")
    return hijos[0]


def _exactos(hijos: list[_Elemento], etiquetas: tuple[int, ...]) -> list[_Elemento]:
    if tuple(h.etiqueta for h in hijos) != etiquetas:
        raise PlantillaNoApta("estructura ContentInfo inesperada")
    return hijos
