# rootwrap-native capability profile for neutron (network and compute nodes).
#
# Filters: Debian 12 neutron-common 2:21.0.0, /etc/neutron/rootwrap.d/rootwrap.filters.
# Use it from /etc/neutron/rootwrap.conf:
#   capability_profiles = /usr/share/rootwrap-native/profiles/neutron.profile
# Each filter keeps only the capabilities below (rootwrap-native(8), rootwrap.conf(5)).
#
# How the sets were chosen:
# - The command runs as uid 0. Files and sockets root owns are reachable by their mode
#   bits alone; CAP_DAC_OVERRIDE is for files of other owners, here neutron's state
#   folders (/var/lib/neutron/{dhcp,ra,ha_confs,external}) where the daemons write
#   their pid, lease and state files.
# - A chaining filter declares what the wrapper itself needs: the command run by
#   `ip netns exec NS CMD` keeps the union of ip_exec's declaration and its own filter's.
# - A set that is too small makes the command fail (EPERM/EACCES); it never runs
#   with more. Try a profile with undeclared_capabilities=bound first.

[Capabilities]
# neutron.privileged.default: SYS_ADMIN, NET_ADMIN, DAC_OVERRIDE, DAC_READ_SEARCH,
# SYS_PTRACE; capset() only drops, so the helper must start with all of them
# (DAC_OVERRIDE also lets it reach the socket in neutron's 0700 temp folder).
privsep: CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE

# `sleep N` is a debugging aid and needs nothing.
sleep:

# ip link/addr/route/rule/neigh: CAP_NET_ADMIN. `ip netns add|delete` (unshare,
# bind-mount under /run/netns) and `ip -n NS` (setns): CAP_SYS_ADMIN.
ip: CAP_NET_ADMIN, CAP_SYS_ADMIN

# `ip netns exec NS CMD`: setns() and the private mount namespace with /sys
# remounted need CAP_SYS_ADMIN; CMD (dnsmasq, haproxy, radvd, keepalived...) adds
# its own filter's declaration.
ip_exec: CAP_SYS_ADMIN

# The metadata proxy binds port 80 and its config says `user`/`group` (setgroups,
# setgid, setuid); its pid file is in /var/lib/neutron/external.
haproxy: CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE

# DHCP/DNS: ports 53 and 67, raw ICMP/packet sockets, ARP cache and interface
# ioctls; it keeps NET_ADMIN/NET_RAW across its own setuid (which fails without
# CAP_SETUID/CAP_SETGID); pid, lease and host files in /var/lib/neutron/dhcp.
dnsmasq: CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE

# DHCPv6 prefix delegation client: port 546, binds to an interface, installs the
# delegated prefix; its work folder belongs to neutron.
dibbler-client: CAP_NET_ADMIN, CAP_NET_RAW, CAP_NET_BIND_SERVICE, CAP_DAC_OVERRIDE

# Router advertisements: a raw ICMPv6 socket; `-u USER` drops to neutron's user;
# config and pid file in /var/lib/neutron/ra. Its /proc/sys writes need only uid 0.
radvd: CAP_NET_RAW, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE

# VRRP: raw IP protocol 112 and gratuitous ARP (NET_RAW), VIPs and routes
# (NET_ADMIN); notify scripts may run as keepalived_script (SETUID/SETGID); pid and
# state files in /var/lib/neutron/ha_confs.
keepalived: CAP_NET_ADMIN, CAP_NET_RAW, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE

# The HA state monitor watches addresses (netlink needs no capability), drops to
# --user/--group, and keeps its pid and socket in /var/lib/neutron/ha_confs.
keepalived_state_change: CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE

# OVS clients only talk to ovs-vswitchd / ovsdb-server over their unix sockets: root's
# on Debian (nothing needed), the openvswitch user's on Fedora/RHEL (DAC_OVERRIDE).
ovs-ofctl: CAP_DAC_OVERRIDE
ovsdb-client: CAP_DAC_OVERRIDE

# The implicit privsep-helper filter serves neutron's other contexts: dhcp_release_cmd
# and ovs_vsctl_cmd (SYS_ADMIN, NET_ADMIN), namespace_cmd (SYS_ADMIN), conntrack_cmd
# (NET_ADMIN); with the socket's DAC_OVERRIDE. To pin it:
# privsep-helper: CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_DAC_OVERRIDE
