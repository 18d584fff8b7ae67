# rootwrap-native capability profile for neutron, matching the filter file Debian 12 ships
# (neutron-common 2:21.0.0: /etc/neutron/rootwrap.d/rootwrap.filters).
#
#   capability_profiles = /usr/share/rootwrap-native/profiles/neutron.profile
#
# Each filter keeps the least capabilities its command needs on a default deployment
# (Open vSwitch running as root, neutron's state in /var/lib/neutron owned by neutron).
# Root keeps owner access to root-owned files and devices without any capability; what
# belongs to neutron needs CAP_DAC_OVERRIDE. A missing capability shows up as EPERM or
# EACCES in that command's own error. ip_exec is a chain: it keeps its own declaration
# plus the declaration of the filter the command inside the namespace matched.
[Capabilities]
# privsep-helper for neutron.privileged.default: keeps exactly that context's list; CAP_DAC_OVERRIDE also reaches the caller's socket in its 0700 temp folder
privsep: CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, CAP_KILL, CAP_NET_RAW
# sleep needs no privilege at all
sleep:
# ip: CAP_NET_ADMIN for links, addresses, routes and neighbours; CAP_SYS_ADMIN for netns add/delete and -netns (setns, the /run/netns bind mounts)
ip: CAP_NET_ADMIN, CAP_SYS_ADMIN
# ip netns exec: CAP_SYS_ADMIN for setns and the private mount namespace with /sys remounted; the command inside adds its own filter's capabilities
ip_exec: CAP_SYS_ADMIN
# haproxy (metadata proxy): CAP_NET_BIND_SERVICE for port 80, CAP_SETUID/CAP_SETGID to become neutron, CAP_DAC_OVERRIDE for its pid file in neutron's folder
haproxy: CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE
# dnsmasq: ports 53/67 (NET_BIND_SERVICE), DHCP raw packets and ARP entries (NET_RAW, NET_ADMIN), dropping to its user (SETUID, SETGID), pid/lease files in neutron's folder (DAC_OVERRIDE)
dnsmasq: CAP_NET_BIND_SERVICE, CAP_NET_RAW, CAP_NET_ADMIN, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE
# dibbler-client (prefix delegation): DHCPv6 client port 546 (NET_BIND_SERVICE), interface-bound sockets (NET_RAW), its work folder in neutron's folder (DAC_OVERRIDE), and its notify.sh (neutron-pd-notify) signals the L3 agent, a process of neutron's (KILL)
dibbler-client: CAP_NET_BIND_SERVICE, CAP_NET_RAW, CAP_DAC_OVERRIDE, CAP_KILL
# radvd: raw ICMPv6 socket (NET_RAW), drops to the user neutron passes with -u (SETUID, SETGID), pid file in neutron's folder (DAC_OVERRIDE)
radvd: CAP_NET_RAW, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE
# keepalived: VIPs and routes (NET_ADMIN), VRRP and gratuitous ARP (NET_RAW), credentials of notify scripts (SETUID, SETGID), pid/state files in neutron's folder (DAC_OVERRIDE)
keepalived: CAP_NET_ADMIN, CAP_NET_RAW, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE
# neutron-keepalived-state-change: enters the router's namespace itself (pyroute2's setns: SYS_ADMIN), its state, log and pid files in neutron's folders (DAC_OVERRIDE); it never drops privileges (MonitorDaemon.run skips Daemon.run) and makes no privsep call (client mode off)
keepalived_state_change: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# ovs-ofctl speaks to ovs-vswitchd over a root-owned unix socket: uid 0 owns it, no capability needed
ovs-ofctl:
# ovsdb-client speaks to ovsdb-server over a root-owned unix socket: no capability needed
ovsdb-client:
# privsep-helper for every neutron context (the `privsep` PathFilter never matches: its base "/etc/(?!\.\.).*" is a regexp, not a folder): default's list (SYS_ADMIN, NET_ADMIN, DAC_OVERRIDE, DAC_READ_SEARCH, SYS_PTRACE) covers the others
privsep-helper: CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, CAP_KILL, CAP_NET_RAW

# The privsep daemons drop themselves to their context's capabilities; the commands they
# run (kill -HUP of dnsmasq, which runs as nobody; kill of haproxy, radvd and the agent's
# own children; arping, whose file capability cap_net_raw=ep the kernel refuses to start
# under a smaller set) need CAP_KILL and CAP_NET_RAW back at exec, as they get everything
# back with oslo.rootwrap. With no_new_privs they would be capped at the daemon's own set;
# without it, as uid 0, they get at most the bounding set above (docs/SPEC.md, section 8).
[NoNewPrivs]
# privsep (neutron's own PathFilter for privsep-helper): its children as privsep-helper's
privsep: off
# privsep-helper: kill, arping and the other commands the privsep daemons run get CAP_KILL, CAP_NET_RAW back
privsep-helper: off
