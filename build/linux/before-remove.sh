#!/bin/sh
# Passerelle's prerm (passed to fpm as --before-remove by electron-builder.yml's deb.fpm). dpkg calls
# it as: prerm remove | upgrade <new version> | … Only a real removal stops and disables the timers;
# an upgrade keeps them as the technician left them.
set -e

if [ "$1" = remove ] && type systemctl >/dev/null 2>&1; then
  systemctl disable passerelle-update.timer passerelle-smart-spool.timer || true
  if [ -d /run/systemd/system ]; then
    systemctl stop passerelle-update.timer passerelle-smart-spool.timer || true
  fi
fi
exit 0
