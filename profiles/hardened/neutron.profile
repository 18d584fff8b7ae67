# rootwrap-native hardened policy for neutron (Debian 12, neutron 21), read after the
# capability profile, with undeclared capabilities refused:
#
#   capability_profiles = /usr/share/rootwrap-native/profiles/neutron.profile,
#                         /usr/share/rootwrap-native/profiles/hardened/neutron.profile
#   undeclared_capabilities = deny
#
# Debian's filter file stays as it is (oslo.rootwrap ignores these sections). Every entry
# only refuses more: it admits the command lines neutron's code builds
# (tests/isolation/legit/neutron.json cites each one's function) and nothing that lets the
# caller choose what runs as root. docs/isolation.md has what each entry stops, and what
# stays root whatever the policy (privsep-helper's default context).

[Chains]
# ip netns exec runs only the daemons neutron starts in its namespaces, and ip itself (its
# shape below, and no netns exec: neutron-debug's probe-exec, plugins of older releases);
# never privsep-helper (whose declaration is the largest) nor a path of the caller's.
ip_exec: dnsmasq, haproxy, keepalived, radvd, dibbler-client, ip

# ip netns exec: the helper enters the namespace itself, as ip does (setns, a private mount
# namespace with the namespace's own /sys), and runs the daemon with its own declaration
# alone: run by ip, each would also hold ip_exec's CAP_SYS_ADMIN.
[Namespaces]
ip_exec: enter

# haproxy reads a configuration neutron writes, in neutron's folder: whoever is neutron can
# add a lua-load or an external-check there. It runs as neutron, as its own "user neutron"
# line would have it, keeping only port 80 (its pid file and the metadata socket are
# neutron's already), so such a configuration runs nothing as root.
#
# dibbler-client reads client.conf and runs its notify.sh, both in neutron's prefix
# delegation folder, and writes its log and state files there: as root, a symlink or a
# script there is root's. It runs as neutron with the DHCPv6 client port alone (the
# prefix arrives, notify.sh runs as neutron and signals the agent, which is neutron's).
# neutron-keepalived-state-change writes its state, log and pid files in neutron's folders
# (a symlink there would be written as root): it runs as neutron, keeping CAP_SYS_ADMIN
# for the setns into the router's namespace (pyroute2), which it makes itself.
[RunAs]
haproxy: neutron
keepalived: neutron
dibbler-client: neutron
keepalived_state_change: neutron

[Capabilities]
haproxy: CAP_NET_BIND_SERVICE
keepalived: CAP_NET_ADMIN, CAP_NET_RAW
dibbler-client: CAP_NET_BIND_SERVICE
keepalived_state_change: CAP_SYS_ADMIN

[Arguments]
# ip: every plain ip call of neutron 21 goes through privsep; no batch file or stdin
# (whose lines may say "netns exec"), no -force, no vrf (ip vrf exec runs any program).
ip: (?!--?b(a(t(c(h)?)?)?)?$)(?!--?f(o(r(c(e)?)?)?)?$)(?!vr?f?$).*, ...
# ip netns exec: only neutron's own namespaces.
ip_exec: netns, exec, (qrouter|qdhcp|snat|fip|ovnmeta)-[0-9a-f-]+
# dnsmasq (dhcp.py Dnsmasq._build_cmdline_callback): each option one neutron writes, its
# files in the network's folder, the configuration /dev/null or the operator's root-owned
# dnsmasq_config_file (add it here when set); no --dhcp-script, --conf-dir, --log-facility,
# no file outside the network's folder (--addn-hosts=/etc/shadow would serve it over DNS).
dnsmasq: --no-hosts|--no-resolv|--no-ping|--local-service|--bind-interfaces|--bind-dynamic|--dhcp-authoritative|--dhcp-rapid-commit|--enable-ra|--leasefile-ro|--dhcp-broadcast|--log-queries|--log-dhcp|--strict-order|--pid-file=/var/lib/neutron/dhcp/[0-9a-f-]+/pid|--dhcp-hostsfile=/var/lib/neutron/dhcp/[0-9a-f-]+/host|--addn-hosts=/var/lib/neutron/dhcp/[0-9a-f-]+/addn_hosts|--dhcp-optsfile=/var/lib/neutron/dhcp/[0-9a-f-]+/opts|--dhcp-leasefile=/var/lib/neutron/dhcp/[0-9a-f-]+/leases|--dhcp-match=set:[a-z0-9]+\x2c[0-9]+|--dhcp-userclass=set:[a-z0-9]+\x2c[A-Za-z0-9]+|--dhcp-range=set:[a-z0-9-]+\x2c[0-9a-f.:/]+(\x2c[a-z0-9.:]+)*|--dhcp-option-force=option:[a-z0-9-]+\x2c[0-9a-zA-Z.:]+|--dhcp-lease-max=[0-9]+|--domain=[a-zA-Z0-9.-]+|--interface=[a-z0-9-]+|--except-interface=lo|--server=[0-9a-f.:#]+|--dhcp-ignore-names|--port=[0-9]+|--dns-forward-max=[0-9]+|--cache-size=[0-9]+|--ra-param=[a-z0-9-]+\x2c[0-9]+\x2c[0-9]+|--conf-file=/dev/null, ...
# haproxy (metadata driver): only the proxy configuration neutron writes for a router or
# network. Its folder is neutron's, so the file is the caller's: haproxy runs as neutron
# (capability_user) or under the capabilities below, never as a root that a lua-load or an
# external-check in that file could use.
haproxy: -f, /var/lib/neutron/(ns|ovn)-metadata-proxy/[0-9a-f-]+\.conf
# keepalived (keepalived.py KeepalivedManager): the router's files, no --namespace or
# other option; the configuration is neutron's own file: see [Capabilities] below.
keepalived: -P, -f, /var/lib/neutron/ha_confs/[0-9a-f-]+/keepalived\.conf, -p, /var/lib/neutron/ha_confs/[0-9a-f-]+\.pid\.keepalived, -r, /var/lib/neutron/ha_confs/[0-9a-f-]+\.pid\.keepalived-vrrp, -D, ...
# radvd (ra.py DaemonMonitor._spawn_radvd): the router's files, dropping to neutron.
radvd: -C, /var/lib/neutron/ra/[0-9a-f-]+\.radvd\.conf, -p, /var/lib/neutron/external/pids/[0-9a-f-]+\.pid\.radvd, -m, syslog, -u, neutron
# dibbler-client (dibbler.py PDDibbler): start or stop in the prefix delegation folder.
dibbler-client: start|stop, -w, /var/lib/neutron/pd/[0-9a-f-]+:[0-9a-f-]+:[a-z0-9-]+
# neutron-keepalived-state-change (ha_router.py): its options, no --log-config-append,
# --config-file or --config-dir of the caller's (its logging configuration runs code).
keepalived_state_change: --router_id=[0-9a-f-]+|--namespace=qrouter-[0-9a-f-]+|--conf_dir=/var/lib/neutron/ha_confs/[0-9a-f-]+|--log-file=/var/lib/neutron/ha_confs/[0-9a-f-]+/neutron-keepalived-state-change\.log|--monitor_interface=ha-[0-9a-f-]+|--monitor_cidr=[0-9./]+|--pid_file=/var/lib/neutron/external/pids/[0-9a-f-]+\.monitor\.pid\.neutron-keepalived-state-change-monitor|--state_path=/var/lib/neutron|--user=[0-9]+|--group=[0-9]+|--debug, ...
# privsep-helper (oslo_privsep priv_context.helper_command, daemon.RootwrapClientChannel):
# one to three root-owned --config-file (and a --config-dir) under /etc/neutron, one of
# neutron's contexts, a socket in the client's fresh temp folder. No --log-config-append
# (a logging configuration runs code), no configuration the caller could have written, no
# context of the caller's choice.
privsep-helper.files1: --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --privsep_context, neutron\.privileged\.(default|namespace_cmd|link_cmd|conntrack_cmd|dhcp_release_cmd|ovs_vsctl_cmd), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
privsep-helper.files1dir: --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-dir, trusted:/etc/neutron/[^/]+(/[^/]+)*, --privsep_context, neutron\.privileged\.(default|namespace_cmd|link_cmd|conntrack_cmd|dhcp_release_cmd|ovs_vsctl_cmd), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
privsep-helper.files2: --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --privsep_context, neutron\.privileged\.(default|namespace_cmd|link_cmd|conntrack_cmd|dhcp_release_cmd|ovs_vsctl_cmd), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
privsep-helper.files2dir: --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-dir, trusted:/etc/neutron/[^/]+(/[^/]+)*, --privsep_context, neutron\.privileged\.(default|namespace_cmd|link_cmd|conntrack_cmd|dhcp_release_cmd|ovs_vsctl_cmd), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
privsep-helper.files3: --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --privsep_context, neutron\.privileged\.(default|namespace_cmd|link_cmd|conntrack_cmd|dhcp_release_cmd|ovs_vsctl_cmd), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
privsep-helper.files3dir: --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-file, trusted:/etc/neutron/[^/]+(/[^/]+)*, --config-dir, trusted:/etc/neutron/[^/]+(/[^/]+)*, --privsep_context, neutron\.privileged\.(default|namespace_cmd|link_cmd|conntrack_cmd|dhcp_release_cmd|ovs_vsctl_cmd), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
