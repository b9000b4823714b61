"""``AlmacenContadores`` on Redis (``VENTANILLA_REDIS_URL``): the shared rate limits without database writes.

One Redis key per counter, ``<prefijo><clave>|<ventana>``: a flush is one pipeline of ``INCRBY`` + ``EXPIRE`` per
counter and one ``MGET`` of the totals. Each counter expires two windows after its last increment, so Redis prunes
them itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import redis

from domain.limites import Ventana

PREFIJO = "ventanilla:limite:"


class ContadoresRedis:
    def __init__(self, cliente: redis.Redis, *, prefijo: str = PREFIJO) -> None:
        self._redis = cliente
        self._prefijo = prefijo

    @classmethod
    def desde_url(cls, url: str, *, prefijo: str = PREFIJO) -> ContadoresRedis:
        # Short timeouts: a page waits on the limiter only at login; a flush that fails is retried.
        return cls(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2), prefijo=prefijo)

    def _llave(self, ventana: Ventana) -> str:
        return f"{self._prefijo}{ventana[0]}|{ventana[1]}"

    def sumar_y_leer(self, incrementos: Mapping[Ventana, int], leer: Collection[Ventana], *,
                     duracion: int) -> dict[Ventana, int]:
        pedidas = list(leer)
        if not incrementos and not pedidas:
            return {}
        tubo = self._redis.pipeline(transaction=False)
        for ventana, n in incrementos.items():
            llave = self._llave(ventana)
            tubo.incrby(llave, n)
            tubo.expire(llave, 2 * duracion)
        if pedidas:
            tubo.mget([self._llave(v) for v in pedidas])
        resultados = tubo.execute()
        if not pedidas:
            return {}
        return {v: int(n) for v, n in zip(pedidas, resultados[-1], strict=True) if n is not None}

    def borrar(self, ventanas: Collection[Ventana]) -> None:
        if ventanas:
            self._redis.delete(*(self._llave(v) for v in ventanas))

    def disponible(self) -> bool:
        try:
            return bool(self._redis.ping())
        except redis.RedisError:
            return False

    def cerrar(self) -> None:
        self._redis.close()
