# rootwrap-native capability profile for nova (compute nodes).
#
# Filters: Debian 12 nova-compute 2:26.2.2, /etc/nova/rootwrap.d/compute.filters.
# Use it from /etc/nova/rootwrap.conf:
#   capability_profiles = /usr/share/rootwrap-native/profiles/nova.profile
# Each filter keeps only the capabilities below (rootwrap-native(8), rootwrap.conf(5)).
#
# How the sets were chosen:
# - Both filters start privsep-helper. The helper connects, still privileged, to the
#   socket the nova process made in its own 0700 mkdtemp() folder, then capset()s
#   itself down to its context's list. So it needs that list (capset can only drop)
#   plus CAP_DAC_OVERRIDE for the connect; it drops the extra one itself.
# - If [privsep_osbrick] or [nova_sys_admin] set user/group in nova.conf, the helper
#   also setuid()s: add CAP_SETUID, CAP_SETGID to that filter.
# - A set that is too small makes the command fail (EPERM/EACCES); it never runs
#   with more. Try a profile with undeclared_capabilities=bound first.

[Capabilities]
# os_brick.privileged.default: [CAP_SYS_ADMIN] (+ CAP_DAC_READ_SEARCH only when
# os-brick runs from a virtualenv), + DAC_OVERRIDE to reach the privsep socket.
privsep-rootwrap-os_brick: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE

# nova.privsep.sys_admin_pctxt: CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER,
# NET_ADMIN, SYS_ADMIN (DAC_OVERRIDE already covers the socket).
privsep-rootwrap-sys_admin: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN

# The implicit privsep-helper filter (any --privsep_context) also serves the contexts
# that compute.filters does not name: nova.privsep.dacnet_admin_pctxt (CHOWN,
# DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, NET_ADMIN) and os-vif's vif_plug_ovs /
# vif_plug_linux_bridge (NET_ADMIN). Their union is the sys_admin set above; it is
# left undeclared here because the set of contexts depends on the plugins installed.
# To pin it:
# privsep-helper: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN

# The implicit privsep-helper filter (any context): the union of nova's two contexts above, which capset() to their own lists
privsep-helper: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN
