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

# mkluks PATH SECRETFILE [SIZE]: a LUKS-encrypted qcow2 whose key is in SECRETFILE (secret id s0).
mkluks() {
    mkdir -p "$(dirname "$1")"
    qemu-img create -q -f qcow2 --object "secret,id=s0,file=$2" \
        -o encrypt.format=luks,encrypt.key-secret=s0 "$1" "${3:-1M}"
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
qinfo() { qemu-img info --output=json "$@" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); [d.pop(k, None) for k in ("actual-size","dirty-flag","format-specific")]; print(json.dumps(d, sort_keys=True))'; }

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
