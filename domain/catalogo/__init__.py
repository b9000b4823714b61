"""The catálogo: data, not code. ``tramites/`` holds every entidad's trámites (read by ``domain.motor.catalogo``);
``firmas/`` and ``identidad/`` hold the parameters of the signature registry and the contraseñas."""
