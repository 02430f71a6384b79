#!/bin/sh
# Installs the browser libraries in package-lock.json (mqtt.js, Pico CSS) with the machine's npm.
# Run by the Maven build (exec-maven-plugin); skips the install when node_modules is up to date.
set -eu
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "ERROR: web-admin needs npm (Node.js) to install mqtt.js and Pico CSS for the admin UI." >&2
  echo "       Install Node.js 18+ with npm (Debian: apt-get install nodejs npm) and build again." >&2
  exit 1
fi
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
   && [ -f node_modules/mqtt/dist/mqtt.min.js ]; then
  echo "npm: node_modules is up to date"
  exit 0
fi
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
