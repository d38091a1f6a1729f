# SPDX-License-Identifier: MIT
# switchboard %post ($1: 1 = install, 2 = upgrade). Best effort for Fedora/RHEL-like systems: the service's
# user (from /usr/lib/sysusers.d/switchboard.conf), /etc/switchboard/switchboard.conf created once with a
# generated API token, systemd reloaded. The service is not enabled.
if ! getent passwd switchboard >/dev/null; then
    if command -v systemd-sysusers >/dev/null 2>&1; then
        systemd-sysusers /usr/lib/sysusers.d/switchboard.conf || :
    else
        useradd --system --user-group --home-dir /var/lib/switchboard --no-create-home \
            --shell /sbin/nologin --comment "Switchboard softphone server" switchboard || :
    fi
fi
if [ ! -d /etc/switchboard ]; then
    mkdir -p /etc/switchboard
    chown root:switchboard /etc/switchboard
    chmod 0750 /etc/switchboard
fi
if [ ! -e /etc/switchboard/switchboard.conf ]; then
    token=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
    sed "s/^api-token=\$/api-token=$token/" /usr/share/switchboard/switchboard.conf > /etc/switchboard/switchboard.conf.new
    chown root:switchboard /etc/switchboard/switchboard.conf.new
    chmod 0640 /etc/switchboard/switchboard.conf.new
    mv /etc/switchboard/switchboard.conf.new /etc/switchboard/switchboard.conf
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    if [ "$1" -ge 2 ]; then
        systemctl try-restart switchboard.service >/dev/null 2>&1 || :
    fi
fi
