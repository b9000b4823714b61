#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (admin end-to-end test), DejaVu fonts (certificate PDF),
# poppler-utils (pdfsig, an independent PDF signature check) with libnss3-tools (certutil, to trust our test root
# in a throwaway NSS database), redis-server (the Redis store of the shared rate limits; .ci/run starts it), curl,
# jq, Node and npm (the examples of docs/api.md). Installs only what is missing.
set -euo pipefail
faltan=()
command -v chromium >/dev/null 2>&1 || faltan+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || faltan+=(fonts-dejavu-core)
command -v pdfsig >/dev/null 2>&1 || faltan+=(poppler-utils)
command -v certutil >/dev/null 2>&1 || faltan+=(libnss3-tools)
command -v wrk >/dev/null 2>&1 || faltan+=(wrk)  # HTTP load for `make bench` (loopback only)
command -v redis-server >/dev/null 2>&1 || faltan+=(redis-server)
command -v curl >/dev/null 2>&1 || faltan+=(curl)  # the curl examples of docs/api.md, run by a test
command -v jq >/dev/null 2>&1 || faltan+=(jq)
command -v node >/dev/null 2>&1 || faltan+=(nodejs)  # the Apollo example of docs/api.md (Node 20)
command -v npm >/dev/null 2>&1 || faltan+=(npm)
if [ ${#faltan[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Faltan paquetes del sistema: ${faltan[*]}. Instálelos con: sudo apt-get install ${faltan[*]}" >&2
  exit 1
fi
echo "Instalando paquetes del sistema: ${faltan[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${faltan[@]}" >/dev/null
