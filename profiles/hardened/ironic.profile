# rootwrap-native hardened policy for ironic (Debian 12), read after the capability
# profile, with undeclared capabilities refused:
#
#   capability_profiles = /usr/share/rootwrap-native/profiles/ironic.profile,
#                         /usr/share/rootwrap-native/profiles/hardened/ironic.profile
#   undeclared_capabilities = deny
#
# Ironic's filter file stays as it is. No code in python3-ironic runs mount, umount or
# privsep-helper through rootwrap (tests/isolation/legit/ironic.json: the helpers exist,
# nothing calls them; ironic defines no privsep context), so nothing of theirs is admitted.

[Arguments]
# mount: ironic.common.utils.mounted() is never called; a blank mount is root (mount --bind over any file)
mount.unused: (?!)
# umount: the same helper's other half, never called
umount.unused: (?!)
# privsep-helper: ironic defines no privsep context
privsep-helper.unused: (?!)
