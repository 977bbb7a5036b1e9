#!/usr/bin/env bash
# Debian packages some tests drive: chromium (the preview in a real browser,
# code-server's workbench), neovim (a second, independent LSP client) and
# pre-commit (the qipp-validate hook, installed as pre-commit installs it).
# Installs what is missing when run as root; otherwise says what to install.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nvim >/dev/null 2>&1 || need+=(neovim)
command -v pre-commit >/dev/null 2>&1 || need+=(pre-commit)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Some tests need these Debian packages: ${need[*]} (sudo apt-get install ${need[*]})." >&2
fi
