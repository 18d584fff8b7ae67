# Helpers for the `fixture` and `check` scripts of tests/isolation/legit/<service>.json, sourced
# by run_legit.py inside the call's own mount and PID namespaces, as root, after /etc, /var
# and /usr/local/lib/python3*/dist-packages were overlaid and /tmp, /mnt, /run given a fresh
# tmpfs (nothing written here reaches the machine). `set -e` is on; "$@" is the entry's argv.

SVC_USER="${SVC_USER:-rwsvc}"

# mkfile PATH [SIZE]: a sparse raw file (default 1M), its folders made.
mkfile() { mkdir -p "$(dirname "$1")"; truncate -s "${2:-1M}" "$1"; }

# mkqcow PATH [SIZE] [OPTIONS...]: a qcow2 image (default 1M), its folders made.
mkqcow() { local p="$1" s="${2:-1M}"; shift 2 || shift $#; mkdir -p "$(dirname "$p")"; qemu-img create -q -f qcow2 "$@" "$p" "$s"; }

# mksecret PATH [TEXT]: a secret file as cinder writes one for qemu-img's --object secret.
mksecret() { mkdir -p "$(dirname "$1")"; printf %s "${2:-rwn-legit-passphrase}" > "$1"; }

# mkluks PATH SECRETFILE [SIZE]: a LUKS-encrypted qcow2 whose key is in SECRETFILE (secret id
# s0), with a fast key derivation (retry: see below).
mkluks() {
    mkdir -p "$(dirname "$1")"
    retry 3 qemu-img create -q -f qcow2 --object "secret,id=s0,file=$2" \
        -o encrypt.format=luks,encrypt.key-secret=s0,encrypt.iter-time=10 "$1" "${3:-1M}"
}

# privsep_stub MODULE.PATH NAME CAP...: an importable PrivContext MODULE.PATH.NAME declaring the
# capabilities CAP... (names of oslo_privsep.capabilities), for a service whose own code is not
# installed here; the context's name and capabilities are the service's.
privsep_stub() {
    local mod="$1" name="$2"; shift 2
    local base; base="$(ls -d /usr/local/lib/python3*/dist-packages | head -n1)"
    local path="$base/${mod//.//}.py" d part
    d="$base"
    IFS=. read -ra parts <<< "$mod"
    for part in "${parts[@]:0:${#parts[@]}-1}"; do d="$d/$part"; mkdir -p "$d"; [ -e "$d/__init__.py" ] || : > "$d/__init__.py"; done
    local caps="" c
    for c in "$@"; do caps="${caps:+$caps, }caps.$c"; done
    cat >> "$path" <<EOF
from oslo_privsep import capabilities as caps
from oslo_privsep import priv_context
$name = priv_context.PrivContext('${mod%%.*}', cfg_section='rwn_legit_$name', pypath=__name__ + '.$name', capabilities=[$caps])
EOF
}

# privsep_listen SOCK: listens on SOCK (its folder made, 0700 for the service user, as
# tempfile.mkdtemp() makes it) the way oslo.privsep's client does, in the background; reads
# what the daemon sends, writes it to SOCK.log, and keeps the connection open until the
# namespace ends. `privsep_started SOCK` (in `check`) waits for the daemon's
# "privsep daemon running" message, which it sends once it has set its capabilities.
privsep_listen() {
    local d; d="$(dirname "$1")"
    mkdir -p "$d"; chown "$SVC_USER" "$d"; chmod 0700 "$d"
    runuser -u "$SVC_USER" -- /usr/bin/python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)
open(sys.argv[1] + ".ready", "w").close()
c, _ = s.accept()
with open(sys.argv[1] + ".log", "ab", buffering=0) as log:
    while True:
        b = c.recv(65536)
        if not b: break
        log.write(b)
' "$1" </dev/null >/dev/null 2>&1 &
    local i=0; while [ ! -e "$1.ready" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
    [ -e "$1.ready" ]
}
privsep_started() {
    local i=0
    while [ $i -lt 100 ]; do grep -aq "privsep daemon running" "$1.log" 2>/dev/null && { echo "privsep daemon running"; return 0; }; sleep 0.1; i=$((i+1)); done
    echo "no privsep daemon on $1"; cat "$1.log" 2>/dev/null | tr -c '[:print:]\n' . | tail -c 600; return 1
}

# tree DIR...: type, mode, owner, size and name of everything under DIR..., sorted: the
# effect two runs are compared by.
tree() { local d; for d in "$@"; do [ ! -e "$d" ] || find "$d" -xdev -path /tmp/.rwn-legit-stage -prune -o -printf '%y %m %u:%g %s %p\n'; done | sort -k5; }

# qinfo IMAGE: what qemu-img says of an image, without its (run-dependent) sizes on disk and
# format details (a LUKS header's random UUID and salt).
qinfo() { qemu-img info --output=json "$@" | qjson; }
# qjson: the same, of qemu-img's JSON on stdin (a line's own output: qjson < "$RWN_RES/stdout").
qjson() { /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); [d.pop(k, None) for k in ("actual-size","dirty-flag","format-specific")]; print(json.dumps(d, sort_keys=True))'; }

# privsep_fixture ARGV...: what a privsep-helper line needs, read from the line itself: each
# --config-file (an empty root-owned file), each --config-dir, the context when the service's
# code is not installed here (privsep_stub with the capabilities upstream declares for it), and
# a listening client socket. `privsep_started SOCK` then tells whether the daemon came up.
privsep_fixture() {
    while [ $# -gt 0 ]; do
        case "$1" in
            # The deployment's file, as it is, when there is one (run_legit.py: KNOWN).
            --config-file) mkdir -p "$(dirname "$2")"; [ -e "$2" ] || : > "$2"; shift ;;
            --config-dir) mkdir -p "$2"; shift ;;
            --privsep_context)
                if ! /usr/bin/python3 -c 'import importlib,sys; m,n=sys.argv[1].rsplit(".",1); getattr(importlib.import_module(m),n)' "$2" 2>/dev/null; then
                    case "$2" in
                        os_brick.privileged.default) privsep_stub os_brick.privileged default CAP_SYS_ADMIN ;;
                        nova.privsep.sys_admin_pctxt) privsep_stub nova.privsep sys_admin_pctxt CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_NET_ADMIN CAP_SYS_ADMIN ;;
                        vif_plug_ovs.privsep.vif_plug) privsep_stub vif_plug_ovs.privsep vif_plug CAP_NET_ADMIN CAP_DAC_OVERRIDE ;;
                        vif_plug_linux_bridge.privsep.vif_plug) privsep_stub vif_plug_linux_bridge.privsep vif_plug CAP_NET_ADMIN ;;
                        cinder.privsep.sys_admin_pctxt) privsep_stub cinder.privsep sys_admin_pctxt CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_SYS_ADMIN ;;
                        manila.privsep.sys_admin_pctxt) privsep_stub manila.privsep sys_admin_pctxt CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_SYS_ADMIN ;;
                        *) echo "privsep_fixture: no stub for $2" >&2; return 1 ;;
                    esac
                fi
                shift ;;
            --privsep_sock_path) privsep_listen "$2"; shift ;;
        esac
        shift
    done
}

# --- Block devices (runnable: loop). The machine's /dev is the kernel's devtmpfs, shared by
# every mount namespace: devices are added only in a private overlay of it (private_dev), and
# every loop device is on a file under this call's /tmp and listed in $RWN_RES/loops, which
# the runner detaches after the call whatever happened (timeouts included).

# private_dev: /dev overlaid on this namespace's /tmp (its submounts /dev/shm, /dev/pts kept),
# so that device nodes udev or device-mapper would make can be added here. Idempotent.
private_dev() {
    local st=/tmp/.rwn-legit-stage/dev m
    [ -e "$st/on" ] && return 0
    mkdir -p "$st/u" "$st/w" "$st/keep"
    for m in shm pts; do mkdir -p "$st/keep/$m"; mount --rbind "/dev/$m" "$st/keep/$m"; done
    mount -t overlay rwn-legit -o "lowerdir=/dev,upperdir=$st/u,workdir=$st/w" /dev
    for m in shm pts; do mount --move "$st/keep/$m" "/dev/$m"; done
    : > "$st/on"
}

# loopdev NAME SIZE [FILE]: a loop device on FILE (default a new sparse file of SIZE in this
# call's /tmp staging folder, which `tree` leaves out, named after the result folder so that
# the runner can tell the device is this call's), printed.
loopdev() {
    local f="${3:-/tmp/.rwn-legit-stage/loop/$(basename "$RWN_RES")-$1.img}" d
    [ -e "$f" ] || { mkdir -p "$(dirname "$f")"; truncate -s "$2" "$f"; }
    d="$(losetup -f --show "$f")"
    printf '%s %s\n' "$d" "$(basename "$f")" >> "$RWN_RES/loops"
    echo "$d"
}

# mkblock PATH SIZE [FILE]: the block device PATH (/dev/mapper/NAME, /dev/VG/LV,
# /dev/disk/by-path/NAME) as udev would show an activated LV or an attached disk: a node of
# a loop device of SIZE (or on FILE), root:disk 0660, in the private /dev.
mkblock() {
    local d; d="$(loopdev "$(basename "$1" | tr -c 'A-Za-z0-9_.\n-' _)" "$2" "${3:-}")"
    private_dev
    mkdir -p "$(dirname "$1")"
    mknod "$1" b "$(stat -c '%t' "$d" | xargs -I{} printf '%d' 0x{})" "$(stat -c '%T' "$d" | xargs -I{} printf '%d' 0x{})"
    chown root:disk "$1"; chmod 0660 "$1"
}

# pattern FILE SIZE: FILE filled with a fixed, non-zero pattern (a volume's content to copy).
pattern() { mkdir -p "$(dirname "$1")"; yes rwn-legit | head -c "$2" > "$1"; }

# sums PATH...: each block device's or file's md5 and size: what a copy left.
sums() { local p; for p in "$@"; do printf '%s %s %s\n' "$(md5sum < "$p" | cut -d' ' -f1)" "$(blockdev_size "$p")" "$p"; done; }
blockdev_size() { if [ -b "$1" ]; then blockdev --getsize64 "$1"; else stat -c %s "$1"; fi; }

# retry N COMMAND...: COMMAND, tried up to N times: qemu-img's and cryptsetup's key
# derivation measures CPU time, and fails by timing on a loaded machine ("Unable to get
# accurate CPU usage").
retry() { local n="$1" i=1; shift; until "$@"; do [ "$i" -ge "$n" ] && return 1; i=$((i+1)); sleep 0.2; done; }

# mkluksraw FILE PASSPHRASE [SIZE]: a raw LUKS image (qemu's luks format, fast key derivation).
mkluksraw() {
    mkdir -p "$(dirname "$1")"
    retry 3 qemu-img create -q -f luks --object "secret,id=s0,data=$2" -o key-secret=s0,iter-time=10 "$1" "${3:-1M}"
}

# --- LVM on a loop device. This kernel has no device-mapper: lvm.conf says activation = 0,
# so every LVM command does its metadata work and no device-mapper call (LVs are not
# activated; snapshots, thin pools and mirrors, which need the kernel to create, fail with
# "without using device-mapper kernel driver", through both helpers alike). Only the PV's
# loop device is scanned (global_filter): never a disk of the machine, nor another run's PV.

# lvm_vg VG SIZE [DIR...] [-- LV...]: a VG of one PV (a sparse loop file of SIZE, e.g. 128G:
# only metadata is written), lvm.conf in /etc/lvm and each DIR (LVM_SYSTEM_DIR), and its LVs,
# restored from fixed metadata (fixed UUIDs, so reports are the same on every fixture):
#   NAME=SIZE_MIB              a linear LV
#   NAME=SIZE_MIB@ORIGIN       a snapshot of ORIGIN (its COW store NAME)
#   NAME=SIZE_MIB%             a thin pool (with NAME_tdata and NAME_tmeta)
lvm_vg() {
    local vg="$1" size="$2" dev dir n=0 pe=0 spec name rest mib ext pvuuid vguuid
    shift 2
    dev="$(loopdev "$vg" "$size")"
    local conf="devices { global_filter = [ \"a|^$dev\$|\", \"r|.*|\" ] obtain_device_list_from_udev = 0 use_devicesfile = 0 }
global { activation = 0 }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }"
    mkdir -p /etc/lvm; printf '%s\n' "$conf" > /etc/lvm/lvm.conf
    while [ $# -gt 0 ] && [ "$1" != -- ]; do mkdir -p "$1"; printf '%s\n' "$conf" > "$1/lvm.conf"; shift; done
    [ $# -gt 0 ] && shift
    lvm_uuid() { printf '%s' "$1" | md5sum | tr a-f A-F | sed -E 's/^(.{6})(.{4})(.{4})(.{4})(.{4})(.{4})(.{6}).*/\1-\2-\3-\4-\5-\6-\7/'; }
    pvuuid="$(lvm_uuid "pv-$vg")"; vguuid="$(lvm_uuid "vg-$vg")"
    local bytes; bytes="$(blockdev --getsize64 "$dev")"
    local pe_count=$(( (bytes / 512 - 2048) / 8192 ))
    local lvs="" text
    seg() { # NAME EXTENTS STATUS: a linear LV on the next free extents, added to $lvs
        printf -v text '%s {\nid = "%s"\nstatus = [%s]\nflags = []\nsegment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = %d\ntype = "striped"\nstripe_count = 1\nstripes = ["pv0", %d]\n}\n}\n' \
            "$1" "$(lvm_uuid "lv-$vg-$1")" "$3" "$2" "$pe"
        lvs+="$text"; pe=$((pe + $2))
    }
    for spec in "$@"; do
        name="${spec%%=*}"; rest="${spec#*=}"; mib="${rest%%[@%]*}"; ext=$(( (mib + 3) / 4 ))
        case "$rest" in
            *@*) seg "$name" "$ext" '"READ", "WRITE", "VISIBLE"'
                 printf -v text 'snapshot%d {\nid = "%s"\nstatus = ["READ"]\nflags = []\nsegment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = %d\ntype = "snapshot"\nchunk_size = 8\norigin = "%s"\ncow_store = "%s"\n}\n}\n' \
                     "$n" "$(lvm_uuid "snap-$vg-$name")" "$ext" "${rest#*@}" "$name"
                 lvs+="$text"; n=$((n+1)) ;;
            *%) printf -v text '%s {\nid = "%s"\nstatus = ["READ", "WRITE", "VISIBLE"]\nflags = []\nsegment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = %d\ntype = "thin-pool"\nmetadata = "%s_tmeta"\npool = "%s_tdata"\ntransaction_id = 0\nchunk_size = 128\ndiscards = "passdown"\nzero_new_blocks = 1\n}\n}\n' \
                    "$name" "$(lvm_uuid "lv-$vg-$name")" "$ext" "$name" "$name"
                lvs+="$text"
                seg "${name}_tdata" "$ext" '"READ", "WRITE"'
                seg "${name}_tmeta" 1 '"READ", "WRITE"' ;;
            *) seg "$name" "$ext" '"READ", "WRITE", "VISIBLE"' ;;
        esac
    done
    mkdir -p /tmp/.rwn-legit-stage
    cat > /tmp/.rwn-legit-stage/vg.meta <<META
contents = "Text Format Volume Group"
version = 1
$vg {
id = "$vguuid"
seqno = 1
format = "lvm2"
status = ["RESIZEABLE", "READ", "WRITE"]
flags = []
extent_size = 8192
max_lv = 0
max_pv = 0
metadata_copies = 0
physical_volumes {
pv0 {
id = "$pvuuid"
device = "$dev"
status = ["ALLOCATABLE"]
flags = []
dev_size = $((bytes / 512))
pe_start = 2048
pe_count = $pe_count
}
}
logical_volumes {
$lvs}
}
META
    pvcreate -q --uuid "$pvuuid" --norestorefile "$dev" 2>/dev/null
    vgcfgrestore -q --force -f /tmp/.rwn-legit-stage/vg.meta "$vg"
}

# lvm_state VG: what the VG holds, as an effect to compare (sizes in MiB; the UUIDs of the
# fixture's VG are fixed, those of an LV the call makes are not, so LVs are listed without).
lvm_state() {
    local out
    out="$(vgs -a --noheadings --units m --nosuffix -o vg_name,vg_uuid,vg_size,vg_free,lv_name,lv_size,lv_attr,origin,pool_lv "$1" 2>/dev/null | sort)"
    # A VG without LVs has no row of its LVs: the VG alone.
    [ -n "$out" ] || out="$(vgs --noheadings --units m --nosuffix -o vg_name,vg_uuid,vg_size,vg_free "$1" 2>/dev/null)"
    printf '%s
' "$out"
}

# blkio_cgroup NAME: the blkio cgroup NAME (cinder's volume_copy_blkio_cgroup_name, which
# cinder makes with cgcreate), made when missing. The cgroup hierarchy is the machine's, not
# the namespace's: one made here is listed in $RWN_RES/made, and the runner removes it after
# the run.
blkio_cgroup() {
    local d="/sys/fs/cgroup/blkio/$1"
    [ -d "$d" ] || { mkdir "$d" 2>/dev/null && echo "$d" >> "$RWN_RES/made"; } || [ -d "$d" ]
}

# loopmask [FILE]: FILE (default the call's stdout) with loop device names as /dev/loopN: the
# number the kernel gave the fixture's device is not the same twice.
loopmask() { sed -E 's#/dev/loop[0-9]+#/dev/loopN#g' "${1:-$RWN_RES/stdout}"; }

# --- Networks (runnable: netns). The call has a network namespace of its own (only lo, up):
# nothing here reaches the machine's network.

# net_state: the namespace's links (without ifindex and MACs, which the kernel draws), IPv4
# addresses and routes.
net_state() {
    ip -o link show | sed -E 's/^[0-9]+: //; s# +link/[a-z]+ [0-9a-f:]+( brd [0-9a-f:]+)?##; s/ +\\$//' | sort
    ip -o -4 addr show | sed -E 's/^[0-9]+: //; s/ +\\ +/ /g' | sort
    ip -4 route show | sort
}

# ovs_start [BRIDGE...]: Open vSwitch in this namespace: a fresh database in /etc/openvswitch
# (the overlay), ovsdb-server and ovs-vswitchd on /run/openvswitch, and each BRIDGE with the
# userspace datapath (datapath_type=netdev: no kernel module). The daemons end with the
# namespace.
ovs_start() {
    local log=/tmp/.rwn-legit-stage/ovs b
    mkdir -p /etc/openvswitch /run/openvswitch "$log"
    rm -f /etc/openvswitch/conf.db
    ovsdb-tool create /etc/openvswitch/conf.db /usr/share/openvswitch/vswitch.ovsschema
    ovsdb-server --remote=punix:/run/openvswitch/db.sock --pidfile=/run/openvswitch/ovsdb-server.pid \
        --detach --no-chdir --log-file="$log/ovsdb-server.log" /etc/openvswitch/conf.db
    ovs-vsctl --no-wait init
    ovs-vswitchd --pidfile=/run/openvswitch/ovs-vswitchd.pid --detach --no-chdir \
        --log-file="$log/ovs-vswitchd.log" unix:/run/openvswitch/db.sock
    for b in "$@"; do ovs-vsctl --timeout=10 add-br "$b" -- set bridge "$b" datapath_type=netdev; done
}

# ovs_state: each bridge's ports, and each port's type and external ids.
ovs_state() {
    local b p
    for b in $(ovs-vsctl --timeout=10 list-br); do
        for p in $(ovs-vsctl --timeout=10 list-ports "$b"); do
            printf '%s %s type=%s %s\n' "$b" "$p" "$(ovs-vsctl --timeout=10 get interface "$p" type)" "$(ovs-vsctl --timeout=10 get interface "$p" external_ids)"
        done
    done
}

# helper_run ARGV...: ARGV through the helper and configuration of this run, as the call
# itself goes (the service's earlier step: a daemon the line then stops).
helper_run() { runuser -u "$SVC_USER" -- sudo -n "$RWN_HELPER" "$RWN_CONF" "$@" < /dev/null; }

# netns_add NS [LINK...]: the network namespace NS (under this namespace's private /run), lo
# up, and each LINK there as one end of a veth pair (the other end named LINKp), up, its
# link-local address usable at once (no duplicate address detection: a daemon that binds it,
# dibbler-client, refuses a tentative one).
netns_add() {
    local ns="$1" l; shift
    ip netns add "$ns"; ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    for l in "$@"; do ip -n "$ns" link add "$l" type veth peer name "${l:0:14}p"; ip -n "$ns" link set "$l" up; ip -n "$ns" link set "${l:0:14}p" up; done
}

# neutron_dir DIR...: neutron's folders as the agents make them (neutron's own).
neutron_dir() { local d; for d in "$@"; do mkdir -p "$d"; chown neutron:neutron "$d"; done; }

# daemon_up PIDFILE...: waits (5 s at most) for each daemon's pid file and says whether the
# process it names is running; daemon_gone PIDFILE: whether no process it names is left.
daemon_up() {
    local f i pid
    for f in "$@"; do
        i=0; while [ ! -s "$f" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
        pid="$(tr -dc 0-9 2>/dev/null < "$f" || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$(basename "$f"): running"; else echo "$(basename "$f"): not running"; return 1; fi
    done
}
daemon_gone() {
    local pid i=0; pid="$(tr -dc 0-9 2>/dev/null < "$1" || true)"
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$(basename "$1"): still running"; return 1; fi
    echo "$(basename "$1"): stopped"
}
