# SPDX-License-Identifier: MIT
# switchboard %postun ($1: 0 = erase, 1 = upgrade). RPM has no purge: /etc/switchboard (configuration and
# API token), /var/lib/switchboard (the call database) and the user switchboard are kept; delete them by hand.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
