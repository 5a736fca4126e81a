#!/usr/bin/env bash
# Installs what the portal's tests need when missing: Debian's chromium and chromedriver (the end-to-end
# browser tests, driven by Selenium) and the PostgreSQL server binaries (the same suite run against a real
# PostgreSQL by scripts/portal-postgres-tests.sh). Needs root, as on CI. Idempotent.
set -euo pipefail

have_all() {
    command -v chromium >/dev/null 2>&1 \
        && command -v chromedriver >/dev/null 2>&1 \
        && { command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
}

if have_all; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "门户测试需要 chromium、chromedriver 和 PostgreSQL：请以 root 运行，或手动安装：" \
        "apt-get install -y chromium chromium-driver postgresql" >&2
    exit 1
fi
echo "安装 chromium、chromedriver 与 PostgreSQL（门户测试用）……" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The packaged cluster is not used (the tests make a throwaway one); policy-rc.d keeps it from starting.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -qq chromium chromium-driver postgresql >/dev/null
have_all
