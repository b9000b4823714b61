"""`make bench` / `python -m benchmarks`: every benchmark, each printing ratios against a floor from the same run."""

from benchmarks import estadisticas, firma, motor, pagina_verificacion

if __name__ == "__main__":
    firma.main()
    motor.main()
    pagina_verificacion.main()
    estadisticas.main()
