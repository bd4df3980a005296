#!/usr/bin/env bash
# Installs what glvirt needs to build, run and test on Debian bookworm.
# Safe to re-run; does nothing when everything is present.
set -euo pipefail
pkgs=(
  meson ninja-build pkg-config gcc clang libclang-rt-14-dev
  libepoxy-dev libegl-dev libgles-dev libgbm-dev libdrm-dev libcmocka-dev libseccomp-dev
  libvirglrenderer-dev
  libegl-mesa0 libgl1-mesa-dri mesa-utils
  piglit virgl-server glslang-tools util-linux python3
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
