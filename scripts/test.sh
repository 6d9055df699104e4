#!/usr/bin/env bash
# Run the whole test suite (unit, property, page and browser tests); extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
ensure_venv requirements-dev.txt
# The browser tests drive Debian's Chromium with Playwright (no browser download).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian chromium and CJK fonts for the browser tests …"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
.venv/bin/python -m mypy  # files and settings: [tool.mypy] in pyproject.toml
exec .venv/bin/python -m pytest "$@"
