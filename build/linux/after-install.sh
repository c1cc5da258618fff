#!/bin/bash

if type update-alternatives >/dev/null 2>&1; then
    # Remove previous link if it doesn't use update-alternatives
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Install apparmor profile. (Ubuntu 24+)
# First check if the version of AppArmor running on the device supports our profile.
# This is in order to keep backwards compatibility with Ubuntu 22.04 which does not support abi/4.0.
# In that case, we just skip installing the profile since the app runs fine without it on 22.04.
#
# Those apparmor_parser flags are akin to performing a dry run of loading a profile.
# https://wiki.debian.org/AppArmor/HowToUse#Dumping_profiles
#
# Unfortunately, at the moment AppArmor doesn't have a good story for backwards compatibility.
# https://askubuntu.com/questions/1517272/writing-a-backwards-compatible-apparmor-profile
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"

    # Updating the current AppArmor profile is not possible and probably not meaningful in a chroot'ed environment.
    # Use cases are for example environments where images for clients are maintained.
    # There, AppArmor might correctly be installed, but live updating makes no sense.
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      # Extra flags taken from dh_apparmor:
      # > By using '-W -T' we ensure that any abstraction updates are also pulled in.
      # https://wiki.debian.org/AppArmor/Contribute/FirstTimeProfileImport
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

# ---- Passerelle (build/linux/after-install.sh) ------------------------------------------------
# Everything above is electron-builder's own after-install template (templates/linux/after-install.tpl),
# kept line for line: a custom deb.afterInstall replaces it, and its chrome-sandbox and AppArmor steps
# are what lets Electron start on Ubuntu 24.04. tests/build/deb-scripts.test.ts fails when the two
# drift apart. electron-builder fills in the two macros written as dollar-brace executable and
# sanitizedProductName; any other dollar-brace word would stop the build, so the lines below use
# plain $name variables.
#
# dpkg calls this script as: postinst configure [previously installed version].

# The scripts placed by deb.fpm (electron-builder.yml) must be executable whatever the checkout did.
for script in /usr/libexec/passerelle/passerelle-kiosk-session /usr/libexec/passerelle/passerelle-kiosk-cleanup \
  /usr/libexec/passerelle/passerelle-update /usr/libexec/passerelle/passerelle-smart-spool /usr/sbin/passerelle-kiosk-setup; do
  chmod 0755 "$script" || true
done

# A kiosk set up with passerelle-kiosk-setup gets this version's LightDM, Xorg and logind settings.
if [ -x /usr/sbin/passerelle-kiosk-setup ]; then
  /usr/sbin/passerelle-kiosk-setup refresh || true
fi

# The SMART spool and the unattended update timers: enabled on the first install only, so that a
# technician who turned one off keeps it off across updates. `systemctl enable` only writes symlinks
# and works in a chroot (disk images); starting needs a running systemd.
if type systemctl >/dev/null 2>&1; then
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
  fi
  if [ "$1" = configure ] && [ -z "$2" ]; then
    systemctl enable passerelle-smart-spool.timer passerelle-update.timer || true
  fi
  if [ -d /run/systemd/system ] && ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; }; then
    systemctl start passerelle-smart-spool.timer passerelle-update.timer || true
  fi
fi
