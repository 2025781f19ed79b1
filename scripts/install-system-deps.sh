#!/usr/bin/env bash
# Install the Debian packages the browser tests, the PDF command, publishing (rsync) and the nginx tests need, only when something is missing.
set -euo pipefail
packages=(chromium fonts-noto-core fonts-dejavu-core poppler-utils zbar-tools rsync nginx libnginx-mod-http-brotli-filter)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Cài gói hệ thống còn thiếu: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
