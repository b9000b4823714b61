"""Logs never carry the QR payload: it holds the holder's name and identification (minimal-data principle)."""

from app.registro import ruta_para_log


def test_ruta_del_qr_no_se_registra() -> None:
    assert ruta_para_log("/V/1/2KCE3IQBEYCERQB3CPNC") == "/V/1/…"
    assert ruta_para_log("/v/1/2kce3iqbeycerqb3cpnc") == "/v/1/…"
    assert ruta_para_log("/admin/solicitudes/abc") == "/admin/solicitudes/abc"
