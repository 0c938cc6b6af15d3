#!/usr/bin/env bash
# Installs the LaTeX toolchain the paper needs, from Debian's packages (idempotent).
set -euo pipefail
if command -v pdflatex >/dev/null 2>&1 && kpsewhich booktabs.sty pgfplots.sty >/dev/null 2>&1; then
    exit 0
fi
packages=(texlive-latex-base texlive-latex-recommended texlive-fonts-recommended texlive-pictures texlive-latex-extra latexmk)
if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
