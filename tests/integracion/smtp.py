"""A real SMTP server (aiosmtpd) on a free loopback port, scripted to fail when a test asks, and what it received.

It is a server, not a mock: the dispatcher speaks SMTP to it over TCP (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Buzon:
    """The handler: records accepted messages; ``fallos_data`` answers the next DATA commands with those replies;
    ``rechazar`` refuses these recipients at RCPT."""

    recibidos: list[EmailMessage] = field(default_factory=list)
    fallos_data: list[str] = field(default_factory=list)
    rechazar: dict[str, str] = field(default_factory=dict)
    intentos_data: int = 0
    _cerrojo: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if address in self.rechazar:
            return self.rechazar[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._cerrojo:
            self.intentos_data += 1
            if self.fallos_data:
                return self.fallos_data.pop(0)
            mensaje = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            self.recibidos.append(mensaje)  # type: ignore[arg-type]
        return "250 2.0.0 Aceptado"

    def ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.recibidos]


class ServidorSMTP:
    def __init__(self, buzon: Buzon | None = None, puerto: int | None = None, **opciones: Any) -> None:
        self.buzon = buzon or Buzon()
        self.puerto = puerto or puerto_libre()
        self._control = Controller(self.buzon, hostname="127.0.0.1", port=self.puerto, **opciones)

    def __enter__(self) -> ServidorSMTP:
        self._control.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._control.stop()


def certificado_autofirmado(carpeta: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (and localhost): (cert.pem, key.pem). The cert is its own CA."""
    llave = ec.generate_private_key(ec.SECP256R1())
    nombre = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    ahora = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(nombre).issuer_name(nombre).public_key(llave.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(ahora - dt.timedelta(minutes=5))
        .not_valid_after(ahora + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(llave, hashes.SHA256())
    )
    ruta_cert, ruta_llave = carpeta / "smtp.crt", carpeta / "smtp.key"
    ruta_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    ruta_llave.write_bytes(llave.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return ruta_cert, ruta_llave


def contexto_servidor(cert: Path, llave: Path) -> ssl.SSLContext:
    contexto = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    contexto.load_cert_chain(cert, llave)
    return contexto


def autenticador(usuario: str, clave: str) -> Any:
    def autenticar(server: Any, session: Any, envelope: Any, mecanismo: str, datos: Any) -> AuthResult:
        ok = isinstance(datos, LoginPassword) and datos.login == usuario.encode() and datos.password == clave.encode()
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    return autenticar
