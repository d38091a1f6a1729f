#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds Switchboard's packages and checks the .deb for real on this machine: Debian 12, as root.
#
#   packaging/test-deb.sh [BUILD_DIR]        BUILD_DIR defaults to ./build (relative to the repository)
#
# 1. builds the switchboard target and, with CPack, the .deb, the .rpm and the .tar.gz; checks the RPM's
#    requirements (rpm -qpR) and the archive's contents;
# 2. apt-get install ./switchboard_*.deb (apt resolves the declared dependencies);
# 3. runs the INSTALLED /usr/bin/switchboard: --version, the headless one-call demo with a throwaway HOME,
#    the service's own command line as the service's user (the configuration the package created,
#    NoNewPrivileges and, when python3 is there, the kernel's MemoryDenyWriteExecute), and the dashboard
#    (on Xvfb when xvfb-run is installed, else offscreen), checking that every QML module and Qt plugin it loads comes from a package in switchboard's
#    dependency closure;
# 4. validates the installed unit (systemd-analyze verify), .desktop file and AppStream metainfo;
# 5. apt-get remove --purge switchboard and checks nothing is left: every file dpkg -L listed,
#    /etc/switchboard, /var/lib/switchboard. The system user "switchboard" is kept by the package (Debian's
#    policy for system users); this script deletes it afterwards if it created it, and purges the
#    dependencies the install pulled in (KEEP_DEPS=1 keeps them), so the machine is left as it was.
#
# Environment: JOBS (build parallelism, default nproc). Exits non-zero with a message on the first failure;
# the package is purged on the way out in any case. Takes about 30 s once the build is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
build=${1:-build}
case $build in /*) ;; *) build="$repo/$build" ;; esac

start=$SECONDS
step() { printf '\n== test-deb [%3ds] %s\n' $((SECONDS - start)) "$*"; }
fail() { printf '\ntest-deb: FAILED: %s\n' "$*" >&2; exit 1; }
ok() { printf '   ok: %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || fail "run as root: it installs and removes the package"
[ -r /etc/debian_version ] || fail "not a Debian system"
case $(cut -d. -f1 /etc/debian_version) in 12) ;; *) echo "test-deb: warning: made for Debian 12, this is $(cat /etc/debian_version)" ;; esac

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q -o DPkg::Lock::Timeout=300)
work=$(mktemp -d /tmp/switchboard-test-deb.XXXXXX)
chmod 0755 "$work"
installed_by_us=0
user_existed=0
getent passwd switchboard >/dev/null && user_existed=1
installed_packages() { dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^.i/ {print $2}' | sort; }
have_apt_lists() { compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; }
installed_packages > "$work/packages.before"

cleanup() {
    local rc=$?
    if [ "$installed_by_us" = 1 ] && dpkg-query -W -f '${Status}' switchboard 2>/dev/null | grep -q installed; then
        echo "test-deb: cleanup: purging switchboard" >&2
        apt-get remove --purge "${apt_opts[@]}" switchboard >/dev/null 2>&1 || true
    fi
    if [ "$installed_by_us" = 1 ]; then
        if [ "${KEEP_DEPS:-0}" != 1 ]; then
            installed_packages > "$work/packages.after"
            mapfile -t new < <(comm -13 "$work/packages.before" "$work/packages.after")
            if [ ${#new[@]} -gt 0 ]; then
                echo "test-deb: cleanup: purging the ${#new[@]} packages the install pulled in: ${new[*]}"
                apt-get remove --purge "${apt_opts[@]}" "${new[@]}" >/dev/null 2>&1 || echo "test-deb: warning: could not purge ${new[*]}" >&2
            fi
        fi
        if [ "$user_existed" = 0 ] && getent passwd switchboard >/dev/null; then
            userdel switchboard 2>/dev/null || true
            if getent group switchboard >/dev/null; then groupdel switchboard 2>/dev/null || true; fi
            echo "test-deb: cleanup: deleted the system user switchboard this test created"
        fi
    fi
    rm -rf "$work"
    exit $rc
}
trap cleanup EXIT

step "tools"
need=()
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
command -v file >/dev/null || need+=(file)
command -v rpmbuild >/dev/null || need+=(rpm)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v appstreamcli >/dev/null || need+=(appstream)
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
command -v man >/dev/null || need+=(man-db)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    have_apt_lists || apt-get update -q
    apt-get install "${apt_opts[@]}" --no-install-recommends "${need[@]}" >/dev/null
    installed_packages > "$work/packages.before"   # the tools stay; not ours to purge
fi
ok "dpkg-shlibdeps, rpmbuild, systemd-analyze, appstreamcli, desktop-file-validate"

step "build ($build)"
if [ ! -f "$build/CMakeCache.txt" ]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
else
    cmake "$build" >/dev/null   # picks up packaging changes
fi
cmake --build "$build" --target switchboard -j "${JOBS:-$(nproc)}"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt"
ok "switchboard $version built"

step "cpack -G DEB"
cd "$build"
rm -f switchboard_*.deb switchboard-*.rpm switchboard-*.tar.gz
cpack -G DEB > "$work/cpack-deb.log" 2>&1 || { cat "$work/cpack-deb.log"; fail "cpack -G DEB"; }
debs=(switchboard_*.deb)
if [ ! -f "${debs[0]}" ] || [ ${#debs[@]} -ne 1 ]; then fail "expected one switchboard_*.deb in $build"; fi
deb=${debs[0]}
dpkg-deb -f "$deb" Package Version Depends Recommends
depends=$(dpkg-deb -f "$deb" Depends)
for p in libqt6core6 libqt6gui6 libsodium23 qml6-module-qtquick-controls qml6-module-qtquick-layouts libqt6sql6-sqlite; do
    grep -qE "(^|, )$p( |,|$)" <<<"$depends" || fail "$deb does not depend on $p"
done
ok "$deb ($(du -k "$deb" | cut -f1) KiB): shlibdeps and the hand-listed QML modules and plugins are in Depends"

step "cpack -G \"RPM;TGZ\""
cpack -G "RPM;TGZ" > "$work/cpack-rpm.log" 2>&1 || { cat "$work/cpack-rpm.log"; fail "cpack -G RPM;TGZ"; }
rpms=(switchboard-*.rpm)
tgzs=(switchboard-*.tar.gz)
[ -f "${rpms[0]}" ] || fail "no switchboard-*.rpm produced"
[ -f "${tgzs[0]}" ] || fail "no switchboard-*.tar.gz produced"
rpm -qpR "${rpms[0]}" > "$work/rpm-requires" 2>/dev/null || fail "rpm -qpR ${rpms[0]}"
for r in 'libQt6Core.so.6()(64bit)' 'libsodium.so.23()(64bit)' 'qt6-qtdeclarative >= 6.4' 'qt6-qtbase-gui >= 6.4'; do
    grep -qxF "$r" "$work/rpm-requires" || fail "${rpms[0]} does not require $r"
done
ok "${rpms[0]}: $(wc -l < "$work/rpm-requires") requirements, e.g. $(grep -c '^libQt6' "$work/rpm-requires") libQt6 sonames, qt6-qtdeclarative, qt6-qtbase-gui"
tar -tzf "${tgzs[0]}" > "$work/tgz-list"
for f in bin/switchboard share/applications/switchboard.desktop share/man/man1/switchboard.1.gz lib/systemd/system/switchboard.service; do
    grep -q "/$f\$" "$work/tgz-list" || fail "${tgzs[0]} has no $f"
done
ok "${tgzs[0]}: $(grep -vc '/$' "$work/tgz-list") files"

step "apt-get install ./$deb"
if dpkg-query -W -f '${Status}' switchboard 2>/dev/null | grep -q 'install ok installed'; then
    fail "switchboard is already installed on this machine; remove it first (apt-get purge switchboard)"
fi
have_apt_lists || apt-get update -q
installed_by_us=1
apt-get install "${apt_opts[@]}" "./$deb" > "$work/apt-install.log" 2>&1 || { cat "$work/apt-install.log"; fail "apt-get install ./$deb"; }
grep -E 'newly installed' "$work/apt-install.log" | sed 's/^/   /' || true
dpkg -L switchboard | sort > "$work/dpkg-L"
ok "installed, $(wc -l < "$work/dpkg-L") paths"
cd "$work"

step "installed files and the service's account"
[ "$(command -v switchboard)" = /usr/bin/switchboard ] || fail "switchboard is not /usr/bin/switchboard on PATH"
for f in /usr/lib/systemd/system/switchboard.service /usr/lib/sysusers.d/switchboard.conf \
         /usr/share/applications/switchboard.desktop /usr/share/metainfo/io.switchboard.Switchboard.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/switchboard.svg /usr/share/icons/hicolor/48x48/apps/switchboard.png \
         /usr/share/man/man1/switchboard.1.gz /usr/share/doc/switchboard/copyright; do
    [ -f "$f" ] || fail "$f is not installed"
done
if file /usr/bin/switchboard | grep -q 'not stripped'; then fail "/usr/bin/switchboard is not stripped"; fi
getent passwd switchboard | grep -q ':/var/lib/switchboard:/usr/sbin/nologin$' || fail "user switchboard: $(getent passwd switchboard || echo missing)"
[ "$(stat -c '%a %U:%G' /etc/switchboard)" = "750 root:switchboard" ] || fail "/etc/switchboard is $(stat -c '%a %U:%G' /etc/switchboard)"
[ "$(stat -c '%a %U:%G' /etc/switchboard/switchboard.conf)" = "640 root:switchboard" ] || fail "switchboard.conf is $(stat -c '%a %U:%G' /etc/switchboard/switchboard.conf)"
token=$(/usr/bin/switchboard --config /etc/switchboard/switchboard.conf --show-token)
[[ $token =~ ^[0-9a-f]{64}$ ]] || fail "the installed configuration has no generated api-token"
ok "unit, sysusers.d, desktop file, metainfo, icons, man page; user switchboard; /etc/switchboard/switchboard.conf 0640 with a generated token"

step "switchboard --version (installed)"
out=$(/usr/bin/switchboard --version)
echo "   $out"
[ "$out" = "switchboard $version" ] || fail "--version printed '$out', expected 'switchboard $version'"
man -w switchboard >/dev/null || fail "man switchboard: no manual page found"
ok "--version; man switchboard"

step "headless one-call demo (installed binary, throwaway HOME)"
mkdir -m 0700 "$work/home"
set +e
env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 timeout 120 \
    /usr/bin/switchboard --demo --headless --port 0 --dial +15551234567 --hangup-after 3 --no-audio > "$work/demo.log" 2>&1
rc=$?
set -e
sed 's/^/   | /' "$work/demo.log" | tail -n 12
[ $rc -eq 0 ] || fail "the headless one-call demo exited $rc"
[ -f "$work/home/.local/share/switchboard/switchboard-demo.sqlite" ] || fail "the demo database is not in the throwaway HOME"
ok "exit 0; its database and generated token stayed in the throwaway HOME"

step "the service's command line, as the user switchboard (what switchboard.service runs)"
# What systemd would do first: StateDirectory=switchboard. Then ExecStart, as User=switchboard, with the
# unit's environment, NoNewPrivileges and (with python3) MemoryDenyWriteExecute, plus a --demo --dial run
# so that the service's database in /var/lib/switchboard is really written.
install -d -o switchboard -g switchboard -m 0750 /var/lib/switchboard
exec_start=$(sed -n 's/^ExecStart=//p' /usr/lib/systemd/system/switchboard.service)
[ "$exec_start" = "/usr/bin/switchboard --headless --no-audio --config /etc/switchboard/switchboard.conf" ] \
    || fail "unexpected ExecStart: $exec_start"
service_env=(HOME=/var/lib/switchboard XDG_DATA_HOME=/var/lib XDG_CONFIG_HOME=/var/lib/switchboard/.config
             XDG_CACHE_HOME=/var/lib/switchboard/.cache PATH=/usr/bin:/bin LANG=C.UTF-8)
# shellcheck disable=SC2206
cmd=($exec_start --demo --port 0 --dial +15551234567 --hangup-after 2)
wrapper=(setpriv --no-new-privs)
hardening="NoNewPrivileges"
if command -v python3 >/dev/null; then
    # PR_SET_MDWE(PR_MDWE_REFUSE_EXEC_GAIN) is the kernel's form of MemoryDenyWriteExecute (Linux 6.3+).
    cat > "$work/mdwe.py" <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0:
    print("   (this kernel has no PR_SET_MDWE: MemoryDenyWriteExecute not emulated)", file=sys.stderr)
os.execv(sys.argv[1], sys.argv[1:])
PY
    wrapper+=(python3 "$work/mdwe.py")
    hardening+=", MemoryDenyWriteExecute"
fi
set +e
(umask 027 && runuser -u switchboard -- env -i "${service_env[@]}" timeout 120 "${wrapper[@]}" "${cmd[@]}") > "$work/service.log" 2>&1
rc=$?
set -e
sed 's/^/   | /' "$work/service.log" | tail -n 6
[ $rc -eq 0 ] || fail "the service's command line exited $rc as user switchboard"
if grep -q 'generated an API token\|could not save the generated API token' "$work/service.log"; then
    fail "the service did not find the api-token in /etc/switchboard/switchboard.conf"
fi
[ -f /var/lib/switchboard/switchboard.sqlite ] || fail "the service wrote no /var/lib/switchboard/switchboard.sqlite"
[ "$(stat -c %U /var/lib/switchboard/switchboard.sqlite)" = switchboard ] || fail "the database does not belong to switchboard"
ok "exit 0 under $hardening; configuration read with its token; database in /var/lib/switchboard"

step "the dashboard's QML modules and Qt plugins all come from declared dependencies"
# On an X server (Xvfb) when xvfb-run is there, as on a desktop (the xcb platform plugin); else offscreen.
display=(env QT_QPA_PLATFORM=offscreen)
platform=offscreen
if command -v xvfb-run >/dev/null && command -v xauth >/dev/null; then
    display=(xvfb-run -a -s "-screen 0 1280x800x24")
    platform="xcb on Xvfb"
fi
set +e
env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 QT_DEBUG_PLUGINS=1 QML_IMPORT_TRACE=1 "${display[@]}" \
    timeout --preserve-status -s INT 8 /usr/bin/switchboard --demo --port 0 --no-audio > "$work/desktop.log" 2>&1
rc=$?
set -e
[ $rc -eq 0 ] || { tail -n 20 "$work/desktop.log"; fail "the dashboard ($platform) exited $rc"; }
grep -oE '"/usr/lib/[^"]*/qt6/(plugins|qml)/[^"]*\.so" loaded library|qmldir found at "/usr/lib/[^"]*"' "$work/desktop.log" \
    | grep -oE '/usr/lib/[^"]+' | sort -u > "$work/runtime-files"
[ "$(grep -c '/qml/QtQuick/Controls/' "$work/runtime-files")" -gt 0 ] || fail "the dashboard loaded no QtQuick.Controls: did it start?"
while read -r f; do
    owner=$(dpkg -S "$f" 2>/dev/null | head -n 1 | cut -d: -f1) || true
    [ -n "$owner" ] || fail "the dashboard loaded $f, which no package owns"
    echo "$owner"
done < "$work/runtime-files" | sort -u > "$work/runtime-packages"
apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
    --no-enhances switchboard | grep -v '^ ' | sed 's/:.*//' | sort -u > "$work/closure"
missing=$(comm -23 "$work/runtime-packages" "$work/closure")
[ -z "$missing" ] || fail "the dashboard loads files from packages switchboard does not depend on: $missing"
ok "dashboard on $platform: $(wc -l < "$work/runtime-files") files from $(wc -l < "$work/runtime-packages") packages, all in the closure: $(tr '\n' ' ' < "$work/runtime-packages")"

step "systemd-analyze verify, desktop-file-validate, appstreamcli validate"
verify=(systemd-analyze verify)
command -v man >/dev/null || verify+=(--man=no)
"${verify[@]}" /usr/lib/systemd/system/switchboard.service || fail "systemd-analyze verify switchboard.service"
ok "systemd-analyze verify switchboard.service"
if systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
    systemd-analyze security --offline=true /usr/lib/systemd/system/switchboard.service 2>/dev/null | tail -n 1 | sed 's/^/   /' || true
fi
desktop-file-validate /usr/share/applications/switchboard.desktop || fail "desktop-file-validate"
appstreamcli validate --no-net /usr/share/metainfo/io.switchboard.Switchboard.metainfo.xml > "$work/appstream.log" 2>&1 \
    || { cat "$work/appstream.log"; fail "appstreamcli validate"; }
ok "switchboard.desktop, io.switchboard.Switchboard.metainfo.xml"

step "apt-get remove --purge switchboard"
apt-get remove --purge "${apt_opts[@]}" switchboard > "$work/apt-purge.log" 2>&1 || { cat "$work/apt-purge.log"; fail "apt-get remove --purge"; }
if dpkg-query -W -f '${Status}' switchboard 2>/dev/null | grep -q installed; then fail "switchboard is still installed"; fi
left=()
while read -r path; do
    if [ -e "$path" ] || [ -L "$path" ]; then
        # A directory shared with other packages (/usr, /usr/share/man/man1, ...) rightly stays.
        if [ -d "$path" ] && [ ! -L "$path" ] && dpkg -S "$path" >/dev/null 2>&1; then continue; fi
        if [ -d "$path" ] && [ -n "$(ls -A "$path")" ] && [[ $path != */switchboard ]]; then continue; fi
        left+=("$path")
    fi
done < "$work/dpkg-L"
for path in /etc/switchboard /var/lib/switchboard /usr/share/switchboard /usr/share/doc/switchboard; do
    if [ -e "$path" ]; then left+=("$path"); fi
done
[ ${#left[@]} -eq 0 ] || fail "left behind after purge: ${left[*]}"
ok "purged: the $(wc -l < "$work/dpkg-L") listed paths, /etc/switchboard and /var/lib/switchboard are gone"
if getent passwd switchboard >/dev/null; then
    ok "the system user switchboard stays (Debian policy; 'deluser --system switchboard' removes it)"
fi
installed_by_us=1   # cleanup: purge the pulled-in dependencies and the user this run created

printf '\ntest-deb: PASSED in %ds (packages in %s: %s, %s, %s)\n' $((SECONDS - start)) "$build" "$deb" "${rpms[0]}" "${tgzs[0]}"
