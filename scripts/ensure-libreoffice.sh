#!/usr/bin/env bash
# Installs the test oracle when missing: LibreOffice headless (recalculation, PDF; Writer prints the
# drafted 自评报告 .docx to PDF), poppler-utils
# (pdfinfo/pdftoppm for page checks and previews) and CJK fonts (so 宋体/仿宋 text renders, and
# page breaks match a Chinese Windows machine more closely). Needs root, as on CI. Idempotent.
set -euo pipefail

have_all() {
    command -v soffice >/dev/null 2>&1 \
        && /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 \
        && command -v pdftoppm >/dev/null 2>&1 \
        && command -v pdfinfo >/dev/null 2>&1 \
        && [ -e /usr/lib/libreoffice/share/.registry/writer.xcd ] \
        && fc-list :lang=zh-cn family 2>/dev/null | grep -q .
}

FONTCONF=/etc/fonts/conf.d/65-workbook-tools-cjk.conf

write_font_aliases() {
    # Windows font names used by the templates are absent on Linux; map them to installed CJK
    # fonts (serif for 宋体/仿宋, sans for 黑体) so LibreOffice does not fall back to DejaVu.
    [ -f "$FONTCONF" ] && return 0
    [ -w /etc/fonts/conf.d ] || return 0
    cat >"$FONTCONF" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <alias><family>宋体</family><prefer><family>AR PL UMing CN</family><family>WenQuanYi Zen Hei</family></prefer></alias>
  <alias><family>SimSun</family><prefer><family>AR PL UMing CN</family><family>WenQuanYi Zen Hei</family></prefer></alias>
  <alias><family>仿宋_GB2312</family><prefer><family>AR PL UMing CN</family><family>WenQuanYi Zen Hei</family></prefer></alias>
  <alias><family>仿宋</family><prefer><family>AR PL UMing CN</family><family>WenQuanYi Zen Hei</family></prefer></alias>
  <alias><family>FangSong</family><prefer><family>AR PL UMing CN</family><family>WenQuanYi Zen Hei</family></prefer></alias>
  <alias><family>黑体</family><prefer><family>WenQuanYi Zen Hei</family></prefer></alias>
  <alias><family>SimHei</family><prefer><family>WenQuanYi Zen Hei</family></prefer></alias>
</fontconfig>
EOF
    fc-cache -f >/dev/null 2>&1 || true
}

if have_all; then
    write_font_aliases
    exit 0
fi
echo "安装 LibreOffice headless、poppler-utils 与中文字体（测试用的电子表格引擎）…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq \
    libreoffice-calc-nogui libreoffice-writer-nogui python3-uno poppler-utils fontconfig \
    fonts-arphic-uming fonts-wqy-zenhei >/dev/null
write_font_aliases
command -v soffice >/dev/null
command -v pdftoppm >/dev/null
