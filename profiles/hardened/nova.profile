# rootwrap-native hardened policy for nova (Debian 12), read after the capability profile,
# with undeclared capabilities refused:
#
#   capability_profiles = /usr/share/rootwrap-native/profiles/nova.profile,
#                         /usr/share/rootwrap-native/profiles/hardened/nova.profile
#   undeclared_capabilities = deny
#
# Nova's filter file stays as it is. Each entry only refuses more: it admits the command
# lines nova, os-brick and os-vif build (tests/isolation/legit/nova.json), and no
# configuration file the caller could have written, no logging configuration (it runs
# code) and no context of the caller's choice. What a privsep daemon then serves its
# client with its context's capabilities stays nova's: docs/isolation.md.

[Arguments]
# privsep-helper (oslo_privsep priv_context.helper_command): nova.conf, and nova-compute.conf once it exists, both root's and under root's folders; one of the contexts nova uses
privsep-helper.files1: --config-file, trusted:/etc/nova/[^/]+, --privsep_context, (os_brick\.privileged\.default|nova\.privsep\.sys_admin_pctxt|vif_plug_ovs\.privsep\.vif_plug|vif_plug_linux_bridge\.privsep\.vif_plug), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
privsep-helper.files2: --config-file, trusted:/etc/nova/[^/]+, --config-file, trusted:/etc/nova/[^/]+, --privsep_context, (os_brick\.privileged\.default|nova\.privsep\.sys_admin_pctxt|vif_plug_ovs\.privsep\.vif_plug|vif_plug_linux_bridge\.privsep\.vif_plug), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
# privsep-rootwrap-os_brick: its "/etc/(?!\.\.).*" admits /etc/./../tmp/x.conf; only nova's own root-owned files here
privsep-rootwrap-os_brick.std: --config-file, trusted:/etc/nova/[^/]+, --privsep_context, os_brick\.privileged\.default, --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
# privsep-rootwrap-sys_admin: likewise, for nova's sys_admin context
privsep-rootwrap-sys_admin.std: --config-file, trusted:/etc/nova/[^/]+, --privsep_context, nova\.privsep\.sys_admin_pctxt, --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
