#!/usr/bin/env bash
# Installs the CouncilDesk .deb on a clean Debian root and runs it there, as an ordinary
# user: `councildesk --version`, `councildesk demo --db /tmp/x.db`, `councildesk --smoke`.
# On demand only (several minutes, needs root and the Debian mirror), not part of CI:
#   sudo bash packaging/test_deb.sh [dist/councildesk_VERSION_ARCH.deb]
# The root is made with debootstrap (minbase: no Qt libraries, no fonts, no Python), so apt
# has to bring everything the package's Depends name. Mounts live in a private mount
# namespace and the root is deleted afterwards (KEEP_ROOT=1 keeps it for a look).
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE="${SUITE:-bookworm}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

if [ "$(id -u)" != 0 ]; then
  echo "관리자(root) 권한으로 실행하세요: debootstrap과 chroot가 필요합니다." >&2
  exit 2
fi
if [ -z "${_COUNCILDESK_PRIVATE_NS:-}" ]; then
  # A private mount namespace: /proc in the test root can never leak into the host's mounts.
  exec unshare --mount --propagation private env _COUNCILDESK_PRIVATE_NS=1 bash "$0" "$@"
fi
if ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

deb="${1:-$(ls -t dist/councildesk_*.deb 2>/dev/null | head -1)}"
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
  echo "패키지가 없습니다. 먼저 python3 packaging/build_deb.py 를 실행하세요." >&2
  exit 2
fi

root="$(mktemp -d /var/tmp/councildesk-debroot.XXXXXX)"
cleanup() {
  umount "$root/dev/pts" "$root/proc" 2>/dev/null || true
  if [ -n "${KEEP_ROOT:-}" ]; then
    echo "시험 루트를 남겼습니다: $root"
  elif ! mountpoint -q "$root/proc" && ! mountpoint -q "$root/dev/pts"; then
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT

step_start=0
step() { step_start=$(date +%s); echo; echo "== $*"; }
took() { echo "   ($(( $(date +%s) - step_start )) s)"; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
# The root's _apt user cannot read files root copied in; fetch as root without warnings.
apt_in_root() { in_root env DEBIAN_FRONTEND=noninteractive apt-get -o APT::Sandbox::User=root "$@"; }
# Runs as the ordinary user 'clerk', with nothing in the environment but a home and a locale.
as_clerk() { chroot --userspec=clerk:clerk "$root" env -i HOME=/home/clerk PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }

total_start=$(date +%s)
echo "패키지: $deb ($(du -h "$deb" | cut -f1))"

if [ -n "${BASE_TARBALL:-}" ] && [ -f "$BASE_TARBALL" ]; then
  # Re-runs may reuse a clean root saved by an earlier run (BASE_TARBALL=/var/tmp/base.tgz).
  step "clean $SUITE root from $BASE_TARBALL"
  tar -C "$root" -xzf "$BASE_TARBALL"
else
  step "debootstrap --variant=minbase $SUITE"
  debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$root.debootstrap.log" 2>&1 \
    || { tail -20 "$root.debootstrap.log"; exit 1; }
  rm -f "$root.debootstrap.log"
  [ -n "${BASE_TARBALL:-}" ] && tar -C "$root" -czf "$BASE_TARBALL" .
fi
chmod 755 "$root"  # mktemp (and so the saved tarball) makes it 0700: clerk must enter it
mount -t proc proc "$root/proc"
# apt and dpkg want a terminal device for their logs; a fresh devpts instance of our own.
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
took

step "apt-get install ./$(basename "$deb") (Depends from the mirror)"
cp "$deb" "$root/tmp/councildesk.deb"
chmod 644 "$root/tmp/councildesk.deb"
apt_in_root update -qq
apt_in_root install -y -qq --no-install-recommends /tmp/councildesk.deb >/dev/null
in_root dpkg-query -W -f='   ${Package} ${Version}, ${Installed-Size} KiB\n' councildesk
echo "   시스템 패키지 $(in_root dpkg-query -W -f='.\n' | wc -l)개"
took

step "files in place"
for f in /usr/bin/councildesk /usr/share/applications/councildesk.desktop \
         /usr/share/icons/hicolor/48x48/apps/councildesk.png \
         /usr/share/icons/hicolor/scalable/apps/councildesk.svg /opt/councildesk/CouncilDesk; do
  [ -e "$root$f" ] || { echo "없음: $f" >&2; exit 1; }
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/councildesk.desktop"
  echo "   desktop-file-validate: ok"
fi
grep '^Name' "$root/usr/share/applications/councildesk.desktop" | sed 's/^/   /'
# Every shared library in the bundle must find what it links to, in the bundle (the
# bootloader puts _internal on the library path) or from Depends. Qt's GTK theme plugin is
# the exception: loaded only on a GTK desktop, which has GTK (Recommends: libgtk-3-0).
missing="$(in_root env LD_LIBRARY_PATH=/opt/councildesk/_internal sh -c 'find /opt/councildesk -name "*.so*" -type f ! -name libqgtk3.so | while read -r f; do ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done' | sort -u || true)"
if [ -n "$missing" ]; then
  echo "$missing" >&2
  exit 1
fi
echo "   ldd: 번들의 공유 라이브러리 $(in_root find /opt/councildesk -name '*.so*' -type f | wc -l)개 모두 해결됨"
took

in_root useradd -m clerk
touch "$root/tmp/before-run"

step "councildesk --version (user clerk)"
as_clerk councildesk --version
took

step "councildesk demo --db /tmp/x.db"
as_clerk councildesk demo --db /tmp/x.db
took

step "councildesk --smoke (no screen: offscreen)"
as_clerk councildesk --smoke
took

step "councildesk --smoke --db /tmp/x.db (the login dialog on the demo file)"
as_clerk councildesk --smoke --db /tmp/x.db
took

step "where the runs wrote"
changed="$(find "$root/opt/councildesk" -newer "$root/tmp/before-run" | head -5)"
if [ -n "$changed" ]; then
  echo "프로그램 폴더에 쓰였습니다:" >&2
  echo "$changed" >&2
  exit 1
fi
echo "   /opt/councildesk: 변경 없음"
echo "   사용자 clerk의 폴더:"
(cd "$root/home/clerk" && find . -mindepth 2 -maxdepth 4 -type d | sort | sed 's|^\./|   ~/|')
took

step "apt-get purge councildesk"
apt_in_root purge -y -qq councildesk >/dev/null
[ ! -e "$root/opt/councildesk" ] && [ ! -e "$root/usr/bin/councildesk" ] || { echo "제거 후 파일이 남음" >&2; exit 1; }
echo "   프로그램 제거됨; 사용자 폴더는 그대로: $(cd "$root/home/clerk" && find . -path '*CouncilDesk*' -maxdepth 4 | wc -l)개 항목"
took

echo
echo "통과: 깨끗한 $SUITE 루트에서 설치·실행·제거 ($(( $(date +%s) - total_start )) s)"
