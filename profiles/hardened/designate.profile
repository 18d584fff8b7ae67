# rootwrap-native hardened policy for designate (Debian 12), read after the capability
# profile, with undeclared capabilities refused:
#
#   capability_profiles = /usr/share/rootwrap-native/profiles/designate.profile,
#                         /usr/share/rootwrap-native/profiles/hardened/designate.profile
#   undeclared_capabilities = deny
#
# Designate's filter files stay as they are. Each entry only refuses more: it admits the
# command lines designate builds (tests/isolation/legit/designate.json) and nothing else.

[Arguments]
# tcpclient (backend/agent_backend/impl_djbdns.py): only axfr-get of one zone into the djbdns data folder, never a program of the caller's
tcpclient.axfr: [0-9a-fA-F.:]+, [0-9]+, axfr-get, [a-zA-Z0-9._-]+, /var/lib/djbdns/datafiles/[a-zA-Z0-9._-]+\.zonedata, /var/lib/djbdns/datafiles/[a-zA-Z0-9._-]+\.ztmp
# privsep-helper: designate defines no privsep context
privsep-helper.unused: (?!)
