# SPDX-License-Identifier: MIT
# switchboard %preun ($1: 0 = erase, 1 = upgrade): stop and disable the service when the package goes away.
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
    systemctl disable --now switchboard.service >/dev/null 2>&1 || :
fi
