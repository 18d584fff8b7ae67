#!/usr/bin/python3
"""Drives Debian's own neutron agent code through a root helper, as the agents do.

Run as the neutron account (tests/suites.d/70-neutron.sh):

    python3 drive.py --mode helper|daemon --conf ROOTWRAP.CONF --state-dir DIR --tag TAG

The agent's oslo.config is set up as neutron-dhcp-agent and neutron-l3-agent set theirs
up ([AGENT] root_helper = "sudo HELPER CONF", and in daemon mode root_helper_daemon =
"sudo DAEMON CONF"; config.setup_privsep(), so every privsep daemon starts as
"sudo HELPER CONF privsep-helper --config-file ... --privsep_context ..."). Then each
operation is neutron's own code path, and each prints one JSON line:

    {"op": "...", "ok": true|false, "detail": "..."}

Everything runs inside network namespaces this run creates (names carry TAG), with
neutron's state (state_path, external_pids, dhcp_confs, ...) in DIR. Namespaces,
processes and files are removed at the end, also after a failure.
"""
import argparse
import sys

# Every operation, in the order they run. The suite reports one missing from the output
# (a crash, a timeout) as a failure.
OPS = [
    "setup.config",
    "privsep.default", "privsep.namespace_cmd", "privsep.link_cmd", "privsep.dhcp_release_cmd",
    "privsep.conntrack_cmd", "privsep.ovs_vsctl_cmd", "privsep.namespace_cmd.delete",
    "setup.namespaces", "netns_exec.utils_execute", "netns_exec.ipwrapper",
    "dhcp.enable", "dhcp.reload", "dhcp.disable",
    "kill_process.neutron_user", "kill_process.other_user",
    "metadata.spawn", "metadata.destroy", "radvd.enable", "radvd.disable",
    "keepalived.spawn", "keepalived.disable",
    "state_change.spawn", "state_change.primary", "state_change.destroy",
    "pd.enable", "pd.disable", "arping.send_ip_addr_adv_notif",
    "iptables.apply", "ipset.manager", "conntrack.delete",
    "attack.privsep_execute", "attack.haproxy_config", "attack.keepalived_config",
    "attack.dibbler_script", "attack.state_change_log", "cleanup",
]
if sys.argv[1:] == ["--list-ops"]:
    print("\n".join(OPS))
    sys.exit(0)

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--mode", choices=("helper", "daemon"), required=True)
ap.add_argument("--conf", required=True, help="the rootwrap.conf the helper is given")
ap.add_argument("--helper", help="root helper binary (default: the reference for "
                "/etc/neutron/rootwrap.conf, else BASE/bin/rootwrap-native for "
                "BASE/neutron/VARIANT/rootwrap.conf)")
ap.add_argument("--daemon", help="root helper daemon binary (same defaults)")
ap.add_argument("--state-dir", required=True, help="an empty folder owned by neutron")
ap.add_argument("--tag", required=True, help="8 hex digits naming this run's resources")
ap.add_argument("--ops", help="comma list of operation prefixes to run (debugging)")
ap.add_argument("--agent-conf", help="the agent's configuration file (what a deployment keeps "
                "in /etc/neutron), written beforehand by root with --write-agent-conf; default: "
                "DIR/neutron.conf, written by this run as neutron")
ap.add_argument("--canary", help="a root-owned 0644 file the attacks try to overwrite "
                "(they run only when it is given)")
ap.add_argument("--write-agent-conf", action="store_true", help="write --agent-conf for these "
                "arguments and exit (run as root, so the file is root's as a hardened node keeps it)")
ARGS = ap.parse_args()

# As neutron/cmd/eventlet/__init__.py does before anything else.
from neutron.common import eventlet_utils  # noqa: E402
eventlet_utils.monkey_patch()

import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import pwd  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import eventlet  # noqa: E402
import psutil  # noqa: E402
from oslo_config import cfg  # noqa: E402

from neutron.agent import dhcp_agent  # noqa: E402
from neutron.agent import l3_agent  # noqa: E402
from neutron.common import config as common_config  # noqa: E402
from neutron.common import utils as common_utils  # noqa: E402
from neutron.conf.agent import common as agent_config  # noqa: E402

TAG = ARGS.tag.lower()
if not re.fullmatch(r"[0-9a-f]{8}", TAG):
    sys.exit("--tag must be 8 hex digits")
STATE = os.path.realpath(ARGS.state_dir)


def uid_(n):
    """A UUID of this run: TAG-000n-4000-8000-<random>."""
    return "%s-%04x-4000-8000-%s" % (TAG, n, os.urandom(6).hex())


RID = uid_(1)        # the router: qrouter-RID holds most of the test
NETID = uid_(2)      # the DHCP network: qdhcp-NETID
KILLID = uid_(3)     # a dnsmasq owned by another user, for kill_process
PEERID = uid_(4)     # the far end of the router's port (ARP receiver)
NS_R = "qrouter-" + RID
NS_PEER = "qpeer-" + PEERID
NS_PROBE = "qprobe-%s-%s" % (TAG, os.urandom(3).hex())
QR_PORT = uid_(5)
QR = "qr-" + QR_PORT[:11]        # the router's port, a veth into NS_PEER
PEER = "pr-" + QR_PORT[:11]
HA = "ha-" + uid_(6)[:11]        # the HA port keepalived speaks VRRP on
QG = "qg-" + uid_(8)[:11]        # the router's gateway port, prefix delegation asks there
PD_PEER = "pg-" + QG[3:]         # its far end, in NS_PEER: the delegating router
PD_SUBNET = uid_(9)
QR_MAC = "fa:16:3e:%02x:%02x:%02x" % tuple(os.urandom(3))
QR_IP, PEER_IP, VIP = "192.0.2.1", "192.0.2.2", "192.0.2.100"
QR_IP6 = "2001:db8:%s::1" % TAG[:4]


def out(op, ok, detail):
    print(json.dumps({"op": op, "ok": bool(ok), "detail": str(detail)[:1500]}), flush=True)


def wanted(op):
    return not ARGS.ops or any(op.startswith(p) for p in ARGS.ops.split(","))


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def err(e):
    try:
        s = "%s: %s" % (type(e).__name__, e)
    except Exception:
        s = "%s: %r" % (type(e).__name__, getattr(e, "args", ()))
    return re.sub(r"\s+", " ", s).strip()


# --- configuration, as the agents' main() does it --------------------------------------
def root_helpers():
    conf = os.path.realpath(ARGS.conf)
    helper, daemon = ARGS.helper, ARGS.daemon
    if conf == "/etc/neutron/rootwrap.conf":
        helper = helper or "neutron-rootwrap"
        daemon = daemon or "neutron-rootwrap-daemon"
    else:
        base = os.path.dirname(os.path.dirname(os.path.dirname(conf)))
        helper = helper or os.path.join(base, "bin", "rootwrap-native")
        daemon = daemon or os.path.join(base, "bin", "rootwrap-native-daemon")
    rh = "sudo %s %s" % (helper, conf)
    rhd = "sudo %s %s" % (daemon, conf) if ARGS.mode == "daemon" else ""
    return rh, rhd


def write_agent_conf(path):
    rh, rhd = root_helpers()
    # What a deployment's neutron.conf / dhcp_agent.ini / l3_agent.ini hold, pointed at
    # this run's state folder. The privsep daemons read it too (--config-file).
    with open(path, "w") as f:
        f.write("""[DEFAULT]
debug = True
use_syslog = False
state_path = {s}
external_pids = {s}/external/pids
dhcp_confs = {s}/dhcp
ha_confs_path = {s}/ha_confs
ra_confs = {s}/ra
metadata_proxy_socket = {s}/metadata_proxy
interface_driver = neutron.agent.linux.interface.NullDriver
host = rwn-{tag}

[AGENT]
root_helper = {rh}
root_helper_daemon = {rhd}
check_child_processes_interval = 0
kill_scripts_path = {s}/kill_scripts/

[oslo_concurrency]
lock_path = {s}/lock
""".format(s=STATE, tag=TAG, rh=rh, rhd=rhd))
    os.chmod(path, 0o644)
    return path


class Capture(logging.Handler):
    """Keeps the privsep daemons' own log lines (they come back over the channel)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        try:
            self.lines.append(record.getMessage())
        except Exception:
            pass


CAPTURE = Capture()


def setup():
    os.makedirs(STATE, exist_ok=True)
    if ARGS.agent_conf:
        # A hardened policy trusts only root's configuration (trusted: in its shapes), as
        # on a node whose /etc/neutron is root's: the suite wrote it (--write-agent-conf).
        conf_file = os.path.realpath(ARGS.agent_conf)
    else:
        conf_file = write_agent_conf(os.path.join(STATE, "neutron.conf"))
    # neutron-dhcp-agent's and neutron-l3-agent's option registrations.
    dhcp_agent.register_options(cfg.CONF)
    try:
        l3_agent.register_opts(cfg.CONF)
    except cfg.DuplicateOptError:
        pass
    common_config.init(["--config-file", conf_file])
    cfg.CONF.set_override("log_file", os.path.join(STATE, "agent.log"))
    common_config.setup_logging()
    agent_config.setup_privsep()
    logging.getLogger().addHandler(CAPTURE)
    return conf_file


# --- helpers ---------------------------------------------------------------------------
def privsep_exec(cmd, ns=None, ok_codes=(0,)):
    """A command through privsep's execute_process, in NS: (rc, stdout, stderr)."""
    from neutron.privileged.agent.linux import utils as priv_utils
    if ns:
        cmd = ["ip", "netns", "exec", ns] + list(cmd)
    o, e, rc = priv_utils.execute_process(cmd, None, None)
    if rc not in ok_codes:
        raise Fail("%s: exit %s: %s %s" % (" ".join(map(str, cmd)), rc, o.strip(), e.strip()))
    return rc, o, e


def proc_user(pid):
    try:
        return psutil.Process(int(pid)).username()
    except Exception:
        return None


def who(pid):
    """The process's user and capabilities, as the kernel reports them."""
    st = status_fields(pid, ("CapEff", "CapBnd"))
    return "user %s, CapEff %s, CapBnd %s" % (proc_user(pid), st.get("CapEff"), st.get("CapBnd"))


def alive(pid):
    try:
        return psutil.Process(int(pid)).status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, ValueError, TypeError):
        return False


def status_fields(pid, keys=("Uid", "CapEff", "CapBnd", "NoNewPrivs")):
    try:
        with open("/proc/%s/status" % pid) as f:
            d = dict(line.rstrip("\n").split(":\t", 1) for line in f if ":\t" in line)
        return {k: d.get(k, "?").split("\t")[0] for k in keys}
    except OSError:
        return {}


def privsep_daemon_pid(pypath, conf_file):
    for p in psutil.process_iter(["pid", "cmdline"]):
        c = p.info["cmdline"] or []
        if c and any(a.endswith("privsep-helper") for a in c[:3]) and pypath in c \
                and conf_file in c:
            # the forked daemon, not a helper still exiting
            try:
                if p.ppid() == 1 or "privsep-helper" not in " ".join(p.parent().cmdline()):
                    return p.info["pid"]
            except psutil.Error:
                return p.info["pid"]
    return None


CAP_NAMES = {12: "CAP_NET_ADMIN", 13: "CAP_NET_RAW", 5: "CAP_KILL", 21: "CAP_SYS_ADMIN"}


def has_cap(hexmask, bit):
    try:
        return bool(int(hexmask, 16) >> bit & 1)
    except (TypeError, ValueError):
        return None


def default_daemon_caps():
    """CapEff/CapBnd/NoNewPrivs of privsep's default daemon, for failure details."""
    pid = privsep_daemon_pid("neutron.privileged.default", CONF_FILE)
    return status_fields(pid) if pid else {}


def child_caps():
    """What a command privsep's execute_process runs holds (neutron's kill, arping, ...)."""
    try:
        from neutron.privileged.agent.linux import utils as priv_utils
        o, _, rc = priv_utils.execute_process(["cat", "/proc/self/status"], None, None)
        d = dict(line.split(":\t", 1) for line in o.splitlines() if ":\t" in line)
        return {k: d.get(k, "?").split("\t")[0] for k in ("Uid", "CapEff", "CapPrm", "CapBnd", "NoNewPrivs")}
    except Exception:
        return {}


def why_child_lacks(bit):
    st, ch = default_daemon_caps(), child_caps()
    if not st:
        return ""
    name = CAP_NAMES.get(bit, "cap %d" % bit)
    return (" [privsep default daemon: CapEff=%s CapBnd=%s NoNewPrivs=%s; a command it runs: "
            "uid %s CapEff=%s CapBnd=%s NoNewPrivs=%s; %s: daemon bounding set %s, command %s]"
            % (st.get("CapEff"), st.get("CapBnd"), st.get("NoNewPrivs"), ch.get("Uid"),
               ch.get("CapEff"), ch.get("CapBnd"), ch.get("NoNewPrivs"), name,
               "has it" if has_cap(st.get("CapBnd"), bit) else "lacks it",
               "holds it" if has_cap(ch.get("CapEff"), bit) else "lacks it"))


def wait_for(pred, timeout, what):
    try:
        common_utils.wait_until_true(pred, timeout=timeout, sleep=0.2)
    except common_utils.WaitTimeout:
        raise Fail("timed out after %ss waiting for %s" % (timeout, what))


# --- the operations --------------------------------------------------------------------
RESULTS = []


def run(op, fn, timeout=60):
    assert op in OPS, op
    if not wanted(op):
        return None
    t0 = time.monotonic()
    try:
        with eventlet.Timeout(timeout, Fail("timed out after %ss" % timeout)):
            detail = fn()
        ok = True
    except Fail as e:
        ok, detail = False, str(e)
    except Exception as e:
        ok, detail = False, err(e)
        logging.getLogger("drive").error("%s: %s", op, traceback.format_exc())
    detail = "%s (%.1fs)" % (detail if detail is not None else "", time.monotonic() - t0)
    RESULTS.append((op, ok))
    out(op, ok, detail)
    return ok


def privsep_context_op(name, call):
    """Start context NAME the way neutron does (its first entrypoint call), prove it."""
    import neutron.privileged as priv
    from oslo_privsep import capabilities as caps
    ctx = getattr(priv, name)

    def fn():
        CAPTURE.lines.clear()
        res = call()
        check(ctx.channel is not None and ctx.channel.running, "no running privsep channel")
        want = sorted(caps.CAPS_BYVALUE.get(c, str(c)) for c in cfg.CONF[ctx.cfg_section].capabilities)
        line = next((m for m in CAPTURE.lines if "running with capabilities" in m), "")
        got = re.search(r"\(eff/prm/inh\): ([^/\s]+)/", line)
        got = sorted(got.group(1).split("|")) if got else None
        check(got == want, "daemon reports capabilities %s, context declares %s" % (got, want))
        pid = privsep_daemon_pid(ctx.pypath, CONF_FILE)
        st = status_fields(pid) if pid else {}
        return "%s; daemon pid %s uid %s eff %s; %s" % (
            res, pid, st.get("Uid"), "|".join(want), "started by the root helper")
    return fn


def op_privsep():
    from neutron.agent.linux import ip_lib
    from neutron.privileged.agent.linux import dhcp as priv_dhcp
    from neutron.privileged.agent.linux import ip_lib as priv_ip
    from neutron.privileged.agent.linux import netlink_lib
    from neutron.privileged.agent.linux import utils as priv_utils
    from neutron.privileged.agent.ovsdb.native import helpers as ovs_helpers

    def default():
        o, e, rc = priv_utils.execute_process(["id", "-u"], None, None)
        check(rc == 0 and o.strip() == "0", "id -u through privsep: rc %s out %r" % (rc, o))
        return "execute_process(id -u) = 0"

    def namespace_cmd():
        priv_ip.create_netns(NS_PROBE)
        check(NS_PROBE in priv_ip.list_netns(), "created namespace not listed")
        return "create_netns/list_netns %s" % NS_PROBE

    def link_cmd():
        # a bridge device in the probe namespace (default), brought up (link_cmd)
        priv_ip.create_interface("probe0", NS_PROBE, "bridge")
        before = priv_ip.get_link_attributes("probe0", NS_PROBE).get("state", "").lower()
        priv_ip.set_link_attribute("probe0", NS_PROBE, state="up")
        after = priv_ip.get_link_attributes("probe0", NS_PROBE).get("state", "").lower()
        check(before == "down" and after != "down", "probe0 state %s, then %s" % (before, after))
        return "set_link_attribute/get_link_attributes probe0 in %s" % NS_PROBE

    def dhcp_release_cmd():
        return "dhcp_release6_supported() = %s" % priv_dhcp.dhcp_release6_supported()

    def conntrack_cmd():
        # read-only: the (empty) list of entries of an unused zone
        n = len(netlink_lib.list_entries(65500))
        return "netlink_lib.list_entries(zone 65500): %d entries" % n

    def ovs_vsctl_cmd():
        import neutron.privileged as priv
        if shutil.which("ovs-vsctl"):
            # Open vSwitch is installed: a call would change its configuration.
            priv.ovs_vsctl_cmd.start()
            return "started (no call: ovs-vsctl is installed)"
        try:
            ovs_helpers.enable_connection_uri("tcp:127.0.0.1:6640")
            return "enable_connection_uri returned"
        except Exception as e:
            # the daemon ran the call: there is no ovs-vsctl to run
            check("ovs-vsctl" in str(e) or "No such file" in str(e), err(e))
            return "enable_connection_uri ran in the daemon (%s)" % err(e)[:80]

    run("privsep.default", privsep_context_op("default", default))
    run("privsep.namespace_cmd", privsep_context_op("namespace_cmd", namespace_cmd))
    run("privsep.link_cmd", privsep_context_op("link_cmd", link_cmd))
    run("privsep.dhcp_release_cmd", privsep_context_op("dhcp_release_cmd", dhcp_release_cmd))
    run("privsep.conntrack_cmd", privsep_context_op("conntrack_cmd", conntrack_cmd))
    run("privsep.ovs_vsctl_cmd", privsep_context_op("ovs_vsctl_cmd", ovs_vsctl_cmd))

    def probe_gone():
        ip_lib.delete_network_namespace(NS_PROBE)
        check(not ip_lib.network_namespace_exists(NS_PROBE), "probe namespace still there")
        return "remove_netns %s" % NS_PROBE
    run("privsep.namespace_cmd.delete", probe_gone)


def op_network():
    """The router namespace as the L3 agent lays it out: a qr- port (a veth whose far end
    is in a peer namespace), an ha- port (a veth pair inside the router namespace: this
    kernel may have no dummy devices), IPv6 forwarding."""
    from neutron.agent.linux import ip_lib

    def fn():
        ipw = ip_lib.IPWrapper()
        ipw.netns.add(NS_R)
        ipw.netns.add(NS_PEER)
        r = ip_lib.IPWrapper(namespace=NS_R)
        r.add_veth(QR, PEER, namespace2=NS_PEER)
        r.add_veth(HA, "hp-" + HA[3:])
        ip_lib.IPDevice("hp-" + HA[3:], namespace=NS_R).link.set_up()
        qr = ip_lib.IPDevice(QR, namespace=NS_R)
        qr.link.set_address(QR_MAC)
        qr.addr.add(QR_IP + "/24")
        qr.addr.add(QR_IP6 + "/64")
        qr.link.set_up()
        ha = ip_lib.IPDevice(HA, namespace=NS_R)
        ha.addr.add("169.254.192.1/18")
        ha.link.set_up()
        ip_lib.IPDevice("lo", namespace=NS_R).link.set_up()
        peer = ip_lib.IPDevice(PEER, namespace=NS_PEER)
        peer.addr.add(PEER_IP + "/24")
        peer.link.set_up()
        r.netns.execute(["sysctl", "-w", "net.ipv6.conf.all.forwarding=1"], privsep_exec=True)
        # the peer learns addresses from gratuitous ARP (checked by the arping op)
        ip_lib.IPWrapper(namespace=NS_PEER).netns.execute(
            ["sysctl", "-w", "net.ipv4.conf.all.arp_accept=1",
             "net.ipv4.conf.%s.arp_accept=1" % PEER], privsep_exec=True)
        devs = sorted(d.name for d in r.get_devices())
        check(QR in devs and HA in devs, "devices in %s: %s" % (NS_R, devs))
        return "%s: %s; %s: %s" % (NS_R, devs, NS_PEER, PEER)
    return run("setup.namespaces", fn)


def op_netns_exec():
    from neutron.agent.linux import ip_lib
    from neutron.agent.linux import utils

    def via_utils():
        o = utils.execute(["ip", "netns", "exec", NS_R, "ip", "-o", "link", "show"],
                          run_as_root=True)
        check(QR in o, "no %s in: %s" % (QR, o))
        return "utils.execute(ip netns exec %s ip -o link show): sees %s" % (NS_R, QR)

    def via_ipwrapper():
        o = ip_lib.IPWrapper(namespace=NS_R).netns.execute(["ip", "-4", "addr", "show", QR])
        check(QR_IP in o, "no %s in: %s" % (QR_IP, o))
        return "IPWrapper(namespace).netns.execute(ip -4 addr show %s): %s" % (QR, QR_IP)
    run("netns_exec.utils_execute", via_utils)
    run("netns_exec.ipwrapper", via_ipwrapper)


class FakePlugin:
    """The DHCP agent's RPC to neutron-server: nothing to do here."""

    def get_networks(self, *a, **k):
        return []

    def release_dhcp_port(self, *a, **k):
        pass


def dhcp_network():
    from neutron.agent.linux import dhcp
    sub = uid_(7)
    port = lambda pid, mac, ip: {  # noqa: E731
        "id": pid, "mac_address": mac, "admin_state_up": True,
        "device_owner": "compute:nova", "device_id": "vm-" + pid[:8],
        "fixed_ips": [{"subnet_id": sub, "ip_address": ip}],
        "extra_dhcp_opts": [],
        "dns_assignment": [{"hostname": "host-" + ip.replace(".", "-"),
                            "ip_address": ip, "fqdn": "host-%s.openstacklocal." % ip.replace(".", "-")}]}
    dhcp_port = uid_(8)
    net = dhcp.NetModel({
        "id": NETID, "project_id": "rwn", "mtu": 1500, "admin_state_up": True,
        "subnets": [{"id": sub, "ip_version": 4, "cidr": "198.51.100.0/24",
                     "subnetpool_id": None,
                     "gateway_ip": "198.51.100.1", "enable_dhcp": True,
                     "dns_nameservers": [], "host_routes": [],
                     "ipv6_address_mode": None, "ipv6_ra_mode": None}],
        "ports": [port(uid_(9), "fa:16:3e:00:00:10", "198.51.100.10"),
                  dict(port(dhcp_port, "fa:16:3e:00:00:02", "198.51.100.2"),
                       device_owner="network:dhcp")],
        "non_local_subnets": []})
    return net, dhcp_port, sub, port


DHCP = {}


def op_dhcp():
    """Dnsmasq as neutron-dhcp-agent drives it: Dnsmasq.spawn_process (the agent's
    enable() after DeviceManager.setup), reload_allocations (SIGHUP), disable()."""
    from neutron.agent.linux import dhcp
    from neutron.agent.linux import external_process
    from neutron.agent.linux import ip_lib

    def enable():
        net, dhcp_port, sub, port = dhcp_network()
        monitor = external_process.ProcessMonitor(cfg.CONF, resource_type="dhcp")
        dm = dhcp.Dnsmasq(cfg.CONF, net, monitor, plugin=FakePlugin())
        DHCP.update(dm=dm, net=net, sub=sub, port=port)
        # DeviceManager.setup's part, without neutron-server: the namespace and the
        # DHCP port's device (the interface driver's job) with its address.
        tap = "tap" + dhcp_port[:11]
        ip_lib.IPWrapper().ensure_namespace(net.namespace)
        ip_lib.IPWrapper(namespace=net.namespace).add_veth(tap, "tp" + tap[3:])
        ip_lib.IPDevice("tp" + tap[3:], namespace=net.namespace).link.set_up()
        dev = ip_lib.IPDevice(tap, namespace=net.namespace)
        dev.link.set_address("fa:16:3e:00:00:02")
        dev.addr.add("198.51.100.2/24")
        dev.link.set_up()
        dm.interface_name = tap
        dm.spawn_process()
        check(dm.active, "dnsmasq not active")
        pm = dm._get_process_manager()
        DHCP["pid"] = pm.pid
        return "dnsmasq pid %s (user %s) in %s on %s" % (pm.pid, proc_user(pm.pid), net.namespace, tap)

    def reload():
        check("dm" in DHCP, "no dnsmasq")
        dm, net = DHCP["dm"], DHCP["net"]
        net.ports.append(dhcp.DictModel(DHCP["port"](uid_(10), "fa:16:3e:00:00:11", "198.51.100.11")))
        pid = DHCP["pid"]
        try:
            dm.reload_allocations()
        except Exception as e:
            raise Fail(err(e) + why_child_lacks(5))
        with open(dm.get_conf_file_name("host")) as f:
            check("fa:16:3e:00:00:11" in f.read(), "new port not in the hosts file")
        check(dm.active and dm._get_process_manager().pid == pid,
              "dnsmasq pid changed or gone after SIGHUP")
        return "kill -HUP %s through privsep; hosts file rewritten, same pid" % pid

    def disable():
        check("dm" in DHCP, "no dnsmasq")
        dm, net, pid = DHCP["dm"], DHCP["net"], DHCP["pid"]
        try:
            dm.disable()
        except Exception as e:
            raise Fail(err(e) + why_child_lacks(5))
        wait_for(lambda: not alive(pid), 5, "dnsmasq %s to exit" % pid)
        check(not ip_lib.network_namespace_exists(net.namespace), "namespace left")
        check(not os.path.exists(dm.network_conf_dir), "config folder left")
        return "kill -9 %s, namespace %s and config removed" % (pid, net.namespace)

    run("dhcp.enable", enable)
    run("dhcp.reload", reload)
    run("dhcp.disable", disable)


def op_kill():
    from neutron.agent.linux import external_process
    from neutron.agent.linux import utils

    def own():
        p = subprocess.Popen(["sleep", "300"])
        try:
            try:
                utils.kill_process(p.pid, signal.SIGKILL, run_as_root=True)
            except Exception as e:
                raise Fail(err(e) + why_child_lacks(5))
            rc = p.wait(timeout=5)
            check(rc == -signal.SIGKILL, "sleep exited %s" % rc)
            return "kill -9 of neutron's sleep %s through privsep: killed" % p.pid
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()

    def other():
        # a dnsmasq in the router namespace, started by ProcessManager (it drops to nobody),
        # its pid file where the DHCP driver keeps a network's (dhcp.py DhcpLocalProcess)
        pid_dir = os.path.join(cfg.CONF.dhcp_confs, KILLID)
        os.makedirs(pid_dir, exist_ok=True)
        pm = external_process.ProcessManager(
            cfg.CONF, KILLID, namespace=NS_R, service="dnsmasq-kill",
            pid_file=os.path.join(pid_dir, "pid"),
            default_cmd_callback=lambda pid_file: [
                "dnsmasq", "--no-hosts", "--no-resolv", "--port=0", "--conf-file=/dev/null",
                "--pid-file=%s" % pid_file])
        pm.enable(ensure_active=True)
        pid, user = pm.pid, proc_user(pm.pid)
        check(user and user != pwd.getpwuid(os.geteuid()).pw_name and user != "root",
              "dnsmasq runs as %s" % user)
        try:
            utils.kill_process(pid, signal.SIGKILL, run_as_root=True)
        except Exception as e:
            raise Fail("kill -9 %s (owned by %s): %s%s" % (pid, user, err(e), why_child_lacks(5)))
        wait_for(lambda: not alive(pid), 5, "dnsmasq %s to exit" % pid)
        return "kill -9 of dnsmasq %s (user %s) through privsep: killed" % (pid, user)
    run("kill_process.neutron_user", own)
    run("kill_process.other_user", other)


def op_metadata():
    from neutron.agent.linux import external_process
    from neutron.agent.metadata import driver as metadata_driver
    from oslo_utils import netutils
    monitor = external_process.ProcessMonitor(cfg.CONF, resource_type="router")
    st = {}

    def spawn():
        # after_router_added's call for a legacy router
        bind = "::" if netutils.is_ipv6_enabled() else "0.0.0.0"
        metadata_driver.MetadataDriver.spawn_monitored_metadata_proxy(
            monitor, NS_R, cfg.CONF.metadata_port, cfg.CONF, bind_address=bind, router_id=RID)
        pm = metadata_driver.MetadataDriver._get_metadata_proxy_process_manager(
            RID, cfg.CONF, ns_name=NS_R)
        wait_for(lambda: pm.active, 10, "haproxy to start")
        st["pid"] = pm.pid
        return "haproxy pid %s (%s) on [%s]:%s in %s" % (
            pm.pid, who(pm.pid), bind, cfg.CONF.metadata_port, NS_R)

    def destroy():
        check("pid" in st, "no haproxy")
        pid = st["pid"]
        try:
            metadata_driver.MetadataDriver.destroy_monitored_metadata_proxy(
                monitor, RID, cfg.CONF, NS_R)
        except Exception as e:
            raise Fail(err(e) + why_child_lacks(5))
        wait_for(lambda: not alive(pid), 3, "haproxy %s to exit" % pid)
        cfgp = os.path.join(cfg.CONF.state_path, "ns-metadata-proxy", RID + ".conf")
        check(not os.path.exists(cfgp), "haproxy config left")
        return "kill -15 %s through privsep; config and pid file removed" % pid
    run("metadata.spawn", spawn)
    run("metadata.destroy", destroy)


def op_radvd():
    from neutron.agent.linux import external_process
    from neutron.agent.linux import ra
    monitor = external_process.ProcessMonitor(cfg.CONF, resource_type="router")
    mon = ra.DaemonMonitor(RID, NS_R, monitor, lambda port_id: "qr-" + port_id[:11], cfg.CONF)
    ports = [{"id": QR_PORT, "mtu": 1500, "subnets": [
        {"cidr": "2001:db8:%s::/64" % TAG[:4], "ipv6_ra_mode": "slaac",
         "dns_nameservers": []}]}]
    st = {}

    def enable():
        mon.enable(ports)
        pm = mon._get_radvd_process_manager()
        wait_for(lambda: pm.active, 10, "radvd to start")
        st["pid"] = pm.pid
        return "radvd pid %s (user %s) on %s" % (pm.pid, proc_user(pm.pid), QR)

    def disable():
        check("pid" in st, "no radvd")
        pid = st["pid"]
        try:
            mon.disable()
        except Exception as e:
            raise Fail(err(e) + why_child_lacks(5))
        wait_for(lambda: not alive(pid), 5, "radvd %s to exit" % pid)
        check(not mon.enabled, "still enabled")
        return "kill -9 %s through privsep; config removed" % pid
    run("radvd.enable", enable)
    run("radvd.disable", disable)


def op_keepalived():
    from neutron.agent.linux import external_process
    from neutron.agent.linux import keepalived
    monitor = external_process.ProcessMonitor(cfg.CONF, resource_type="router")
    km = keepalived.KeepalivedManager(
        RID, keepalived.KeepalivedConf(), monitor, conf_path=cfg.CONF.ha_confs_path,
        namespace=NS_R)
    st = {}

    def spawn():
        # HaRouter._init_keepalived_manager's instance, with a VIP on the qr- port
        inst = keepalived.KeepalivedInstance(
            "BACKUP", HA, 1, ["169.254.192.0/18"], nopreempt=True,
            advert_int=cfg.CONF.ha_vrrp_advert_int, priority=50,
            ha_conf_dir=km.get_conf_dir())
        inst.track_interfaces.append(HA)
        inst.add_vip("%s/24" % VIP, QR, None)
        km.config.add_instance(inst)
        km.spawn()
        pm = km.get_process()
        wait_for(km.check_processes, 10, "keepalived and its VRRP child")
        st["pid"] = pm.pid
        # Alone on its link it becomes master and configures the VIP (the l3 agent's HA
        # failover): a keepalived that runs but can't, breaks the router.
        from neutron.agent.linux import ip_lib
        dev = ip_lib.IPDevice(QR, namespace=NS_R)
        wait_for(lambda: any(a["cidr"] == "%s/24" % VIP for a in dev.addr.list()), 30,
                 "keepalived to become master and add %s/24 on %s" % (VIP, QR))
        return "keepalived pid %s (%s) with VRRP child, on %s; master, %s/24 on %s" % (
            pm.pid, who(pm.pid), HA, VIP, QR)

    def disable():
        check("pid" in st, "no keepalived")
        pid = st["pid"]
        km.disable()
        wait_for(lambda: not alive(pid), 6, "keepalived %s to exit" % pid)
        return "kill -15 %s through privsep: exited" % pid
    run("keepalived.spawn", spawn, timeout=30)
    run("keepalived.disable", disable, timeout=30)


def op_state_change():
    """The HA router's state-change monitor, as HaRouter starts and stops it
    (spawn_state_change_monitor, destroy_state_change_monitor), reporting to the agent's
    own notification server (ha.L3AgentKeepalivedStateChangeServer)."""
    from neutron.agent.l3 import ha as l3_ha
    from neutron.agent.l3 import ha_router
    from neutron.agent.linux import external_process
    from neutron.agent.linux import ip_lib
    monitor = external_process.ProcessMonitor(cfg.CONF, resource_type="router")
    agent = StateChangeAgent()
    server = l3_ha.L3AgentKeepalivedStateChangeServer(agent, cfg.CONF)
    eventlet.spawn_n(server.run)
    r = ha_router_for(ha_router, RID, NS_R, HA, "169.254.0.1/24")
    st = {}

    def spawn():
        r.spawn_state_change_monitor(monitor)
        pm = r._get_state_change_monitor_process_manager()
        wait_for(lambda: pm.active, 15, "neutron-keepalived-state-change to start")
        st["pid"] = pm.pid
        state = os.path.join(r.keepalived_manager.get_conf_dir(), "state")
        wait_for(lambda: os.path.exists(state) and open(state).read() == "backup", 30,
                 "the monitor to write its initial state (backup)")
        wait_for(lambda: (RID, "backup") in agent.states, 10, "the agent to be told: backup")
        return "pid %s (%s); state backup, agent notified" % (pm.pid, who(pm.pid))

    def primary():
        check("pid" in st, "no monitor")
        # keepalived adds the primary VIP on the ha- port when it becomes master
        ip_lib.IPDevice(HA, namespace=NS_R).addr.add("169.254.0.1/24")
        state = os.path.join(r.keepalived_manager.get_conf_dir(), "state")
        wait_for(lambda: open(state).read() == "primary", 20, "the monitor to see the VIP")
        wait_for(lambda: (RID, "primary") in agent.states, 10, "the agent to be told: primary")
        return "VIP 169.254.0.1/24 on %s seen: state primary, agent notified" % HA

    def destroy():
        check("pid" in st, "no monitor")
        pid = st["pid"]
        r.destroy_state_change_monitor(monitor)
        wait_for(lambda: not alive(pid), 10, "the monitor %s to exit" % pid)
        return "kill -15 %s through privsep: exited" % pid
    run("state_change.spawn", spawn, timeout=60)
    run("state_change.primary", primary, timeout=40)
    run("state_change.destroy", destroy, timeout=30)


class StateChangeAgent:
    """What KeepalivedStateChangeHandler calls on the L3 agent."""

    def __init__(self):
        self.states = []

    def enqueue_state_change(self, router_id, state):
        self.states.append((router_id, state))


def ha_router_for(ha_router, router_id, ns, ha_dev, vip):
    """A HaRouter holding what the state-change monitor's methods read (its id, namespace,
    ha- device, primary VIP, keepalived folder, agent configuration), without the agent."""
    import types
    r = ha_router.HaRouter.__new__(ha_router.HaRouter)
    r.router_id = router_id
    r.agent_conf = cfg.CONF
    r.ns_name = ns
    r.ha_port = {"id": ha_dev[3:]}
    r.get_ha_device_name = lambda: ha_dev
    r._get_primary_vip = lambda: vip
    conf_dir = os.path.join(cfg.CONF.ha_confs_path, router_id)
    os.makedirs(conf_dir, exist_ok=True)
    r.keepalived_manager = types.SimpleNamespace(get_conf_dir=lambda: conf_dir)
    return r


PD = {}   # the delegating server in the peer namespace: its folder and pid


def pd_server():
    """The upstream router that delegates prefixes: dibbler-server on the peer end of the
    router's gateway port (the test's fixture, started through privsep as root, in the
    mount namespace ip netns exec makes, with its configuration and state in the run's
    folder bound over /etc/dibbler, /var/lib/dibbler and /var/log/dibbler)."""
    from neutron.agent.linux import ip_lib
    if PD:
        return PD
    d = os.path.join(STATE, "pd-server")
    os.makedirs(os.path.join(d, "etc"), exist_ok=True)
    os.makedirs(os.path.join(d, "var"), exist_ok=True)
    os.makedirs(os.path.join(d, "log"), exist_ok=True)
    with open(os.path.join(d, "etc", "server.conf"), "w") as f:
        f.write('log-level 8\ninactive-mode\niface "%s" {\n  pd-class {\n    pd-pool 2001:db8:%s::/48\n'
                '    pd-length 64\n  }\n}\n' % (PD_PEER, TAG[4:]))
    r = ip_lib.IPWrapper(namespace=NS_R)
    if not ip_lib.device_exists(QG, namespace=NS_R):
        r.add_veth(QG, PD_PEER, namespace2=NS_PEER)
    ip_lib.IPDevice(QG, namespace=NS_R).link.set_up()
    ip_lib.IPDevice(PD_PEER, namespace=NS_PEER).link.set_up()
    ip_lib.IPDevice("lo", namespace=NS_PEER).link.set_up()
    link_local(PD_PEER, NS_PEER)   # dibbler-server refuses a tentative address
    # Port 547 for the fixture whatever capabilities privsep's commands keep in this mode.
    ip_lib.IPWrapper(namespace=NS_PEER).netns.execute(
        ["sysctl", "-w", "net.ipv4.ip_unprivileged_port_start=0"], privsep_exec=True)
    privsep_exec(["sh", "-c", "mount --bind {0}/etc /etc/dibbler && mount --bind {0}/var "
                  "/var/lib/dibbler && mount --bind {0}/log /var/log/dibbler && "
                  "exec dibbler-server start >/dev/null".format(d)], ns=NS_PEER)
    pidf = os.path.join(d, "var", "server.pid")
    wait_for(lambda: os.path.exists(pidf), 20, "dibbler-server to start")
    PD.update(dir=d, pid=privsep_exec(["cat", pidf])[1].strip())   # root's 0600 file
    return PD


def link_local(dev, ns):
    from neutron.agent.linux import ip_lib
    addrs = []

    def lla():
        addrs[:] = [a["cidr"].split("/")[0] for a in ip_lib.IPDevice(dev, namespace=ns).addr.list()
                    if a["cidr"].startswith("fe80:") and not a.get("tentative")]
        return bool(addrs)
    wait_for(lla, 10, "a link-local address on %s" % dev)
    return addrs[0]


def op_pd():
    """IPv6 prefix delegation as the L3 agent does it with pd_dhcp_driver = dibbler:
    PDDibbler.enable writes client.conf and notify.sh in pd_confs and starts dibbler-client
    in the router's namespace; the delegated prefix comes back through notify.sh
    (neutron-pd-notify writes it and signals the agent); PDDibbler.disable stops it."""
    from neutron.agent.linux import dibbler
    from neutron.agent.linux import external_process
    monitor = external_process.ProcessMonitor(cfg.CONF, resource_type="router")
    drv = dibbler.PDDibbler(RID, PD_SUBNET, QR)
    st = {}

    def enable():
        pd_server()
        USR1.clear()
        drv.enable(monitor, NS_R, QG, link_local(QG, NS_R))
        wait_for(lambda: drv._is_dibbler_client_running(), 10, "dibbler-client to start")
        st["pid"] = drv._is_dibbler_client_running()
        wait_for(lambda: drv.get_prefix() not in (None, "::/64"), 30, "a delegated prefix")
        prefix = drv.get_prefix()
        import ipaddress
        pool = ipaddress.ip_network("2001:db8:%s::/48" % TAG[4:])
        check(ipaddress.ip_network(prefix).subnet_of(pool), "prefix %s outside the pool %s" % (prefix, pool))
        wait_for(lambda: USR1, 5, "neutron-pd-notify to signal the agent")
        return "dibbler-client pid %s (%s): prefix %s; agent signalled" % (st["pid"], who(st["pid"]), prefix)

    def disable():
        check("pid" in st, "no dibbler-client")
        pid = st["pid"]
        drv.disable(monitor, NS_R)
        wait_for(lambda: not alive(pid), 10, "dibbler-client %s to exit" % pid)
        check(not os.path.exists(drv.dibbler_client_working_area), "working area left")
        return "dibbler-client stop -w ...: exited, working area removed"
    run("pd.enable", enable, timeout=60)
    run("pd.disable", disable, timeout=30)


USR1 = []
signal.signal(signal.SIGUSR1, lambda *a: USR1.append(1))


def op_arping():
    from neutron.agent.linux import ip_lib
    from neutron.privileged.agent.linux import utils as priv_utils
    seen = []
    real = priv_utils.execute_process

    def recording(cmd, *a, **k):
        r = real(cmd, *a, **k)
        if "arping" in cmd:
            seen.append((list(map(str, cmd)), r[2], (r[1] or "").strip()))
        return r

    def fn():
        priv_utils.execute_process = recording
        try:
            ip_lib.send_ip_addr_adv_notif(NS_R, QR, QR_IP, count=1)
            # neutron spawns it and ignores the outcome: wait for both arpings (-U, -A), or
            # for the first one's failure (after which _arping may stop)
            wait_for(lambda: len(seen) >= 2 or any(x[1] not in (0, 1) for x in seen), 15,
                     "the two arping runs")
            eventlet.sleep(0.5)
        finally:
            priv_utils.execute_process = real
        # neutron accepts exit 1 (no reply); what arping said tells whether it ran at all
        codes = ["%s: exit %s%s" % (c[c.index("arping") + 1], rc, (" (%s)" % e) if e else "")
                 for c, rc, e in seen]
        bad = [x for x in seen if x[1] not in (0, 1) or "not permitted" in x[2] or "failed" in x[2]]
        neigh = ip_lib.dump_neigh_entries(4, device=PEER, namespace=NS_PEER)
        got = [n for n in neigh if n["dst"] == QR_IP]
        if bad or not (got and got[0]["lladdr"] == QR_MAC):
            raise Fail("no gratuitous ARP reached %s (its neighbours: %s); arping %s%s" % (
                PEER, neigh or "none", "; ".join(codes), why_child_lacks(13)))
        return "arping exits %s; %s in %s learned %s is-at %s" % (
            ", ".join(codes), PEER, NS_PEER, QR_IP, QR_MAC)
    run("arping.send_ip_addr_adv_notif", fn, timeout=30)


def op_firewall():
    from neutron.agent.linux import ip_conntrack
    from neutron.agent.linux import ipset_manager
    from neutron.agent.linux import iptables_manager
    from neutron.agent.linux import utils

    def iptables():
        im = iptables_manager.IptablesManager(namespace=NS_R, use_ipv6=True)
        im.ipv4["filter"].add_chain("rwn-test")
        im.ipv4["filter"].add_rule("INPUT", "-p tcp --dport 9697 -j $rwn-test")
        im.ipv4["filter"].add_rule("rwn-test", "-s %s/32 -j DROP" % PEER_IP)
        im.ipv6["filter"].add_rule("INPUT", "-p tcp --dport 9697 -j DROP")
        im.apply()
        _, saved, _ = privsep_exec(["iptables-save", "-t", "filter"], ns=NS_R)
        check("-s %s/32 -j DROP" % PEER_IP in saved, "rule not applied: %s" % saved[-400:])
        _, saved6, _ = privsep_exec(["ip6tables-save", "-t", "filter"], ns=NS_R)
        check("--dport 9697 -j DROP" in saved6, "IPv6 rule not applied")
        im.ipv4["filter"].remove_chain("rwn-test")
        im.apply()
        _, saved, _ = privsep_exec(["iptables-save", "-t", "filter"], ns=NS_R)
        check("rwn-test" not in saved, "chain not removed")
        return "IptablesManager(namespace=%s).apply(): rules in, then out (iptables-save)" % NS_R

    def ipset():
        m = ipset_manager.IpsetManager(namespace=NS_R)
        sid = uid_(11)
        # (ip, mac) pairs, as the security group code passes them
        m.set_members(sid, "IPv4", [("192.0.2.10", None), ("192.0.2.11", None)])
        name = m.get_name(sid, "IPv4")
        check(m.set_name_exists(name), "set %s not created" % name)
        _, o, _ = privsep_exec(["ipset", "list", name], ns=NS_R)
        check("192.0.2.11" in o, "members missing: %s" % o)
        m.destroy(sid, "IPv4")
        _, o, _ = privsep_exec(["ipset", "list", "-n"], ns=NS_R)
        check(name not in o, "set not destroyed")
        return "IpsetManager(namespace=%s): set %s created, filled, destroyed" % (NS_R, name)

    def conntrack():
        errors = []

        def execute(cmd, **kw):
            try:
                return utils.execute(cmd, **kw)
            except Exception as e:
                errors.append(err(e))
                raise
        mgr = ip_conntrack.IpConntrackManager(lambda table: [], {}, {}, execute=execute,
                                              namespace=NS_R)
        port = {"device": "tap" + uid_(12)[:11], "network_id": NETID,
                "fixed_ips": ["192.0.2.20"]}
        zone = mgr.get_device_zone(port, create=True)
        privsep_exec(["conntrack", "-I", "-p", "udp", "-s", "192.0.2.30", "-d", "192.0.2.20",
                      "--sport", "4000", "--dport", "5000", "-t", "120", "-w", str(zone)], ns=NS_R)
        listed = lambda: privsep_exec(["conntrack", "-L", "-w", str(zone)], ns=NS_R)[1]  # noqa: E731
        check("192.0.2.30" in listed(), "entry not inserted")
        mgr.delete_conntrack_state_by_remote_ips([port], "IPv4", ["192.0.2.30"])
        try:
            wait_for(lambda: errors or "192.0.2.30" not in listed(), 10, "the entry to go")
        except Fail as e:
            raise Fail("%s%s" % (e, "; " + errors[0] if errors else ""))
        check(not errors, "; ".join(errors))
        return "IpConntrackManager(namespace=%s) deleted the zone %s entry (conntrack -D)" % (NS_R, zone)
    run("iptables.apply", iptables)
    run("ipset.manager", ipset)
    run("conntrack.delete", conntrack)


# --- attacks ---------------------------------------------------------------------------
# What whoever is neutron can do with the files neutron itself writes: the daemons neutron
# starts through the root helper read configurations from neutron's own folders. Each
# attack writes such a configuration at the very path neutron's code uses, starts the
# daemon with the command line neutron builds, and looks whether the payload ran as root:
# its uid, and the root-owned --canary file. Reported as {"op", "ok", "root", "detail"}:
# ok, the attack ran to a verdict; root, the verdict. The suite requires root through the
# reference (or the attack is wrong) and reports the other configurations.
def attack_out(op, ran, root, detail):
    print(json.dumps({"op": op, "ok": bool(ran), "root": bool(root), "detail": str(detail)[:1500]}), flush=True)


def payload(name):
    """A shell payload that records its uid and tries the canary; (path, proof path)."""
    proof = os.path.join(STATE, "attack-%s.uid" % name)
    path = os.path.join(STATE, "attack-%s.sh" % name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\nid -u > %s\necho rooted-by-%s > %s\n" % (proof, name, ARGS.canary))
    os.chmod(path, 0o755)
    return path, proof


def verdict(op, name, proof, started, before, wait=8):
    """Root: the payload ran as uid 0, or the root-owned canary changed."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and not (proof and os.path.exists(proof)):
        if not proof and open(ARGS.canary).read() != before:
            break
        time.sleep(0.2)
    uid = None
    if proof and os.path.exists(proof):
        try:
            uid = open(proof).read().strip()
        except PermissionError:
            uid = str(os.stat(proof).st_uid)   # a payload's umask 077: the file's owner says who
    canary = open(ARGS.canary).read()
    root = uid == "0" or canary != before
    attack_out(op, True, root, "%s; %s; canary %s" % (
        started, ("payload ran as uid %s" % uid if uid is not None else "payload did not run") if proof else "no payload",
        "overwritten (%r)" % canary.strip()[:40] if canary != before else "unchanged"))


def op_attack():
    from neutron.agent.linux import utils
    if not ARGS.canary:
        return

    def attempt(op, fn):
        if not wanted(op):
            return
        try:
            fn(op)
        except Exception as e:
            attack_out(op, False, False, err(e))

    def haproxy(op):
        before = open(ARGS.canary).read()
        # metadata/driver.py HaproxyConfigurator: ns-metadata-proxy/<router>.conf, then
        # "ip netns exec qrouter-<router> haproxy -f <that file>"; a lua-load runs at parse.
        sh, proof = payload("haproxy")
        d = os.path.join(cfg.CONF.state_path, "ns-metadata-proxy")
        os.makedirs(d, exist_ok=True)
        rid = uid_(20)
        lua = os.path.join(d, rid + ".lua")
        with open(lua, "w") as f:
            f.write('os.execute("%s")\n' % sh)
        conf = os.path.join(d, rid + ".conf")
        with open(conf, "w") as f:
            f.write("global\n    lua-load %s\n" % lua)
        o = utils.execute(["ip", "netns", "exec", NS_R, "haproxy", "-f", conf], run_as_root=True,
                          check_exit_code=False, return_stderr=True)
        verdict(op, "haproxy", proof, "haproxy -f %s exited (%s)" % (conf, " ".join(o).strip().replace("\n", " / ")[-200:]), before, wait=2)

    def keepalived(op):
        before = open(ARGS.canary).read()
        # keepalived.py KeepalivedManager: ha_confs/<router>/keepalived.conf, then
        # "ip netns exec qrouter-<router> keepalived -P -f ... -p ... -r ..."; a vrrp_script
        # runs as script_user.
        sh, proof = payload("keepalived")
        rid = uid_(21)
        d = os.path.join(cfg.CONF.ha_confs_path, rid)
        os.makedirs(d, exist_ok=True)
        conf = os.path.join(d, "keepalived.conf")
        with open(conf, "w") as f:
            f.write("global_defs {\n    script_user root\n}\n"
                    "vrrp_script rwn {\n    script \"%s\"\n    interval 1\n}\n"
                    "vrrp_instance VR_%s {\n    state BACKUP\n    interface %s\n    virtual_router_id 77\n"
                    "    priority 50\n    track_script {\n        rwn\n    }\n"
                    "    virtual_ipaddress {\n        169.254.77.1/24 dev %s\n    }\n}\n" % (sh, rid[:8], HA, HA))
        pid = os.path.join(cfg.CONF.ha_confs_path, rid + ".pid.keepalived")
        utils.execute(["ip", "netns", "exec", NS_R, "keepalived", "-P", "-f", conf, "-p", pid,
                       "-r", pid + "-vrrp", "-D"], run_as_root=True, check_exit_code=False)
        try:
            verdict(op, "keepalived", proof, "keepalived -f %s started" % conf, before)
        finally:
            for p in (pid, pid + "-vrrp"):
                try:
                    utils.kill_process(int(open(p).read()), signal.SIGKILL, run_as_root=True)
                except Exception:
                    pass
    def privsep(op):
        # neutron.privileged.agent.linux.utils.execute_process: the default context runs any
        # command line its client sends, as uid 0 with the context's capabilities.
        before = open(ARGS.canary).read()
        sh, proof = payload("privsep")
        rc, _, e = privsep_exec([sh], ok_codes=(0, 1, 2, 126))
        verdict(op, "privsep", proof, "execute_process([%s]) exit %s %s" % (sh, rc, e.strip()[-120:]), before, wait=1)
    def dibbler(op):
        # dibbler.py PDDibbler: pd_confs/<router>:<subnet>:<port>/client.conf and notify.sh,
        # which dibbler-client runs when a prefix arrives; the folder is neutron's.
        from neutron.agent.linux import dibbler as pd_dibbler
        before = open(ARGS.canary).read()
        sh, proof = payload("dibbler")
        pd_server()
        drv = pd_dibbler.PDDibbler(uid_(22), uid_(23), QR)
        dcwa = drv._generate_dibbler_conf(QG, link_local(QG, NS_R), None)
        shutil.copy(sh, os.path.join(dcwa, "notify.sh"))
        utils.execute(["ip", "netns", "exec", NS_R, "dibbler-client", "start", "-w", dcwa],
                      run_as_root=True, check_exit_code=False)
        try:
            verdict(op, "dibbler", proof, "dibbler-client start -w %s" % dcwa, before, wait=20)
        finally:
            utils.execute(["ip", "netns", "exec", NS_R, "dibbler-client", "stop", "-w", dcwa],
                          run_as_root=True, check_exit_code=False)

    def state_change(op):
        # ha_router.py: the monitor logs to ha_confs/<router>/neutron-keepalived-state-change.log,
        # in neutron's folder: a symlink there is followed by whoever runs the monitor.
        from neutron.agent.l3 import ha_router
        from neutron.agent.linux import external_process
        before = open(ARGS.canary).read()
        rid = uid_(24)
        r = ha_router_for(ha_router, rid, NS_R, HA, "169.254.0.1/24")
        os.symlink(ARGS.canary, os.path.join(r.keepalived_manager.get_conf_dir(),
                                             "neutron-keepalived-state-change.log"))
        monitor = external_process.ProcessMonitor(cfg.CONF, resource_type="router")
        try:
            r.spawn_state_change_monitor(monitor)
        except Exception as e:
            started = "spawn_state_change_monitor: %s" % err(e)
        else:
            started = "spawn_state_change_monitor (log symlinked to the canary)"
        try:
            verdict(op, "state_change", None, started, before, wait=8)
        finally:
            try:
                r.destroy_state_change_monitor(monitor)
            except Exception:
                pass
    attempt("attack.privsep_execute", privsep)
    attempt("attack.haproxy_config", haproxy)
    attempt("attack.keepalived_config", keepalived)
    attempt("attack.dibbler_script", dibbler)
    attempt("attack.state_change_log", state_change)


# --- clean-up --------------------------------------------------------------------------
def cleanup():
    from neutron.agent.linux import ip_lib
    from neutron.agent.linux import utils
    problems, killed = [], []
    if PD.get("pid"):
        try:
            utils.kill_process(int(PD["pid"]), signal.SIGKILL, run_as_root=True)
            killed.append("%s (dibbler-server)" % PD["pid"])
        except Exception as e:
            problems.append("kill dibbler-server %s: %s" % (PD["pid"], err(e)))
    # every process of this run: their command lines name the state folder or a run id
    for p in psutil.process_iter(["pid", "cmdline"]):
        c = " ".join(p.info["cmdline"] or [])
        if p.info["pid"] != os.getpid() and (STATE in c or TAG + "-" in c) \
                and "privsep-helper" not in c and "rootwrap" not in c and "drive.py" not in c:
            try:
                killed.append("%s (%s)" % (p.info["pid"], c[:60]))
                utils.kill_process(p.info["pid"], signal.SIGKILL, run_as_root=True)
            except Exception as e:
                problems.append("kill %s: %s" % (p.info["pid"], err(e)))
    for ns in (NS_PROBE, NS_R, NS_PEER, "qdhcp-" + NETID):
        try:
            if ip_lib.network_namespace_exists(ns):
                ip_lib.delete_network_namespace(ns)
        except Exception as e:
            problems.append("netns %s: %s" % (ns, err(e)))
    import neutron.privileged as priv
    for name in ("default", "namespace_cmd", "link_cmd", "dhcp_release_cmd", "conntrack_cmd",
                 "ovs_vsctl_cmd"):
        try:
            getattr(priv, name).stop()
        except Exception as e:
            problems.append("privsep %s stop: %s" % (name, err(e)))
    if ARGS.mode == "daemon":
        try:
            from neutron.agent.linux.utils import RootwrapDaemonHelper
            c = RootwrapDaemonHelper._RootwrapDaemonHelper__client
            if c is not None and c._finalize is not None:
                c._finalize()   # what the client does at exit: stops the daemon
        except Exception as e:
            problems.append("rootwrap daemon shutdown: %s" % err(e))
    for entry in os.listdir(STATE):
        if entry in ("agent.log", "neutron.conf"):
            continue
        p = os.path.join(STATE, entry)
        try:
            shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.unlink(p)
        except OSError as e:
            problems.append("rm %s: %s" % (p, e))
    if problems:
        raise Fail("; ".join(problems))
    return "namespaces, processes, privsep daemons and state files removed%s" % (
        "; left over and killed: " + ", ".join(killed) if killed else "")


CONF_FILE = None


def main():
    global CONF_FILE
    if ARGS.write_agent_conf:
        if not ARGS.agent_conf:
            sys.exit("--write-agent-conf needs --agent-conf")
        write_agent_conf(ARGS.agent_conf)
        return 0
    try:
        CONF_FILE = setup()
    except BaseException as e:
        out("setup.config", False, err(e))
        return 1
    RESULTS.append(("setup.config", True))
    out("setup.config", True, "root_helper = %r, root_helper_daemon = %r" % (
        cfg.CONF.AGENT.root_helper, cfg.CONF.AGENT.root_helper_daemon))
    try:
        groups = [op_privsep, op_network, op_netns_exec, op_dhcp, op_kill, op_metadata,
                  op_radvd, op_keepalived, op_state_change, op_pd, op_arping, op_firewall,
                  op_attack]
        for g in groups:
            try:
                if g() is False and g is op_network:
                    break   # nothing below can run without the namespaces
            except Exception:
                logging.getLogger("drive").error("%s: %s", g.__name__, traceback.format_exc())
    finally:
        run("cleanup", cleanup, timeout=60)
    return 0 if all(ok for _, ok in RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
