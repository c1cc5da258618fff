#!/bin/bash

# Delete the link to the binary
# update-alternatives --remove <name> <path>: 'path' must be the registered alternative binary,
# not the generic symlink — see https://man7.org/linux/man-pages/man1/update-alternatives.1.html
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload the profile from the running kernel before deleting the file so the
  # policy is not left enforced until the next reboot.  Mirror the chroot guard
  # used in the after-install script — live AppArmor operations are not
  # meaningful inside a chroot.
  # https://wiki.debian.org/AppArmor/HowToUse
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
# ---- Passerelle (build/linux/after-remove.sh) -------------------------------------------------
# Everything above is electron-builder's own after-remove template (templates/linux/after-remove.tpl),
# kept line for line (tests/build/deb-scripts.test.ts). dpkg calls this script as:
# postrm remove | purge | upgrade <new version> | … ; the timers were stopped by before-remove.sh.

case "$1" in
  remove | purge)
    # The kiosk settings written by passerelle-kiosk-setup name scripts that are gone now: without
    # them LightDM would log the kiosk account into a session that cannot start. /etc/passerelle
    # stays until purge, so reinstalling the package sets the kiosk up again.
    rm -f /etc/lightdm/lightdm.conf.d/50-passerelle-kiosk.conf /etc/X11/xorg.conf.d/50-passerelle-kiosk.conf \
      /etc/systemd/logind.conf.d/50-passerelle-kiosk.conf
    if [ -d /run/systemd/system ] && type systemctl >/dev/null 2>&1; then
      systemctl daemon-reload || true
    fi
    ;;
esac

if [ "$1" = purge ]; then
  # The machine's store (enrolment, outbox), the SMART spool and the update downloads. The kiosk
  # account itself is a person-facing account: removing it is the technician's call (userdel -r).
  rm -rf /etc/passerelle /var/lib/passerelle
fi
