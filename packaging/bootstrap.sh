#!/usr/bin/env bash
# Sets up CouncilDesk on a fresh Debian machine and then runs it.
#   bash packaging/bootstrap.sh demo   -> install, build a demo database, open the window
#   bash packaging/bootstrap.sh test   -> install, run the whole test suite
# Safe to run again: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-demo}"

# Qt needs these system libraries even offscreen; a real window also needs the xcb ones.
# poppler-utils is used by the tests to read PDFs back.
SYSTEM_PACKAGES=(libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxkbcommon-x11-0 poppler-utils xvfb xauth)

# The sync tests start a throwaway PostgreSQL server (city mode on PostgreSQL).
if [ "$mode" = test ]; then
  SYSTEM_PACKAGES+=(postgresql)
fi

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "시스템 패키지 설치: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "다음 시스템 패키지가 필요합니다 (관리자 권한으로 설치하세요): ${missing[*]}" >&2
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

export LANG="${LANG:-C.UTF-8}"
case "$mode" in
  demo)
    demo_db="${COUNCILDESK_DEMO_DB:-$HOME/CouncilDesk-demo.db}"
    if [ -f "$demo_db" ] && [ ! -f "$demo_db.keys" ]; then
      # A demo from before encryption: keep it aside and make a new one.
      mv "$demo_db" "$demo_db.old-$(date +%Y%m%d%H%M%S)"
      rm -f "$demo_db-wal" "$demo_db-shm"
    fi
    if [ ! -f "$demo_db" ]; then
      .venv/bin/councildesk demo --db "$demo_db"
    fi
    echo "로그인: 아이디 admin, 비밀번호 demo1234! (README의 '데모 계정' 참고)"
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      # No screen (a server or a container): run the window on a virtual one.
      exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/councildesk --db "$demo_db"
    fi
    exec .venv/bin/councildesk --db "$demo_db"
    ;;
  test)
    shift || true
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "사용법: bash packaging/bootstrap.sh demo|test" >&2
    exit 2
    ;;
esac
