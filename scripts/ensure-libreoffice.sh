#!/usr/bin/env bash
# Installs LibreOffice headless (the test oracle) when soffice is missing. Needs root, as on CI.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && /usr/bin/python3 -c 'import uno' >/dev/null 2>&1; then
    exit 0
fi
echo "安装 LibreOffice headless（测试用的电子表格引擎）…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq libreoffice-calc-nogui python3-uno >/dev/null
command -v soffice >/dev/null
