# rootwrap-native capability profile for ironic (conductor nodes).
#
# Filters: Debian 12 ironic-common 1:21.4.4, /etc/ironic/rootwrap.d/ironic-utils.filters.
# Use it from /etc/ironic/rootwrap.conf:
#   capability_profiles = /usr/share/rootwrap-native/profiles/ironic.profile
# Each filter keeps only the capabilities below (rootwrap-native(8), rootwrap.conf(5)).
# A set that is too small makes the command fail (EPERM/EACCES); it never runs with
# more. Try a profile with undeclared_capabilities=bound first.

[Capabilities]
# ironic/common/utils.py mounts deploy and config-drive images, loop-backed, from
# ironic's own folders: mount(2) needs CAP_SYS_ADMIN; opening an ironic-owned image
# read-write for the loop device needs CAP_DAC_OVERRIDE.
mount: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE

# umount(2): CAP_SYS_ADMIN; the mount points lie under ironic's state folder
# (search permission: CAP_DAC_READ_SEARCH).
umount: CAP_SYS_ADMIN, CAP_DAC_READ_SEARCH

# The implicit privsep-helper filter: ironic's sys_admin privsep context list (CHOWN, DAC_*, FOWNER, NET_ADMIN, SYS_ADMIN), DAC_OVERRIDE also reaching the caller's socket
privsep-helper: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN
