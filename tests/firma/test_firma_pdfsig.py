"""An independent validator for the PAdES signature: poppler's ``pdfsig``, trusting our root in a throwaway NSS
database (built with NSS ``certutil``). Both are Debian packages that `scripts/instalar-sistema.sh` installs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from signing.emisor import EmisorFirmado
from signing.llaves import Llavero
from tests.firma.conftest import certificado_residencia

HERRAMIENTAS = ("pdfsig", "certutil")


def _nss_con_raices(directorio: Path, llavero: Llavero) -> str:
    base = f"sql:{directorio}"
    subprocess.run(["certutil", "-N", "-d", base, "--empty-password"], check=True, capture_output=True)
    for i, raiz in enumerate(llavero.raices()):
        pem = directorio / f"raiz{i}.pem"
        pem.write_bytes(raiz.public_bytes(Encoding.PEM))
        subprocess.run(["certutil", "-A", "-d", base, "-n", f"raiz{i}", "-t", "CT,CT,CT", "-i", str(pem)],
                       check=True, capture_output=True)
    return base


def _pdfsig(pdf: Path, nss: str) -> str:
    return subprocess.run(["pdfsig", "-nssdir", nss, str(pdf)], capture_output=True, text=True).stdout


# Under CI (CI=true) the test always runs: a missing tool there is a failure, not a skip.
@pytest.mark.skipif(not all(shutil.which(h) for h in HERRAMIENTAS) and not os.environ.get("CI"),
                    reason="pdfsig/certutil ausentes: `make test` los instala con scripts/instalar-sistema.sh")
def test_pdfsig_valida_firma_y_cadena(tmp_path: Path, emisor: EmisorFirmado, llavero: Llavero) -> None:
    nss = _nss_con_raices(tmp_path, llavero)
    pdf = tmp_path / "certificado.pdf"
    pdf.write_bytes(emisor.emitir(certificado_residencia()).pdf)
    salida = _pdfsig(pdf, nss)
    assert "Signature is Valid." in salida, salida
    assert "Certificate is Trusted." in salida, salida
    assert "Total document signed" in salida

    alterado = bytearray(pdf.read_bytes())
    posicion = alterado.index(b"stream") + 40  # inside the first content stream: a signed byte
    alterado[posicion] ^= 0x01
    pdf.write_bytes(bytes(alterado))
    assert "Signature is Valid." not in _pdfsig(pdf, nss)
