"""`make bench` / `python -m benchmarks`: every benchmark, each printing ratios against a floor measured in the
same run."""

from benchmarks import firma

if __name__ == "__main__":
    firma.main()
