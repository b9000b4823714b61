"""Offline verification of a QR text against published keys: a keyring (``Llavero``) or a signed trust list.

Two faces over one procedure (``docs/firma.md`` §6):

- ``VerificadorFirmas.verificar(texto) -> VerificacionQR`` is the domain's ``VerificadorQR`` port, used by the
  online page: is the signature genuine, by a key that may still vouch for it? It does **not** decide whether
  the document is in force (the registry does): ``valido`` is True for a genuine signature by an active or a
  retired key (then ``motivo`` is ``"firmado con clave retirada"``), False otherwise — including a key withdrawn
  as compromised (``motivo`` says since when) and a key not allowed to sign that kind of document.
- ``VerificadorFirmas.examinar(texto, ahora=...) -> InformeVerificacion`` is the full offline answer for the CLI
  and other offline verifiers: also expiry against a given instant and the signed revocation list, with the
  ages of the lists used, and a ``Resultado`` that maps to the CLI's exit codes.

Both bind a full QR text to the issuer's address (``url_base``: the trust list's, or the deployment's own) and
decode the message under the QR profile of ``cose_qr.py`` (deterministic CBOR, tag 18, nothing unprotected).
The report and its outcomes are in ``informe_verificacion.py``, re-exported here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from domain.documentos import MOTIVO_URL_AJENA, VerificacionQR
from domain.reloj import ZONA_COLOMBIA, Reloj
from signing.codigo_qr import FormatoQRInvalido, leer_texto_qr, normalizar_base
from signing.confianza import ListaConfianza
from signing.cose import CABECERA_KID, ErrorCose, FirmaInvalida, MensajeSign1, verificar_sign1
from signing.cose_qr import decodificar_qr
from signing.estado_claves import EstadoClave
from signing.informe_verificacion import SALIDA_CLAVE_COMPROMETIDA as SALIDA_CLAVE_COMPROMETIDA  # re-exported
from signing.informe_verificacion import SALIDA_CLAVE_DESCONOCIDA as SALIDA_CLAVE_DESCONOCIDA
from signing.informe_verificacion import SALIDA_ERROR as SALIDA_ERROR
from signing.informe_verificacion import SALIDA_INVALIDO as SALIDA_INVALIDO
from signing.informe_verificacion import SALIDA_REVERSION as SALIDA_REVERSION
from signing.informe_verificacion import SALIDA_REVOCADO as SALIDA_REVOCADO
from signing.informe_verificacion import SALIDA_VALIDO as SALIDA_VALIDO
from signing.informe_verificacion import SALIDA_VENCIDO as SALIDA_VENCIDO
from signing.informe_verificacion import EstadoLista, InformeVerificacion, Resultado
from signing.llaves import HOLGURA_RELOJ, ClavePublica
from signing.reclamos import ReclamosCertificado, ReclamosInvalidos, decodificar_reclamos
from signing.revocacion import EstadoRevocacion, ListaRevocados

MOTIVO_VALIDO = "firma válida"
MOTIVO_CLAVE_RETIRADA = "firmado con clave retirada"
MOTIVO_FORMATO = "formato no reconocido"
MOTIVO_CLAVE = "clave desconocida"
MOTIVO_FIRMA = "firma no válida"
MOTIVO_EMISOR = "emisor no corresponde a la clave"
MOTIVO_CERTIFICADO = "certificado del firmante no vigente en la fecha de emisión"
MOTIVO_TRAS_RETIRO = "emitido después del retiro de la clave"
MOTIVO_TIPO = "la clave no está autorizada para firmar documentos de este tipo"
MOTIVO_URL = MOTIVO_URL_AJENA
NOTA_URL_SIN_COMPROBAR = "no se comprobó la dirección del código: no se conoce la del emisor"


class FuenteClaves(Protocol):
    """A ``Llavero`` (keys on disk) or a ``ListaConfianza`` (signed trust list)."""

    def clave_publica(self, kid: bytes) -> ClavePublica | None: ...


class VerificadorFirmas:
    """Stateless after construction; safe to share between threads and requests.

    ``llavero_publico`` is where keys are looked up by kid: a ``Llavero`` (its state — retired, compromised —
    follows the key folder) or a verified ``ListaConfianza``. ``revocados`` is used by ``examinar`` only.
    ``url_base`` is the issuer's base URL a QR text must carry (docs/firma.md §1.1); by default the trust list's
    ``url_base``. Without one, texts are not bound to an address (and ``examinar`` says so).
    """

    def __init__(
        self,
        llavero_publico: FuenteClaves,
        *,
        url_base: str | None = None,
        revocados: ListaRevocados | None = None,
        reloj: Reloj | None = None,
    ) -> None:
        # A keyring with private keys works too, but verification never needs them.
        self._claves = llavero_publico
        if url_base is None and isinstance(llavero_publico, ListaConfianza):
            url_base = llavero_publico.url_base
        self._url_base = normalizar_base(url_base) if url_base else None
        self._revocados = revocados
        self._reloj = reloj

    def verificar(self, texto: str) -> VerificacionQR:
        """The domain port: authenticity and key state only (expiry and revocation are the registry's)."""
        return self.verificar_con_clave(texto)[0]

    def verificar_con_clave(self, texto: str) -> tuple[VerificacionQR, ClavePublica | None]:
        """``verificar`` and the key (the very object, in its state at the time) the verdict was reached with."""
        informe = self._examinar(texto, ahora=None)
        kid = informe.kid
        documento_id = informe.reclamos.documento_id if informe.reclamos else None
        if informe.resultado is not Resultado.VALIDO:
            return VerificacionQR(False, informe.motivo, kid, documento_id), informe.clave
        assert informe.reclamos is not None  # a valid verdict always has decoded claims
        motivo = MOTIVO_CLAVE_RETIRADA if MOTIVO_CLAVE_RETIRADA in informe.notas else MOTIVO_VALIDO
        return VerificacionQR(True, motivo, kid, documento_id, informe.reclamos.como_dict()), informe.clave

    def examinar(self, texto: str, *, ahora: datetime | None = None) -> InformeVerificacion:
        """Full offline verdict at ``ahora`` (default: the clock given at construction, else now)."""
        if ahora is None:
            ahora = self._reloj.ahora() if self._reloj else datetime.now(UTC)
        return self._examinar(texto, ahora=ahora)

    def _examinar(self, texto: str, *, ahora: datetime | None) -> InformeVerificacion:
        momento = ahora or datetime.now(UTC)
        listas = self._estado_listas(momento) if ahora is not None else ()
        notas = [f"la {lista.nombre} está desactualizada" for lista in listas if lista.desactualizada]

        def informe(resultado: Resultado, motivo: str, **datos: Any) -> InformeVerificacion:
            return InformeVerificacion(resultado, motivo, momento, notas=tuple(notas), listas=listas, **datos)

        try:
            base, cose = leer_texto_qr(texto)
        except FormatoQRInvalido as exc:
            return informe(Resultado.FORMATO_INVALIDO, f"{MOTIVO_FORMATO}: {exc}")
        if base and self._url_base is None:
            notas.append(NOTA_URL_SIN_COMPROBAR)
        elif base and base != self._url_base:
            # A genuine payload behind someone else's address: a camera would open that site (phishing).
            return informe(Resultado.URL_NO_CORRESPONDE, f"{MOTIVO_URL}: lleva a {base}, y los códigos de este "
                                                         f"emisor se verifican en {self._url_base}")
        try:
            mensaje = decodificar_qr(cose)
        except ErrorCose as exc:
            return informe(Resultado.FORMATO_INVALIDO, f"{MOTIVO_FORMATO}: {exc}")
        kid = mensaje.protegido[CABECERA_KID]
        clave = self._claves.clave_publica(kid)
        if clave is None:
            return informe(Resultado.CLAVE_DESCONOCIDA, MOTIVO_CLAVE, kid=kid.hex())
        problema = _firma(mensaje, clave)
        if problema is not None:
            return informe(problema[0], problema[1], kid=kid.hex())
        try:
            reclamos = decodificar_reclamos(mensaje.carga)
        except ReclamosInvalidos as exc:
            reclamos = None
            if clave.estado is not EstadoClave.COMPROMETIDA:
                return informe(Resultado.FORMATO_INVALIDO, f"{MOTIVO_FORMATO}: {exc}", kid=kid.hex(), clave=clave)
        datos: dict[str, Any] = {"kid": kid.hex(), "clave": clave, "reclamos": reclamos}
        if clave.estado is EstadoClave.COMPROMETIDA:
            return informe(Resultado.CLAVE_COMPROMETIDA, motivo_comprometida(clave), **datos)
        assert reclamos is not None
        veredicto = _reclamos(reclamos, clave)
        if veredicto is not None:
            return informe(veredicto[0], veredicto[1], **datos)
        if clave.estado is EstadoClave.RETIRADA:
            notas.append(MOTIVO_CLAVE_RETIRADA)
        if ahora is None:
            return informe(Resultado.VALIDO, MOTIVO_VALIDO, **datos)
        entrada = self._revocados.buscar(reclamos.documento_id) if self._revocados else None
        if entrada is not None and entrada.fecha > ahora:
            # Verifying as of a date before the revocation: it did not apply yet.
            notas.append(f"{entrada.estado.value} a partir del {_fecha_colombia(entrada.fecha)}")
            entrada = None
        if entrada is not None:
            resultado = Resultado.REVOCADO if entrada.estado is EstadoRevocacion.REVOCADO else Resultado.SUSPENDIDO
            motivo = f"documento {entrada.estado.value} el {_fecha_colombia(entrada.fecha)}: {entrada.motivo}"
            return informe(resultado, motivo, revocacion=entrada, **datos)
        if reclamos.expira_en is not None and ahora >= reclamos.expira_en:
            return informe(Resultado.VENCIDO, f"documento vencido el {_fecha_colombia(reclamos.expira_en)}", **datos)
        return informe(Resultado.VALIDO, "firma válida y documento vigente", **datos)

    def _estado_listas(self, ahora: datetime) -> tuple[EstadoLista, ...]:
        listas = []
        if isinstance(self._claves, ListaConfianza):
            c = self._claves
            listas.append(EstadoLista(
                "lista de confianza", c.emitida_en, c.proxima_actualizacion, c.edad(ahora), c.desactualizada(ahora)
            ))
        if self._revocados is not None:
            r = self._revocados
            listas.append(EstadoLista(
                "lista de revocados", r.emitida_en, r.proxima_actualizacion, r.edad(ahora), r.desactualizada(ahora)
            ))
        return tuple(listas)


def motivo_comprometida(clave: ClavePublica) -> str:
    cuando = _fecha_colombia(clave.retirada_en) if clave.retirada_en else "fecha desconocida"
    return f"clave retirada por compromiso el {cuando}: el documento no es confiable"


def _firma(mensaje: MensajeSign1, clave: ClavePublica) -> tuple[Resultado, str] | None:
    try:
        verificar_sign1(mensaje, clave.llave)
    except FirmaInvalida:
        return Resultado.FIRMA_INVALIDA, MOTIVO_FIRMA
    except ErrorCose as exc:
        return Resultado.FORMATO_INVALIDO, f"{MOTIVO_FORMATO}: {exc}"
    return None


def _reclamos(reclamos: ReclamosCertificado, clave: ClavePublica) -> tuple[Resultado, str] | None:
    if reclamos.emisor != clave.entidad_codigo:
        return Resultado.EMISOR_NO_CORRESPONDE, MOTIVO_EMISOR
    if not clave.vigente_en(reclamos.emitido_en):
        return Resultado.CERTIFICADO_NO_VIGENTE, MOTIVO_CERTIFICADO
    if clave.retirada_en is not None and reclamos.emitido_en > clave.retirada_en + HOLGURA_RELOJ:
        return Resultado.EMITIDO_TRAS_RETIRO, MOTIVO_TRAS_RETIRO
    if not clave.permite(reclamos.tipo):
        return Resultado.TIPO_NO_PERMITIDO, f"{MOTIVO_TIPO} ({reclamos.tipo})"
    return None


def _fecha_colombia(instante: datetime) -> str:
    return instante.astimezone(ZONA_COLOMBIA).strftime("%Y-%m-%d %H:%M") + " (hora de Colombia)"
