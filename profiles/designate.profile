# rootwrap-native capability profile for designate (nodes that drive a DNS server).
#
# Filters: Debian designate-common 1:15.0.2, /etc/designate/rootwrap.d/
# bind9.filters, djbdns.filters, knot2.filters.
# Use it from /etc/designate/rootwrap.conf:
#   capability_profiles = /usr/share/rootwrap-native/profiles/designate.profile
# Each filter keeps only the capabilities below (rootwrap-native(8), rootwrap.conf(5)).
# A set that is too small makes the command fail (EPERM/EACCES); it never runs with
# more. Try a profile with undeclared_capabilities=bound first.

[Capabilities]
# bind9: rndc reads /etc/bind/rndc.key (root:bind 0640, readable by uid 0 as owner)
# and talks to named over TCP 127.0.0.1:953 from an unprivileged port: nothing.
rndc:

# djbdns: `tcpclient HOST 53 axfr-get ZONE FILE TMP` execs axfr-get with the same set,
# which writes the zone into the tinydns data folder (not root's): DAC_OVERRIDE.
tcpclient: CAP_DAC_OVERRIDE
# axfr-get, exec'd by tcpclient, writes the zone file in tinydns's folder
axfr-get: CAP_DAC_OVERRIDE

# tinydns-data rebuilds data.cdb in the tinydns root (owned by its account).
tinydns-data: CAP_DAC_OVERRIDE

# knot: knotc talks to knotd over /run/knot/knot.sock, owned by the knot user.
knotc: CAP_DAC_OVERRIDE

# The implicit privsep-helper filter: designate starts no privsep daemon, so a helper started through rootwrap keeps nothing
privsep-helper:
