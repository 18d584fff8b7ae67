# rootwrap-native hardened policy for manila (Debian 12, manila 15), read after the
# capability profile, with undeclared capabilities refused:
#
#   capability_profiles = /usr/share/rootwrap-native/profiles/manila.profile,
#                         /usr/share/rootwrap-native/profiles/hardened/manila.profile
#   undeclared_capabilities = deny
#
# Manila's filter file stays as it is (oslo.rootwrap ignores these sections). Every entry
# only refuses more: it admits the command lines manila's code builds
# (tests/isolation/legit/manila.json cites each one's function) and nothing else. Each entry
# says what the caller can still choose; "stays root" marks what this policy cannot close
# without breaking manila (docs/isolation.md lists them).
#
# Deployment assumptions, each named where it matters:
# - /var/lib/manila exists (manila-common makes it; [Paths] below names it, and a [Paths]
#   folder that does not exist is a configuration error).
# - trusted: configuration files need /etc/manila to be root's and not group-writable:
#   Debian makes it manila:manila 0770; make it root:manila 0750 (files root:manila 0640),
#   or privsep-helper (and with it the LVM driver) is refused.
# - Paths as manila's defaults build them: state_path /var/lib/manila (share mounts in
#   /var/lib/manila/mnt), the data service's mount_tmp_location /tmp/, ganesha_config_dir
#   /etc/ganesha, container_volume_mount_path /tmp/shares, container_image_name
#   manila-docker-container. Change the patterns with the options.
#
# Patterns used below: UUID [0-9a-f]{8}-...-[0-9a-f]{12}; a NAME is one path component that
# does not start with a dot ([A-Za-z0-9_-][A-Za-z0-9_.-]*), so never "." or ".."; below a
# data-service mount point, components are anything but "." and "..". A comma in a pattern
# is written \x2c (items are split on commas).

[Arguments]
# privsep-helper (oslo_privsep priv_context.helper_command, daemon.RootwrapClientChannel):
# manila.conf (and a second file once the init script passes one), root's under a root
# /etc/manila, manila's only context, a socket in the client's fresh temp folder. No
# --log-config-append (a logging configuration runs code), no file or context of the
# caller's. Stays root: manila.privsep.sys_admin_pctxt serves its client dd with any if=/of=
# (os.data_definition), mount of any device on any path, chmod of any mode on any path and
# rmdir: the service account can read, write and mount anything through the daemon. Only
# a narrower context in manila would change that.
privsep-helper.files1: --config-file, trusted:/etc/manila/[^/]+, --privsep_context, manila\.privsep\.sys_admin_pctxt, --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
privsep-helper.files2: --config-file, trusted:/etc/manila/[^/]+, --config-file, trusted:/etc/manila/[^/]+, --privsep_context, manila\.privsep\.sys_admin_pctxt, --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock

# chown (data/utils.py Copy.copy_stats): --reference from one data-service mount point to
# another, under /tmp/UUID. /tmp is everyone's, so either path may be the caller's symlink
# (a folder it made there): [Paths] below keeps the change inside /tmp, and
# fs.protected_hardlinks (Debian's default) keeps root's files elsewhere from being linked
# in. Stays: a root file that lives under /tmp itself (another service's temp folder) can
# be handed to the caller.
chown.copy: --reference=/tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*

# cat (ganesha/manager.py GaneshaManager._read_export_file): only an export file of
# ganesha's, root's in root's /etc/ganesha (the caller can put no symlink there).
cat.export: trusted:/etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf

# smbd, smb: no code of manila 15 starts Samba through rootwrap (the LVM and generic
# drivers use `net conf` on a running smbd); `smbd -s FILE` would run the caller's
# configuration (root preexec, log file).
smbd.unused: (?!)
smb.unused: (?!)

# dd: manila 15 runs dd inside its privsep daemon (privsep/os.py data_definition), never
# through rootwrap. A blank dd reads and writes any file.
dd.unused: (?!)

# net (share/drivers/helpers.py CIFSHelperIPAccess, CIFSHelperUserAccess): `net conf` on
# a share section only (never [global], never -s FILE or another subcommand), the path of
# addshare in manila's share mount folder, and only the parameters manila sets, so no
# `root preexec`, `force user`, `path` or `include` of the caller's. Values are host and
# user lists. Stays: /var/lib/manila is manila's, so the addshare path may be the caller's
# symlink to any folder, which smbd then serves with guest_ok to the allowed hosts, as the
# guest account (nobody), not as root.
net.list: conf, list
net.show: conf, (?:showshare|delshare), (?i)(?!global$|homes$|printers$)[A-Za-z0-9_-][A-Za-z0-9_.-]*
net.add: conf, addshare, (?i)(?!global$|homes$|printers$)[A-Za-z0-9_-][A-Za-z0-9_.-]*, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*, writeable=y, (?:guest_ok=y|guest_ok=n)
net.setparm: conf, setparm, (?i)(?!global$|homes$|printers$)[A-Za-z0-9_-][A-Za-z0-9_.-]*, (?:browseable|create mask|hosts deny|hosts allow|read only|valid users|read list), [A-Za-z0-9 ./:@+_\\-]*
net.getparm: conf, getparm, (?i)(?!global$|homes$|printers$)[A-Za-z0-9_-][A-Za-z0-9_.-]*, [a-z ]+

# cp (helpers.py NFSHelper._sync_nfs_temp_and_perm_files): the kernel's export table, root's,
# onto /etc/exports, nothing else. What it holds is what exportfs was told (below).
cp.exports: trusted:/var/lib/nfs/etab, /etc/exports
# cp (data/utils.py Copy.copy_data): one file from a data-service mount point to another,
# -P --preserve=all. Both are under /tmp, where the caller can make folders and symlinks:
# [Paths] keeps writes and reads inside /tmp (a symlink to /etc/sudoers or /root/... leads
# to a read-only or unreadable file), and the set drops CAP_FSETID (a write that keeps a
# set-id bit) and CAP_DAC_READ_SEARCH (open_by_handle_at leaves the view). In the view no
# set-id bit can be set, so a share file's setuid/setgid bits are not copied (cp fails on
# such a file). Stays: a file under /tmp itself (not a share) can be copied where the
# caller reads it.
cp.data: -P, --preserve=all, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*

# lvextend, lvcreate (container/storage_helper.py LVMHelper): size, name, volume group; no
# --config (LVM's whole configuration: log/file writes any file, *_executable names programs
# it runs) or any other option. The caller still picks the volume group: it can grow or add
# volumes in any group (space, not root).
lvextend.grow: -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtTpPeE]?, -n, /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*
lvcreate.new: -p, rw, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtTpPeE]?, -n, [A-Za-z0-9_+-][A-Za-z0-9_.+-]*, [A-Za-z0-9_+-][A-Za-z0-9_.+-]*
# lvconvert: manila 15 merges snapshots inside privsep (privsep/lvm.py), never through rootwrap.
lvconvert.unused: (?!)
# lvremove, lvrename, lvs, vgs (container/storage_helper.py): not rated critical, but they
# take --config as lvextend does; only the container driver's lines on its share volumes
# (logical volumes named by a share's UUID).
lvremove.share: -f, --autobackup, n, /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
lvrename.share: --autobackup, n, /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}, /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
lvs.size: -o, lv_size, --noheadings, --nosuffix, --units, g, /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
vgs.free: [A-Za-z0-9_+-][A-Za-z0-9_.+-]*, --options, vg_size\x2cvg_free, --noheadings, --units, g
# mkfs.ext4, e2fsck, resize2fs (container/storage_helper.py): not rated critical, but
# mkfs -d copies a folder (/root) into an image the caller names, e2fsck and resize2fs -z
# write an undo file anywhere; only the plain call on a share volume.
mkfs.ext4.share: /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
e2fsck.share: -f, -y, /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
resize2fs.share: /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
# mkfs.ext3, fsck, tune2fs, brctl: no code of manila 15 runs them through rootwrap (the LVM
# driver's go through privsep).
mkfs.ext3.unused: (?!)
fsck.unused: (?!)
tune2fs.unused: (?!)
brctl.unused: (?!)

# sed: generic.py's `sed -i` runs over SSH on the service VM, never through rootwrap here;
# a local sed runs commands (e) and rewrites any file (-i).
sed.unused: (?!)

# mount (glusterfs layouts, data/helper.py mount_share_instance with share_mount_template
# "mount -vt PROTO OPTIONS EXPORT PATH", hpe_3par_mediator, huawei v3 connection,
# zfsonlinux): a network file system (glusterfs, nfs, cifs) from a server onto one of
# manila's mount points (manila's glusterfs mount folder, a mkdtemp folder, the data
# service's /tmp/UUID, hpe's /mnt/UUID/{source_snap,dest_share}); cifs credentials with no
# further option; data_node_mount_options only from a list that adds no device, suid, bind or
# remount; no --bind, --move, -o remount, loop or other type. `--make-rshared` of zfs's
# pool mount and a bare `mount` (list). Stays root: the caller names the server, and
# manila's lines carry no nosuid, so a set-uid file on a server the caller controls runs as
# root once mounted (set data_node_mount_options to "-o nosuid,nodev" and export shares
# nosuid where the back end allows it); /var/lib/manila is manila's, so a glusterfs mount
# point there may be the caller's symlink to any folder, which the volume then covers; the
# mkdtemp and /tmp/UUID targets are safe from that only with fs.protected_symlinks=1
# (Debian's default), under which root does not follow the caller's symlink in /tmp.
# [Paths] can't help: a mount in a private view is no mount for manila.
mount.gluster: -t, glusterfs, [A-Za-z0-9.:\[\]_-]+:/[A-Za-z0-9_./-]*, (?:/var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*|/tmp/tmp[a-z0-9_]{8})
mount.nfs: (?:-t|-vt), (?:nfs|nfs4|glusterfs), [A-Za-z0-9.:\[\]_-]+:/[A-Za-z0-9_./-]*, (?:/tmp/tmp[a-z0-9_]{8}|/tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|/mnt/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(source_snap|dest_share))
mount.nfsopts: -vt, (?:nfs|nfs4|glusterfs|cifs), -o, (vers=[0-9.]+|nfsvers=[0-9.]+|minorversion=[0-9]+|proto=(tcp|udp|rdma|tcp6|udp6)|port=[0-9]+|rsize=[0-9]+|wsize=[0-9]+|timeo=[0-9]+|retrans=[0-9]+|sec=[a-z0-9:]+|hard|soft|nolock|noatime|nodiratime|nosuid|nodev|noexec|ro|rw|_netdev|sync|async)(\x2c(vers=[0-9.]+|nfsvers=[0-9.]+|minorversion=[0-9]+|proto=(tcp|udp|rdma|tcp6|udp6)|port=[0-9]+|rsize=[0-9]+|wsize=[0-9]+|timeo=[0-9]+|retrans=[0-9]+|sec=[a-z0-9:]+|hard|soft|nolock|noatime|nodiratime|nosuid|nodev|noexec|ro|rw|_netdev|sync|async))*, [A-Za-z0-9.:\[\]_/-]+, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
mount.cifs: -t, cifs, //[A-Za-z0-9.:\[\]_-]+/[A-Za-z0-9_.$-]+, (?:/tmp/tmp[a-z0-9_]{8}|/mnt/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(source_snap|dest_share)), -o, username=[^\x2c=]*\x2cpassword=[^\x2c]*(\x2cdomain=[^\x2c=]*)?
mount.rshared: --make-rshared, (/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+
mount.list:

# ip (network/linux/ip_lib.py, container/driver.py): link, addr and route in the host's
# namespace, as manila 15 runs them (its interface drivers use no namespace). No netns exec,
# vrf exec, -batch (whose lines may say "netns exec"), -force, no XDP or other BPF object;
# and the set drops CAP_SYS_ADMIN, which none of these needs. The caller can still change
# the host's links, addresses and routes (network access, not root).
ip.plain: (?:link|addr|address|route), (?!(xdp|xdpgeneric|xdpdrv|xdpoffload|obj|object|pinned|section|prog|exec)$)[A-Za-z0-9:./_@-]+, ...
ip.family: (?:-4|-6|-o|-oneline), (?:link|addr|address|route), (?!(xdp|xdpgeneric|xdpdrv|xdpoffload|obj|object|pinned|section|prog|exec)$)[A-Za-z0-9:./_@-]+, ...

# find (glusterfs layout_volume.py GlusterfsVolumeMappedLayout._wipe_gluster_vol): empty the
# volume mounted on a mkdtemp folder, keeping the trashcan, only -delete (no -exec,
# -fprintf, -newer FILE...). The folder is the caller's, in /tmp: [Paths] keeps the deletion
# inside /tmp. Stays: what lies under /tmp itself can be deleted.
find.wipe: /tmp/tmp[a-z0-9_]{8}, -mindepth, 1, -delete
find.wipe_trash: /tmp/tmp[a-z0-9_]{8}, -mindepth, 1, !, -path, /tmp/tmp[a-z0-9_]{8}/\.trashcan, !, -path, /tmp/tmp[a-z0-9_]{8}/\.trashcan/internal_op, -delete

# rsync (ibm/gpfs.py GPFSShareDriver._create_share_from_snapshot): -rp from a share's
# snapshot folder into a share, both under manila's GPFS mount folder; no -e (remote shell),
# --rsync-path or other option. /var/lib/manila is manila's, so either may be the caller's
# symlink: [Paths] keeps writes and reads inside /var/lib/manila (a gpfs_mount_point_base
# elsewhere needs its own path here).
rsync.snapshot: -rp, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*/\.snapshots/[A-Za-z0-9_-][A-Za-z0-9_.-]*/, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*

# exportfs (helpers.py NFSHelper, zfsonlinux/utils.py NFSviaZFSHelper, ibm/gpfs.py
# KNFSHelper): list, re-export all, export a share under manila's mount folder with the
# options manila and share types use, unexport. Stays root: manila exports shares with
# no_root_squash to the clients it is told, so whoever is root on a client the caller names
# is root on the share; /var/lib/manila is manila's, so the path may be the caller's symlink
# to any folder of the host (/), which is then exported rw with no_root_squash; and a share
# whose file system is mounted without nosuid (the LVM driver's, mounted by privsep) gets a
# set-uid file from such a client that runs as root on this host. No shape can tell a share
# from a symlink the caller made there.
exportfs.list:
exportfs.all: (?:-a|-r)
exportfs.export: -o, (rw|ro|sync|async|secure|insecure|wdelay|no_wdelay|subtree_check|no_subtree_check|root_squash|no_root_squash|all_squash|no_all_squash|sec=[a-z0-9:]+|anonuid=[0-9]+|anongid=[0-9]+)(\x2c(rw|ro|sync|async|secure|insecure|wdelay|no_wdelay|subtree_check|no_subtree_check|root_squash|no_root_squash|all_squash|no_all_squash|sec=[a-z0-9:]+|anonuid=[0-9]+|anongid=[0-9]+))*, [A-Za-z0-9.:/*?@\[\]_-]+:/var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*
exportfs.unexport: -u, [A-Za-z0-9.:/*?@\[\]_-]+:(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+

# chmod (ibm/gpfs.py _create_share, data/utils.py Copy.copy_stats, huawei v3
# helper.py RestHelper._change_file_mode, zfsonlinux driver.py migration_start): 777 on a GPFS
# share, --reference between data-service mount points, 666 on huawei's own configuration
# file (root's in a root /etc/manila; once made 666 it is no longer trusted, and huawei
# never asks again), 755 on zfs's migration script in a mkdtemp folder. The share and /tmp
# paths may be the caller's symlinks: [Paths] keeps them inside /var/lib/manila and /tmp, and
# in the view no set-id bit can be set (chmod --reference of /usr/bin/passwd onto a file the
# caller had chown'ed to root).
chmod.gpfs: 777, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*
chmod.copy: --reference=/tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*
chmod.huawei: 666, trusted:/etc/manila/manila_huawei_conf\.xml
chmod.zfs: 755, /tmp/tmp[a-z0-9_]{8}/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.sh

# mmnfs (ibm/gpfs.py CESHelper): add, change, list, remove the export of a share under
# manila's GPFS mount folder, clients with the options share types give (no_root_squash
# among them, by design, for the clients manila is told). Stays: as for exportfs, root on a
# client the caller names is root on that share.
mmnfs.add: export, add, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*, -c, [A-Za-z0-9.:/*@_-]+\([A-Za-z0-9_=:]+(\x2c[A-Za-z0-9_=:]+)*\)
mmnfs.nfsadd: export, change, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*, --nfsadd, [A-Za-z0-9.:/*@_-]+\([A-Za-z0-9_=:]+(\x2c[A-Za-z0-9_=:]+)*\)
mmnfs.nfsremove: export, change, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*, --nfsremove, [A-Za-z0-9.:/*@_-]+
mmnfs.list: export, list, -n, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*, -Y
mmnfs.remove: export, remove, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*

# mv (ganesha/manager.py GaneshaManager._write_conf_file): ganesha's temp file (root's,
# written below) onto its export file, both in root's /etc/ganesha/export.d.
mv.export: trusted:/etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf\.[A-Za-z0-9]{6}, /etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf
# mktemp (same function): not rated critical; only ganesha's temp file in its export folder.
mktemp.export: -p, /etc/ganesha/export\.d, -t, [A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf\.XXXXXX

# shcat (ganesha/manager.py _write_tmp_conf_file, _mkindex): `echo 'TEXT' > TEMPFILE` with
# no quote in TEXT, so the shell runs that one echo, and TEMPFILE one of ganesha's temp
# files. TEXT is one EXPORT block (its FSAL and CLIENT blocks inside) whose FSAL is GLUSTER
# or CEPH, as manila's templates make it (no LOG block, which writes any file; no FSAL VFS,
# which exports the host's own folders; no %include or %url), or, for INDEX.conf, the
# %include lines of ganesha's own export files. The caller still writes an export of any
# gluster volume or ceph path to any client (storage, not this host's files).
shcat.export: -c, echo '(?i:\s*EXPORT\s*\{(?![^']*\bname\s*=(?!\s*"?(gluster|ceph)"?\s*\x3b))([^{}'%]|\b(FSAL|CLIENT)\s*\{[^{}'%]*\})*\}\s*)' > /etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf\.[A-Za-z0-9]{6}
shcat.index: -c, echo '(%include /etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf\n)*' > /etc/ganesha/export\.d/INDEX\.conf\.[A-Za-z0-9]{6}
# rmconf (ganesha/manager.py reset_exports): ganesha's export folder only, nothing after it.
rmconf.reset: -c, rm -f /etc/ganesha/export\.d/\*\.conf
# dbus-send to ganesha (manager.py add_export, update_export, remove_export): not rated
# critical, but AddExport of a file the caller wrote would bypass shcat's check above; only
# ganesha's own export files.
dbus-addexport.add: --print-reply, --system, --dest=org\.ganesha\.nfsd, /org/ganesha/nfsd/ExportMgr, org\.ganesha\.nfsd\.exportmgr\.AddExport, string:/etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf, string:EXPORT\(Export_Id=[0-9]+\)
dbus-updateexport.update: --print-reply, --system, --dest=org\.ganesha\.nfsd, /org/ganesha/nfsd/ExportMgr, org\.ganesha\.nfsd\.exportmgr\.UpdateExport, string:/etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf, string:EXPORT\(Export_Id=[0-9]+\)
dbus-removeexport.remove: --print-reply, --system, --dest=org\.ganesha\.nfsd, /org/ganesha/nfsd/ExportMgr, org\.ganesha\.nfsd\.exportmgr\.RemoveExport, uint16:[0-9]+
# service (manager.py restart_service): ganesha's restart only; with a free name the caller
# starts or stops any service of the host.
service.ganesha: (?:ganesha\.nfsd|nfs-ganesha), restart

# zfs (zfsonlinux/driver.py, utils.py): each subcommand manila runs, properties only from
# those it and dataset_creation_options set (never mountpoint, canmount, setuid, devices,
# exec, zoned, overlay: `set mountpoint=/etc` or `create -o mountpoint=/etc` puts a dataset
# the caller filled over a host folder). Stays: a dataset's default mountpoint is inherited
# from its pool, so where the pool (or a parent in zfs_zpool_list) is mounted above host
# folders (root on ZFS), create or rename puts a dataset there; the datasets' setuid=on
# default with sharenfs no_root_squash lets root on a client the caller names plant a
# set-uid file that runs as root here (set setuid=off on manila's pools).
zfs.create: create, (?:-o|(compression|dedup|readonly|quota|refquota|reservation|refreservation|atime|relatime|checksum|recordsize|copies|logbias|sync|xattr|acltype|aclinherit|aclmode|casesensitivity|normalization|utf8only|snapdir|primarycache|secondarycache|redundant_metadata|dnodesize|special_small_blocks)=[A-Za-z0-9_.:=@/+-]*|(?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+), ...
zfs.set: set, (?:(compression|dedup|readonly|quota|refquota|reservation|refreservation|atime|relatime|checksum|recordsize|copies|logbias|sync|xattr|acltype|aclinherit|aclmode|snapdir|primarycache|secondarycache|redundant_metadata|dnodesize|special_small_blocks|sharesmb)=[A-Za-z0-9_.:=@/+-]*|sharenfs=[^\x00]*), (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+
zfs.destroy: destroy, (?:-f|-r), (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+(@[A-Za-z0-9_.:-]+)?
zfs.list: list, -r, (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)*(@[A-Za-z0-9_.:-]+)?
zfs.listsnap: list, -r, -t, snapshot, (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)*(@[A-Za-z0-9_.:-]+)?
zfs.snapshot: snapshot, (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+@[A-Za-z0-9_.:-]+
zfs.get: get, [a-z_:.]+, (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)*(@[A-Za-z0-9_.:-]+)?
zfs.rename: rename, (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+(@[A-Za-z0-9_.:-]+)?, (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+(@[A-Za-z0-9_.:-]+)?
zfs.mountall: mount
zfs.mount: (?:mount|share), (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+
zfs.umount: umount, -f, (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+
# zpool (zfsonlinux utils.py get_zpool_option): not rated critical, but `zpool create -m
# /etc` or `set cachefile=` is root; only `get`.
zpool.get: get, [a-z_:.]+, (?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)*

# docker (container/container_helper.py DockerExecHelper, driver.py, protocol_helper.py,
# security_service_helper.py): the container manila creates (its image, privileged, /dev
# and the shares folder, as container_helper.create_container has it), and in it only the
# commands manila runs, each with manila's arguments: no `docker run`, no other image,
# volume or option, no `exec` of a shell or command of the caller's (the container is
# privileged with /dev: what runs in it is root on the host). Stays root: the container's
# /shares is the host's /tmp/shares (container_volume_mount_path), in a folder anyone can
# create first; if the caller owns it, a share's mount target there can be its symlink to a
# folder of the container (/usr/bin), over which mount puts a volume the caller filled
# through Samba, and the next exec runs the caller's program in the privileged container
# (make /tmp/shares root's before manila starts, or point the option elsewhere).
docker.create: container, create, --name=manila_[A-Za-z0-9_]+, --privileged, -v, /dev:/dev, -v, /tmp/shares:/shares, manila-docker-container
docker.start: container, start, manila_[A-Za-z0-9_]+
docker.stop: stop, manila_[A-Za-z0-9_]+
docker.rename: rename, manila_[A-Za-z0-9_]+, manila_[A-Za-z0-9_]+
docker.ps: ps, --no-trunc, --format='\{\{\.Names\}\}'
docker.inspect: container, inspect, -f, '\{\{json \.NetworkSettings\.Networks\}\}', manila_[A-Za-z0-9_]+
docker.network: network, (?:create|remove), manila-docker-network-[A-Za-z0-9_-]+
docker.netinspect: network, inspect, -f, \{\{\.Id\}\}, manila-docker-network-[A-Za-z0-9_-]+
docker.netconnect: network, (?:connect|disconnect), (?:manila-docker-network-[A-Za-z0-9_-]+|bridge), manila_[A-Za-z0-9_]+
docker.mount: exec, -i, manila_[A-Za-z0-9_]+, mount, /dev/[A-Za-z0-9_+-][A-Za-z0-9_.+-]*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}, /shares/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
docker.umount: exec, -i, manila_[A-Za-z0-9_]+, umount, /shares/[A-Za-z0-9_-][A-Za-z0-9_.-]*
docker.mkdir: exec, -i, manila_[A-Za-z0-9_]+, mkdir, -m, 750, /shares/[A-Za-z0-9_-][A-Za-z0-9_.-]*
docker.rm: exec, -i, manila_[A-Za-z0-9_]+, rm, -fR, /shares/[A-Za-z0-9_-][A-Za-z0-9_.-]*
docker.ifconfig: exec, -i, manila_[A-Za-z0-9_]+, ifconfig, [A-Za-z0-9_.-]+, [0-9a-fA-F.:/]+, up
docker.iplink: exec, -i, manila_[A-Za-z0-9_]+, ip, link, set, dev, [A-Za-z0-9_.-]+, address, [0-9a-fA-F:]+
docker.iplinks: exec, -i, manila_[A-Za-z0-9_]+, ip, -o, link, show
docker.ipaddr: exec, -i, manila_[A-Za-z0-9_]+, ip, -oneline, -family, (?:inet|inet6), address, show, scope, global, dev, [A-Za-z0-9_.-]+
docker.iflink: exec, -i, manila_[A-Za-z0-9_]+, bash, -c, cat /sys/class/net/eth\*/iflink
docker.netadd: exec, -i, manila_[A-Za-z0-9_]+, net, conf, addshare, (?i)(?!global$|homes$|printers$)[A-Za-z0-9_-][A-Za-z0-9_.-]*, /shares/[A-Za-z0-9_-][A-Za-z0-9_.-]*, writeable=y, (?:guest_ok=y|guest_ok=n)
docker.netsetparm: exec, -i, manila_[A-Za-z0-9_]+, net, conf, setparm, (?i)(?!global$|homes$|printers$)[A-Za-z0-9_-][A-Za-z0-9_.-]*, (?:browseable|create mask|hosts deny|hosts allow|read only|valid users|read list), [A-Za-z0-9 ./:@+_\\-]*
docker.netdel: exec, -i, manila_[A-Za-z0-9_]+, net, conf, delshare, (?i)(?!global$|homes$|printers$)[A-Za-z0-9_-][A-Za-z0-9_.-]*
docker.netgetparm: exec, -i, manila_[A-Za-z0-9_]+, net, conf, getparm, (?i)(?!global$|homes$|printers$)[A-Za-z0-9_-][A-Za-z0-9_.-]*, [a-z ]+
docker.ldap: exec, manila_[A-Za-z0-9_]+, ldapwhoami, -x, -H, ldap://localhost:389, -D, cn=[^\x2c=]+\x2cdc=example\x2cdc=com, -w, .*

# ls, stat, sha256sum, touch (data/utils.py Copy.get_total_size, copy_data, copy_stats,
# validate_copied_data): not rated critical, but free they list, stat and hash any file and
# make root's empty files anywhere. Only the data service's lines on its /tmp/UUID mount
# points, where the way may be the caller's symlink: [Paths] limits reads (ls, sha256sum)
# and the write (touch) to /tmp, with no capability that leaves the view. Stays: stat reports
# the size of the file a symlink there leads to, wherever it is (metadata, not contents).
ls.data: -pA1, --group-directories-first, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*
stat.data: -c, %s, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*
sha256sum.data: /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*
touch.data: --reference=/tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*

# gluster (glusterfs/common.py GlusterManager, layout_directory.py, layout_volume.py,
# glusterfs_native.py): not rated critical, but where glusterd runs on this host a free
# gluster CLI is root: `volume create V host:/etc force`, then `volume set V
# storage.owner-uid UID` hands the brick (/etc) to the caller, and options such as
# nfs.mount-rmtab name files the server writes. Only the subcommands manila runs, on a
# volume, and only the options it sets (the NFS export and access ones, SSL, its own user.
# tags); values are manila's (paths, addresses, certificate names, ids), never a file of the
# server's.
gluster.version: --version
gluster.info: --xml, volume, info, [A-Za-z0-9_.-]+
gluster.get: --xml, volume, get, [A-Za-z0-9_.-]+, [a-z0-9.-]+
gluster.set: volume, set, [A-Za-z0-9_.-]+, (?:nfs\.export-dir|nfs\.export-volumes|nfs\.rpc-auth-allow|nfs\.rpc-auth-reject|nfs\.disable|auth\.ssl-allow|client\.ssl|server\.ssl|server\.dynamic-auth|user\.manila-share|user\.manila-cloned-from), [^\x00]*
gluster.reset: volume, reset, [A-Za-z0-9_.-]+, (?:nfs\.export-dir|nfs\.export-volumes|nfs\.rpc-auth-allow|nfs\.rpc-auth-reject|nfs\.disable|auth\.ssl-allow|client\.ssl|server\.ssl|server\.dynamic-auth|user\.manila-share|user\.manila-cloned-from)
gluster.list: volume, list
gluster.stop: volume, stop, [A-Za-z0-9_.-]+, --mode=script
gluster.start: volume, (?:start|delete), [A-Za-z0-9_.-]+
gluster.quota: volume, quota, [A-Za-z0-9_.-]+, enable
gluster.limit: volume, quota, [A-Za-z0-9_.-]+, limit-usage, /[A-Za-z0-9_.-]+, [0-9]+[KMGTP]?B
gluster.quotalist: --xml, volume, quota, [A-Za-z0-9_.-]+, list, /[A-Za-z0-9_.-]+
gluster.snaplist: snapshot, list, [A-Za-z0-9_.-]+, --mode=script
gluster.snapinfo: snapshot, info, [A-Za-z0-9_.-]+
gluster.snapcreate: --xml, snapshot, create, [A-Za-z0-9_.-]+, [A-Za-z0-9_.-]+
gluster.snapdelete: --xml, snapshot, delete, [A-Za-z0-9_.-]+, --mode=script
gluster.snapactivate: snapshot, activate, [A-Za-z0-9_.-]+, force, --mode=script
gluster.snapclone: snapshot, clone, [A-Za-z0-9_.-]+, [A-Za-z0-9_.-]+

# tee: manila/utils.py has no caller of its tee in manila 15; a blank tee writes any file.
tee.unused: (?!)

# mkdir (ganesha manager, glusterfs layouts, data/utils.py, hpe): not rated critical, but
# `mkdir -m 777 /etc/systemd/system/X.service.d` plus `service X restart` is root. Only
# manila's folders, no -m (so root's 0755); the data service's under /tmp, where the caller
# can make the way, confined to /tmp.
mkdir.data: -p, /tmp/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(?!\.\.?(/|$))[^/]+)*
mkdir.parents: -p, (?:/etc/ganesha/export\.d|/var/lib/manila|/mnt/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(source_snap|dest_share))?)
mkdir.one: (?:/var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*/[A-Za-z0-9_-][A-Za-z0-9_.-]*|/mnt/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/(source_snap|dest_share))?)

# rm (ganesha manager.py, glusterfs layout_directory.py, hpe_3par_mediator.py): not rated
# critical (it deletes, it gives no root), but a free rm -rf deletes the host; only ganesha's
# temp and export files and shares in manila's mount folders. /var/lib/manila is manila's, so
# the way to a share there may be the caller's symlink: [Paths] keeps that deletion inside
# /var/lib/manila.
rm.ganesha: (?:-f|-rf), /etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf(\.[A-Za-z0-9]{6})?
rm.ganesha_tmp: /etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf\.[A-Za-z0-9]{6}
rm.share: -rf, /var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*/[A-Za-z0-9_-][A-Za-z0-9_.-]*
rm.hpe: -rf, /mnt/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[A-Za-z0-9_-][A-Za-z0-9_.-]*

# ovs-vsctl (network/linux/interface.py, container_helper.py): not rated critical, but
# --log-file=FILE or --bootstrap-ca-cert=FILE writes any file; database commands only, with
# no option but --, --may-exist, --if-exists and --timeout.
ovs-vsctl.db: (?:--|--may-exist|--if-exists|--timeout=[0-9]+|(?!-)[A-Za-z0-9:._=@"/-]+), ...

[Paths]
# The data-service shapes work on /tmp/UUID mount points (or mkdtemp folders) only.
chown.copy: rw /tmp
cp.data: rw /tmp, ro /tmp
chmod.copy: rw /tmp
chmod.zfs: rw /tmp
find.wipe: rw /tmp
find.wipe_trash: rw /tmp
mkdir.data: rw /tmp
ls.data: ro /tmp
sha256sum.data: ro /tmp
touch.data: rw /tmp
# GPFS shares are under manila's state folder.
chmod.gpfs: rw /var/lib/manila
rm.share: rw /var/lib/manila
rsync.snapshot: rw /var/lib/manila, ro /var/lib/manila

[Capabilities]
# Confined shapes keep no capability that leaves the view (CAP_DAC_READ_SEARCH opens by
# handle); CAP_DAC_OVERRIDE searches the folders instead.
chown.copy: CAP_CHOWN, CAP_DAC_OVERRIDE
cp.data: CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER
chmod.copy: CAP_FOWNER, CAP_DAC_OVERRIDE
chmod.zfs: CAP_FOWNER, CAP_DAC_OVERRIDE
chmod.gpfs: CAP_FOWNER, CAP_DAC_OVERRIDE
rsync.snapshot: CAP_DAC_OVERRIDE
ls.data: CAP_DAC_OVERRIDE
stat.data: CAP_DAC_OVERRIDE
sha256sum.data: CAP_DAC_OVERRIDE
touch.data: CAP_FOWNER, CAP_DAC_OVERRIDE
# resize2fs (container driver extend_share): the share's LV grown offline (the driver unmounts
# it in the container first, and e2fsck -f has just checked it): the device is root's, so no
# online grow (EXT4_IOC_RESIZE_FS, CAP_SYS_RESOURCE) and no mount point to look up.
resize2fs.share:
# ip: links, addresses and routes need CAP_NET_ADMIN only.
ip.plain: CAP_NET_ADMIN
ip.family: CAP_NET_ADMIN
