# rootwrap-native hardened policy for cinder (Debian 12, cinder 21 with os-brick 6), read
# after the capability profile, with undeclared capabilities refused:
#
#   capability_profiles = /usr/share/rootwrap-native/profiles/cinder.profile,
#                         /usr/share/rootwrap-native/profiles/hardened/cinder.profile
#   undeclared_capabilities = deny
#
# Debian's volume.filters stays as it is. Every entry only refuses more: it admits the
# command lines cinder and os-brick build (tests/isolation/legit/cinder.json cites each
# one's function) and, of what the caller could choose, no configuration file of its own
# (LVM's --config, lvm.conf, oslo.log's logging configuration), no program of its own
# (a chain runs only the leaves listed in [Chains]), and no path outside cinder's.
#
# What it assumes of the deployment, as cinder's defaults have it (change the patterns
# here when yours differ):
#   volume_group = cinder-volumes (LVs as cinder-volumes/NAME, /dev/mapper/cinder--volumes-NAME,
#     /dev/cinder-volumes/NAME); state_path = /var/lib/cinder (mounts under mnt/<md5>,
#     images under conversion/, backup mounts under backup_mount/<md5>);
#     gpfs_mount_point_base = /gpfs/fs1/cinder, gpfs_images_dir = /gpfs/fs1/images;
#     volume_copy_blkio_cgroup_name = cinder-volume-copy.
#   /var/lib/cinder exists ([Paths] below names it: a missing one is a configuration error).
#   cinder.conf (and /etc/cinder/lvm.conf when lvm_conf_file is used) is root's, in a folder
#   root owns: Debian makes /etc/cinder cinder:cinder 0770, and a privsep-helper or
#   LVM_SYSTEM_DIR call naming a file the caller could have written is refused (trusted:).
#
# [Paths]: cinder's state folder is cinder's own, so every path under it may be a symlink the
# caller planted (volume-X -> /etc/shadow). The shapes that write, chown or chmod there run
# in a view where only /var/lib/cinder is writable (and /etc/cinder for cinder.conf's
# chmod), so such a symlink ends on a read-only mount (EROFS). Those that read a caller's
# image (qemu-img's backing files, dd's source) may read only /var/lib/cinder, the system's
# programs and /dev. What stays root whatever the policy is listed, entry by entry, with
# "Remains:"; docs/isolation.md gathers it.

[Chains]
# ionice -cN (volume_utils.copy_volume) runs only dd; never cp, the caller's program or a privsep-helper.
ionice_2: dd
# cgexec -g blkio:cinder-volume-copy (volume_utils.copy_volume, image_utils.convert_image) runs dd, ionice -cN dd, or qemu-img convert.
cgexec: dd, ionice_2, qemu-img_convert

[Arguments]

# --- privsep-helper (oslo_privsep priv_context.helper_command). cinder.conf (and
# cinder-volume.conf or cinder-backup.conf, as the daemons' init scripts pass them), root's and
# under root's folders; one of the two contexts cinder and os-brick use; the socket in the
# client's fresh temp folder. No --log-config-append (its handler args= are evaluated as
# Python), no --config-dir of the caller's, no context of the caller's choice.
# Remains: a daemon serves its client every function of its context. os_brick.privileged.default
# (CAP_SYS_ADMIN) offers os_brick.privileged.rootwrap.execute_root, any command as root;
# cinder.privsep.sys_admin_pctxt offers path.touch/removefile/symlink, fs.umount, targets.tgt and
# nvmet calls with the caller's arguments. Only a narrower context in os-brick and cinder closes that.
privsep-helper.files1: --config-file, trusted:/etc/cinder/[a-z0-9_-]+\.conf, --privsep_context, (os_brick\.privileged\.default|cinder\.privsep\.sys_admin_pctxt), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
privsep-helper.files2: --config-file, trusted:/etc/cinder/[a-z0-9_-]+\.conf, --config-file, trusted:/etc/cinder/[a-z0-9_-]+\.conf, --privsep_context, (os_brick\.privileged\.default|cinder\.privsep\.sys_admin_pctxt), --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
# privsep-rootwrap: its /etc/(?!\.\.).* admits /etc/./../<caller's folder>/p.conf (the exploit); only cinder's root-owned files. Remains: as privsep-helper (os-brick's context).
privsep-rootwrap.std: --config-file, trusted:/etc/cinder/[a-z0-9_-]+\.conf, --privsep_context, os_brick\.privileged\.default, --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock
# privsep-rootwrap-sys_admin: the same for cinder's own context. Remains: as privsep-helper (cinder's context).
privsep-rootwrap-sys_admin.std: --config-file, trusted:/etc/cinder/[a-z0-9_-]+\.conf, --privsep_context, cinder\.privsep\.sys_admin_pctxt, --privsep_sock_path, /tmp/tmp[a-z0-9_]+/privsep\.sock

# --- Targets.
# iscsictl (targets/cxt.py CxtAdm): list, show, stop a target, or -S with the volume's target file
# in cinder's volumes folder and the root-owned chiscsi.conf; no -f of the caller's elsewhere.
# Remains: the target file is written by cinder itself (CxtAdm.create_iscsi_target) in its own
# folder, so the caller still chooses TargetDevice= (any block device or file, exported without
# CHAP); the chiscsi kernel target opens it, outside anything [Paths] can confine.
iscsictl.show: -c|-s, target=(ALL|iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?)
iscsictl.start: -S, target=iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?, -f, /var/lib/cinder/volumes/cxt/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -x, trusted:/etc/chelsio-iscsi/chiscsi\.conf
# cinder-rtstool (targets/lio.py LioAdm): its sub-commands as cinder builds them, the backing
# device an LV of cinder's VG; save and restore only to and from LIO's own default file
# (/etc/target/saveconfig.json: 'save PATH' wrote JSON over any file).
# Remains: any LV of cinder's VG (every tenant's volume) can be exported to any initiator with
# CHAP credentials of the caller's; that is the target's purpose.
cinder-rtstool.get: get-targets|save|restore|verify
cinder-rtstool.create: create, /dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?, [A-Za-z0-9]+, [A-Za-z0-9]+, True|False, -p[0-9]+|-a[0-9a-fA-F.:\[\]]+(\x2c[0-9a-fA-F.:\[\]]+)*|iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?, ...
cinder-rtstool.delete: delete, iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?
cinder-rtstool.add: add-initiator, iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?, [A-Za-z0-9]+, [A-Za-z0-9]+, iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?
cinder-rtstool.remove: delete-initiator, iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?, iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?
# iscsiadm (targets/iscsi.py, driver.py _do_iscsi_discovery): sendtargets discovery of a portal only.
iscsiadm.discovery: -m, discovery, -t, sendtargets, -p, [A-Za-z0-9.:\[\]_-]+

# --- LVM reports (brick/local_dev/lvm.py LVM). Not rated critical, but root all the same:
# --config (log/file, global/*_executable) or an lvm.conf of the caller's. Only cinder's
# options and names, no --config, --profile or --commandprofile; LVM_SYSTEM_DIR only
# /etc/cinder, and only while it is root's (trusted:).
pvs: LC_ALL=C, pvs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
pvs2: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, pvs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
pvs3: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, pvs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
pvs4: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, pvs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
vgs: LC_ALL=C, vgs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
vgs2: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, vgs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
vgs3: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, vgs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
vgs4: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, vgs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
lvs: LC_ALL=C, lvs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
lvs2: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
lvs3: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
lvs4: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvs, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
lvdisplay: LC_ALL=C, lvdisplay, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
lvdisplay2: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvdisplay, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
lvdisplay3: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvdisplay, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...
lvdisplay4: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvdisplay, --noheadings|--noheading|--unit=g|-o|--separator|\||:|--nosuffix|--ignoreskippedcluster|--readonly|-C|[A-Za-z_]+(\x2c[A-Za-z_]+)*|cinder-volumes|cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, ...

# --- LVM changes. lvcreate (LVM.create_volume, create_thin_pool, create_lv_snapshot), lvextend
# (extend_volume), lvchange (activate_lv, deactivate_lv), lvremove (_delete_lv): each shape as
# lvm.py builds it, in cinder's VG; no --config (the exploits: log/file overwrites any file, and
# global/thin_check_executable or fsadm_executable name programs LVM runs as root); the
# *_lvmconf filters' LVM_SYSTEM_DIR only /etc/cinder while root's (trusted:).
# Remains: every LV of cinder's VG (every tenant's volume) is the caller's to create, snapshot,
# extend or remove; a snapshot of a volume the caller does not own is a copy it can then read
# through dd or qemu-img. That is the volume service's job, not a way to root.
lvcreate.plain: LC_ALL=C, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
lvcreate.mirror: LC_ALL=C, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, --type=mirror, -m, [0-9]+, --nosync, --mirrorlog, mirrored
lvcreate.mirror_r: LC_ALL=C, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, --type=mirror, -m, [0-9]+, --nosync, --mirrorlog, mirrored, -R, [0-9]+
lvcreate.thin: LC_ALL=C, lvcreate, -T, -V, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate.pool: LC_ALL=C, lvcreate, -T, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate.snap: LC_ALL=C, lvcreate, --name, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --snapshot, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate.snap_sized: LC_ALL=C, lvcreate, --name, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --snapshot, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
lvcreate_fdwarn.plain: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
lvcreate_fdwarn.mirror: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, --type=mirror, -m, [0-9]+, --nosync, --mirrorlog, mirrored
lvcreate_fdwarn.mirror_r: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, --type=mirror, -m, [0-9]+, --nosync, --mirrorlog, mirrored, -R, [0-9]+
lvcreate_fdwarn.thin: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -T, -V, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_fdwarn.pool: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -T, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_fdwarn.snap: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, --name, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --snapshot, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_fdwarn.snap_sized: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, --name, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --snapshot, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
lvcreate_lvmconf.plain: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
lvcreate_lvmconf.mirror: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, --type=mirror, -m, [0-9]+, --nosync, --mirrorlog, mirrored
lvcreate_lvmconf.mirror_r: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, --type=mirror, -m, [0-9]+, --nosync, --mirrorlog, mirrored, -R, [0-9]+
lvcreate_lvmconf.thin: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvcreate, -T, -V, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_lvmconf.pool: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvcreate, -T, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_lvmconf.snap: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvcreate, --name, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --snapshot, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_lvmconf.snap_sized: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvcreate, --name, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --snapshot, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
lvcreate_lvmconf_fdwarn.plain: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
lvcreate_lvmconf_fdwarn.mirror: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, --type=mirror, -m, [0-9]+, --nosync, --mirrorlog, mirrored
lvcreate_lvmconf_fdwarn.mirror_r: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, --type=mirror, -m, [0-9]+, --nosync, --mirrorlog, mirrored, -R, [0-9]+
lvcreate_lvmconf_fdwarn.thin: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -T, -V, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, -n, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_lvmconf_fdwarn.pool: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, -T, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_lvmconf_fdwarn.snap: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, --name, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --snapshot, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvcreate_lvmconf_fdwarn.snap_sized: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvcreate, --name, [A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --snapshot, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
lvextend: LC_ALL=C, lvextend, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvextend_fdwarn: LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS=1, lvextend, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvextend_lvmconf: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, lvextend, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvextend_lvmconf_fdwarn: LC_ALL=C, trusted:LVM_SYSTEM_DIR=/etc/cinder, LVM_SUPPRESS_FD_WARNINGS=1, lvextend, -L, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvchange.off: -a, n, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvchange.on: -a, y, --yes, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvchange.on_k: -a, y, --yes, -K, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvchange.on_kn: -a, y, --yes, -k, n, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
# lvremove: its two fixed --config strings (not rated critical, but --config is LVM's whole configuration).
lvremove.retry: --config, activation \{ retry_deactivation = 1\}\x20, -f, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
lvremove.suspended: --config, activation \{ retry_deactivation = 1\} devices \{ ignore_suspended_devices = 1\}, -f, cinder-volumes/[A-Za-z0-9_+][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*

# --- dd (volume_utils.copy_volume, clear_volume, check_for_odirect_support; remotefs
# _create_regular_file; gpfs). Block devices only as cinder's LVs (/dev/mapper is root's, so
# those names lead where they say), /dev/zero, images in the conversion folder, files in a share
# mount. No of= of the caller's (the exploit), no if= of any file.
# Remains: dd writes and reads every LV of cinder's VG, which is its purpose. The image a
# volume is filled from (dd.image) is in cinder's folder: a symlink there still reaches /dev
# (see [Paths]), so a host disk can be copied into a volume the caller then reads back
# (root-equivalent read); [Paths] keeps it from every file outside /var/lib/cinder. /dev
# has to stay readable: /dev/mapper/* are udev's symlinks to /dev/dm-N. gpfs shapes are
# unconfined (the base is the operator's): safe while gpfs_mount_point_base is root's.
dd.probe: count=0, if=(/dev/zero|/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*|/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*), of=/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, iflag=direct|oflag=direct
dd.copy: if=(/dev/zero|/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*), of=/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, count=[0-9]+, bs=[0-9]+[kKMG]?, iflag=count_bytes|iflag=count_bytes\x2cdirect|iflag=direct|oflag=direct|conv=sparse, ...
dd.image: if=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, of=/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, count=[0-9]+, bs=[0-9]+[kKMG]?, iflag=count_bytes|iflag=count_bytes\x2cdirect|iflag=direct|oflag=direct|conv=sparse, ...
dd.file: if=/dev/zero, of=/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, bs=[0-9]+[kKMG]?, count=[0-9]+|seek=[0-9]+, ...
dd.gpfs: if=/dev/zero, of=/gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, bs=[0-9]+[kKMG]?, count=[0-9]+|seek=[0-9]+, ...
# ionice -cN before dd (copy_volume with volume_copy ionice); ionice_1 (-cN -nN) is built by no code.
ionice_1.unused: (?!)
ionice_2: -c[0-3]
# cgexec: only cinder's blkio cgroup (volume_copy_blkio_cgroup_name); what it runs is in [Chains].
cgexec: -g, blkio:cinder-volume-copy

# --- Ownership and modes (utils.temporary_chown, remotefs, backup drivers, gpfs, vzstorage).
# chown: a numeric uid on one of cinder's LVs, --reference within one share mount, and
# os-brick's root:root of a vzstorage cluster folder; never the caller's reference file or a
# file of root's (the exploit). The share shape runs under [Paths] (a planted symlink would
# hand /etc/shadow to cinder).
# Remains: chown -R root:root of /etc/pstorage/clusters/<name>, whose content cinder copied there
# (cp below); handing files to root gives the caller nothing.
chown.device: [0-9]+, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
chown.reference: --reference=/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
chown.vzstorage: -R, root:root, /etc/pstorage/clusters/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
# chmod: the modes cinder sets, on files of a share mount, a backup mount, gpfs, and cinder.conf
# (FusionStorage's 666/644). Confined: a symlink planted there (volume-X -> /etc/shadow) would
# otherwise open any file to the caller. No setuid mode can be set (patterns, and the seccomp
# filter of a confined call). Remains: gpfs shapes unconfined (the base is the operator's):
# safe while gpfs_mount_point_base is root's; chmod 666 of cinder.conf opens cinder's own
# configuration to every local user (the driver's choice).
chmod.share: ugo\+rw|u\+rw|660|640, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/var/lib/cinder/mnt/[0-9a-f]{32}/\.cinderSecureEnvIndicator
chmod.backup: -R, g\+w, /var/lib/cinder/backup_mount/[0-9a-f]{32}
chmod.backup1: g\+w, /var/lib/cinder/backup_mount/[0-9a-f]{32}
chmod.conf: 666|644, /etc/cinder/cinder\.conf
chmod.gpfs: 660|770, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
# chgrp (backup nfs and glusterfs drivers): the backup mount to the service's group; confined,
# as a planted symlink would hand a 0640 file (/etc/shadow) to cinder's group.
chgrp.r: -R, [0-9]+, /var/lib/cinder/backup_mount/[0-9a-f]{32}
chgrp.one: [0-9]+, /var/lib/cinder/backup_mount/[0-9a-f]{32}

# --- Images (image_utils, accelerators, remotefs snapshots).
# qemu-img (env LC_ALL=C): only info, read-only, of an image or volume of cinder's (the exploit
# converted over any file).
qemu-img.info: LC_ALL=C, qemu-img, info, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, --output=json, (/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*)
qemu-img.info_shared: LC_ALL=C, qemu-img, info, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, --output=json, --force-share, (/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*)
qemu-img.info_probe: LC_ALL=C, qemu-img, info, --output=json, (/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*)
# qemu-img_convert: convert between an image in the conversion folder and an LV, and the
# remotefs snapshot operations (create, rebase, commit, resize) on files of one share mount;
# --object secrets only from the conversion folder; formats only the image formats cinder maps
# Glance's to (no vvfat, quorum, nbd or other protocol driver). Never any file as source or destination (the
# exploit copied a 0600 file into a new 0644 one). Each shape is confined: an image names its
# backing file itself (a qcow2 header, a json: filename), and commit and rebase write through it.
# Remains: the image is the caller's, so its backing file may name a block device (reads of /dev
# stay open for the LVs, as for dd.image): a host disk can be read into a volume. The files
# under /var/lib/cinder are all the caller's anyway.
qemu-img_convert.in: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
qemu-img_convert.in_f: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
qemu-img_convert.in_t: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -t, none, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
qemu-img_convert.in_tf: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -t, none, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
qemu-img_convert.in_sub: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -o, subformat=(dynamic|fixed|streamOptimized|monolithicSparse), -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
qemu-img_convert.in_tsub: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -t, none, -o, subformat=(dynamic|fixed|streamOptimized|monolithicSparse), -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
qemu-img_convert.out: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.out_c: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -c, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.out_f: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.out_cf: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -c, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.out_sub: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -o, subformat=(dynamic|fixed|streamOptimized|monolithicSparse), /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.out_subf: convert, -O, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -o, subformat=(dynamic|fixed|streamOptimized|monolithicSparse), -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.in_luks: convert, -O, luks, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -o, (encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks)(\x2c(encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks))*, --object, secret\x2cid=[a-z0-9_]+(\x2cformat=raw)?\x2cfile=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -o, (encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks)(\x2c(encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks))*, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
qemu-img_convert.rekey: convert, --object, secret\x2cid=[a-z0-9_]+(\x2cformat=raw)?\x2cfile=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --object, secret\x2cid=[a-z0-9_]+(\x2cformat=raw)?\x2cfile=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --image-opts, (encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks)(\x2c(encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks))*\x2cfile\.filename=/dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*, -O, luks, -o, (encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks)(\x2c(encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks))*, /dev/mapper/cinder--volumes-([A-Za-z0-9_+]|--)+(\.([A-Za-z0-9_+]|--)+)*
qemu-img_convert.resize: resize, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
qemu-img_convert.create: create, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -o, preallocation=(off|metadata|falloc|full)|(encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks)(\x2c(encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks))*, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
qemu-img_convert.create_sec: create, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -o, (encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks)(\x2c(encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks))*, --object, secret\x2cid=[a-z0-9_]+(\x2cformat=raw)?\x2cfile=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
qemu-img_convert.create_backed: create, -f, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, -o, backing_file=(/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|\.\./[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*|[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*)\x2cbacking_fmt=(raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks), /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?
qemu-img_convert.create_enc_backed: create, -f(raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks), -o, (encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks)(\x2c(encrypt\.)?(cipher-alg=aes-(128|192|256)|cipher-mode=[a-z]+|ivgen-alg=[a-z0-9]+|key-secret=[a-z0-9_]+|format=luks))*, -b, json:\{"driver": "qcow2"\x2c "encrypt\.key-secret": "[a-z0-9_]+"\x2c "backing\.encrypt\.key-secret": "[a-z0-9_]+"\x2c "backing\.file\.filename": "/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*"\x2c "file": \{"driver": "file"\x2c "filename": "/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*"\}\}, --object, secret\x2cid=[a-z0-9_]+(\x2cformat=raw)?\x2cfile=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --object, secret\x2cid=[a-z0-9_]+(\x2cformat=raw)?\x2cfile=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.rebase: rebase, -u, -b, [A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -F, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.rebase_tail: rebase, -u, -b, [A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -F, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks
qemu-img_convert.rebase_flat: rebase, -b, , -F, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.rebase_enc: rebase, --object, secret\x2cid=[a-z0-9_]+(\x2cformat=raw)?\x2cfile=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --image-opts, encrypt\.key-secret=[a-z0-9_]+\x2cfile\.filename=/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -u, -b, [A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -F, raw|qcow2|qed|vmdk|vpc|vhdx|vdi|parallels|luks
qemu-img_convert.commit: commit, -d, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qemu-img_convert.commit_enc: commit, --object, secret\x2cid=[a-z0-9_]+(\x2cformat=raw)?\x2cfile=/var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, --image-opts, -d, file\.filename=/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*\x2cencrypt\.format=luks\x2cencrypt\.key-secret=[a-z0-9_]+\x2cbacking\.file\.filename=/var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*\x2cbacking\.encrypt\.key-secret=[a-z0-9_]+
# gzip and qzip (image/accelerators): compress (-k) or expand (-d) one image in the conversion
# folder; no -c to stdout, no -f (the exploit printed a 0600 file with -cdf). Confined.
gzip.k: -k, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
gzip.d: -d, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*\.gz
qzip.k: -k, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -o, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
qzip.d: -d, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*\.gz
# mv: within the conversion folder, within one share mount, within gpfs. Confined (a folder
# symlink as destination would move the caller's file into /etc/sudoers.d).
# Remains: gpfs unconfined, as for chmod.
mv.conv: /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*(\.gz)?, /var/lib/cinder/conversion/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*(\.gz)?
mv.share: /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
mv.gpfs: /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
# cp: gpfs full copies and os-brick's vzstorage cluster configuration (from its mkdtemp folder
# into the root-owned /etc/pstorage/clusters/<name>); never into any file (the exploit).
# Remains, root on a Virtuozzo node: cp -rf copies the caller's folder as it is, symlinks
# included, into the root-owned /etc/pstorage/clusters/<name>; a later cp -f of bs_list then
# writes the caller's file through such a symlink (bs_list -> /etc/passwd). The pstorage tools
# also read that folder as root. /etc/pstorage exists only on Virtuozzo nodes, and a missing
# [Paths] folder is a configuration error, so this profile cannot confine it: a Virtuozzo
# deployment adds 'cp.vz_list: rw /etc/pstorage/clusters' and the same for cp.vz_dir and
# chown.vzstorage to its copy. gpfs unconfined, as for chmod.
cp.gpfs: /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
cp.vz_list: -f, /tmp/vzstorage-[A-Za-z0-9_]+/bs_list, /etc/pstorage/clusters/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*/bs_list
cp.vz_dir: -rf, /tmp/vzstorage-[A-Za-z0-9_]+, /etc/pstorage/clusters/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*

# --- Shares (nfs.py, remotefs.py, os-brick remotefs).
# mount: an NFS share on its md5 mount point; -o only plain NFS options (no helper=, no X-mount.*:
# util-linux 2.38 chowns or creates paths for those); never --bind (the exploit) or a device.
# Not confined: the mount must be seen outside the helper. Remains, and they are root: (1) the
# mount point is in cinder's folder, so a symlink there puts the share over any folder (/etc);
# (2) the server is the caller's choice and the share is mounted without nosuid, so a setuid
# file on it runs as root. Closing (1) needs mount points root owns (cinder makes them as
# itself), (2) an nfs_mount_options with nosuid,nodev pinned here.
mount.opts: -t, nfs|nfs4, -o, (?!.*(^|\x2c)(u?helper|x-|X-))[A-Za-z0-9_]+(=[A-Za-z0-9.:_/-]+)?(\x2c[A-Za-z0-9_]+(=[A-Za-z0-9.:_/-]+)?)*, ([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*|\[[0-9a-fA-F:]+\]):(/[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)*/?, /var/lib/cinder/mnt/[0-9a-f]{32}
mount.plain: -t, nfs|nfs4, ([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*|\[[0-9a-fA-F:]+\]):(/[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)*/?, /var/lib/cinder/mnt/[0-9a-f]{32}
# stat, df, du: the capacity queries, on a share mount or gpfs. du is also root: --files0-from=FILE
# prints FILE's content in its error messages; no option of the caller's here.
stat.share: -f, -c, %S %b %a, /var/lib/cinder/mnt/[0-9a-f]{32}
stat.gpfs: -f, -c, "%i", /gpfs/fs1/(cinder|images), /gpfs/fs1/(cinder|images)
df.share: --portability, --block-size, 1, /var/lib/cinder/mnt/[0-9a-f]{32}
df.gpfs: /gpfs/fs1/cinder
df.gpfs_b: -P, -B, 1, /gpfs/fs1/cinder
du.share: --bytes, -s, /var/lib/cinder/mnt/[0-9a-f]{32}
du.share_apparent: -sb, --apparent-size, --exclude, \*snapshot\*, /var/lib/cinder/mnt/[0-9a-f]{32}
# truncate: sparse volume files and snapshot info files in a share mount (confined), gpfs, and
# iet's empty ietd.conf. A planted symlink would empty any file. Remains: gpfs unconfined, as for
# chmod (emptying a file is damage, not root).
truncate.share: -s, [0-9]+[KMGT]?|0, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
truncate.share0: -s0, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
truncate.gpfs: -s, [0-9]+[KMGT]?, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
truncate.iet: /etc/iet/ietd\.conf, --size=0
# rm: a volume file or folder of a share mount (confined), or of gpfs (unconfined, as for chmod).
rm.share: -f|-rf, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
rm.gpfs: -f, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
# find (netapp image cache, gpfs inode lookup): only below a share mount or gpfs.
netapp_nfs_find: /var/lib/cinder/mnt/[0-9a-f]{32}, -maxdepth, [0-9]+, -name, img-cache.*, -amin, \+[0-9]+
find_maxdepth_inum: /gpfs/fs1/cinder, -maxdepth, [0-9]+, -ignore_readdir_race, -inum, [0-9]+, -print0, -quit
# ls, multipath, multipathd: no code of cinder 21 or os-brick 6 runs them through rootwrap.
ls.unused: (?!)
multipath.unused: (?!)
multipathd.unused: (?!)

# --- Vendor tools: the command lines their drivers build, on their own folders.
# GPFS (ibm/gpfs.py): the cluster queries, clones and filesets on cinder's gpfs folder. Remains:
# unconfined (the base is the operator's), so mkfs, cp and mv there follow a symlink a writer of
# that folder planted: safe while gpfs_mount_point_base is root's, as GPFS's own files are.
mmgetstate: -Y
mmclone.show: show|redirect, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
mmclone.copy: copy|snap, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
mmclone.snap: snap, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
mmlsattr.l: -L, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
mmlsattr.base: /gpfs/fs1/cinder
mmchattr.pool: -P, [A-Za-z0-9_.-]+, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
mmchattr.replicas: -P, [A-Za-z0-9_.-]+, -r, [0-9]+, -m, [0-9]+, -D, yes|no, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
mmlsconfig: clusterId|minreleaseLeveldaemon, -Y
mmlsfs: [A-Za-z0-9_.-]+, -V|--encryption, -Y
mmlspool: [A-Za-z0-9_.-]+, [A-Za-z0-9_.-]+
mkfs: -t, ext[234]|xfs, -F, -L, [A-Za-z0-9_.-]+, /gpfs/fs1/cinder/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*
mmcrfileset: [A-Za-z0-9_.-]+, consisgroup-[0-9a-f-]+, --inode-space, new
mmlinkfileset: [A-Za-z0-9_.-]+, consisgroup-[0-9a-f-]+, -J, /gpfs/fs1/cinder/consisgroup-[0-9a-f-]+
mmlsfileset: [A-Za-z0-9_.-]+, consisgroup-[0-9a-f-]+
mmunlinkfileset: [A-Za-z0-9_.-]+, consisgroup-[0-9a-f-]+, -f
mmdelfileset: [A-Za-z0-9_.-]+, consisgroup-[0-9a-f-]+, -f
# Virtuozzo (vzstorage.py, os-brick remotefs): the cluster's mount on its md5 point, its log under
# /var/log/vstorage, auth-node, and ploop images in the volume's folder.
# Remains: pstorage-mount mounts on a point in cinder's folder, so a symlink there puts the
# cluster's file system over any folder, as for mount. ploop keeps CAP_SYS_ADMIN and CAP_MKNOD
# (its devices and mounts), which no [Paths] view survives: its images are the caller's files.
pstorage-mount: -c, [A-Za-z0-9_.-]+, -l, /var/log/vstorage/[A-Za-z0-9_.-]+/cinder\.log\.gz, /var/lib/cinder/mnt/[0-9a-f]{32}
pstorage: -c, [A-Za-z0-9_.-]+, auth-node, -P
ploop.init: init, -s, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, /var/lib/cinder/mnt/[0-9a-f]{32}/volume-[0-9a-f-]+/root\.hds
ploop.resize: resize, -s, [0-9]+(\.[0-9]+)?[bBsSkKmMgGtT]?, /var/lib/cinder/mnt/[0-9a-f]{32}/volume-[0-9a-f-]+/DiskDescriptor\.xml
ploop.mount: mount, /var/lib/cinder/mnt/[0-9a-f]{32}/volume-[0-9a-f-]+/DiskDescriptor\.xml, -u, [0-9a-f-]+, -r
ploop.umount: umount, /var/lib/cinder/mnt/[0-9a-f]{32}/volume-[0-9a-f-]+/DiskDescriptor\.xml
ploop.snapshot: snapshot|snapshot-delete, -u, \{[0-9a-f-]+\}, /var/lib/cinder/mnt/[0-9a-f]{32}/volume-[0-9a-f-]+/DiskDescriptor\.xml
# Quobyte (quobyte.py): its volume on its md5 mount point, with the root-owned client.cfg.
# Remains: as for mount, a symlinked mount point puts the caller's Quobyte volume over any folder.
mount.quobyte: --disable-xattrs, [A-Za-z0-9.:_-]+/[A-Za-z0-9_.-]+, /var/lib/cinder/mnt/[0-9a-f]{32}, -c, trusted:/etc/quobyte/client\.cfg
umount.quobyte: /var/lib/cinder/mnt/[0-9a-f]{32}
# Dell PowerStore (powerstore/nfs.py): fast clone between files of one share mount.
dellfcopy: -o, fastclone, -s, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -d, /var/lib/cinder/mnt/[0-9a-f]{32}/[A-Za-z0-9_][A-Za-z0-9_+-]*(\.[A-Za-z0-9_+-]+)*, -v, 1
# cryptsetup (create_volume.py _rekey_volume): rekey or format an iSCSI-attached volume, key on stdin.
# Remains: any disk attached by iSCSI (another tenant's volume on this host) may be formatted.
cryptsetup.rekey: luksChangeKey, /dev/disk/by-path/ip-([0-9]+(\.[0-9]+){3}|\[[0-9a-fA-F:]+\]):[0-9]+-iscsi-iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?-lun-[0-9]+, --force-password
cryptsetup.format: --batch-mode, luksFormat, --force-password, --type, luks1|luks2, --cipher, [a-z0-9-]+, --key-size, [0-9]+, --key-file=-, /dev/disk/by-path/ip-([0-9]+(\.[0-9]+){3}|\[[0-9a-fA-F:]+\]):[0-9]+-iscsi-iqn\.[0-9]{4}-[0-9]{2}(\.[A-Za-z0-9-]+)+(:[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*)?-lun-[0-9]+

[Capabilities]
# The capability profile's chown (CAP_CHOWN), chmod (CAP_FOWNER) and chgrp (CAP_CHOWN) cannot reach
# into cinder's folders (Debian's /var/lib/cinder and /etc/cinder are cinder's, 0750 and 0770):
# root without CAP_DAC_OVERRIDE is "others" there. These shapes are confined by [Paths] below,
# so CAP_DAC_OVERRIDE writes nothing outside them (not CAP_DAC_READ_SEARCH: open_by_handle_at
# would leave the view).
chown.reference: CAP_CHOWN, CAP_DAC_OVERRIDE
chgrp.r: CAP_CHOWN, CAP_DAC_OVERRIDE
chgrp.one: CAP_CHOWN, CAP_DAC_OVERRIDE
chmod.share: CAP_FOWNER, CAP_DAC_OVERRIDE
chmod.backup: CAP_FOWNER, CAP_DAC_OVERRIDE
chmod.backup1: CAP_FOWNER, CAP_DAC_OVERRIDE
chmod.conf: CAP_FOWNER, CAP_DAC_OVERRIDE
# The mounts and iscsictl's target file, unconfined (a mount must be seen outside), likewise need
# to look up paths in cinder's 0750 folder: CAP_DAC_READ_SEARCH beside what they keep.
mount.opts: CAP_SYS_ADMIN, CAP_NET_BIND_SERVICE, CAP_DAC_READ_SEARCH
mount.plain: CAP_SYS_ADMIN, CAP_NET_BIND_SERVICE, CAP_DAC_READ_SEARCH
mount.quobyte: CAP_SYS_ADMIN, CAP_DAC_READ_SEARCH
umount.quobyte: CAP_SYS_ADMIN, CAP_DAC_READ_SEARCH
pstorage-mount: CAP_SYS_ADMIN, CAP_DAC_READ_SEARCH
iscsictl.start: CAP_SYS_ADMIN, CAP_DAC_READ_SEARCH

[Paths]
# Shapes that write, chown or chmod beneath /var/lib/cinder: nothing else is writable.
dd.file: rw /var/lib/cinder
chown.reference: rw /var/lib/cinder
chmod.share: rw /var/lib/cinder
chmod.backup: rw /var/lib/cinder
chmod.backup1: rw /var/lib/cinder
chgrp.r: rw /var/lib/cinder
chgrp.one: rw /var/lib/cinder
mv.conv: rw /var/lib/cinder
mv.share: rw /var/lib/cinder
truncate.share: rw /var/lib/cinder
truncate.share0: rw /var/lib/cinder
rm.share: rw /var/lib/cinder
dellfcopy: rw /var/lib/cinder
# gzip and qzip read and write only beneath /var/lib/cinder (ro /usr turns the read restriction on).
gzip.k: rw /var/lib/cinder, ro /usr
gzip.d: rw /var/lib/cinder, ro /usr
qzip.k: rw /var/lib/cinder, ro /usr
qzip.d: rw /var/lib/cinder, ro /usr
# cinder.conf's chmod: only /etc/cinder (a cinder.conf symlinked to /etc/shadow ends on a read-only mount).
chmod.conf: rw /etc/cinder
# An image of the caller's read into a volume: writes to /dev (the LVs are /dev/dm-N), reads only
# /var/lib/cinder, /dev and the system's programs: a backing file or a symlink to /etc/shadow fails.
dd.image: rw /dev, ro /var/lib/cinder
qemu-img_convert.in: rw /dev, ro /var/lib/cinder
qemu-img_convert.in_f: rw /dev, ro /var/lib/cinder
qemu-img_convert.in_t: rw /dev, ro /var/lib/cinder
qemu-img_convert.in_tf: rw /dev, ro /var/lib/cinder
qemu-img_convert.in_sub: rw /dev, ro /var/lib/cinder
qemu-img_convert.in_tsub: rw /dev, ro /var/lib/cinder
qemu-img_convert.in_luks: rw /dev, ro /var/lib/cinder
qemu-img_convert.rekey: rw /dev, ro /var/lib/cinder
# A volume written into an image in the conversion folder: only /var/lib/cinder is writable, and
# only it and /dev readable. A volume is the tenant's: qemu-img probes a qcow2 header in it
# (cinder passes no -f here) and follows the backing file it names.
qemu-img_convert.out: rw /var/lib/cinder, ro /dev
qemu-img_convert.out_c: rw /var/lib/cinder, ro /dev
qemu-img_convert.out_f: rw /var/lib/cinder, ro /dev
qemu-img_convert.out_cf: rw /var/lib/cinder, ro /dev
qemu-img_convert.out_sub: rw /var/lib/cinder, ro /dev
qemu-img_convert.out_subf: rw /var/lib/cinder, ro /dev
# Snapshot operations on a share's images (backing files the image names, which commit and
# rebase write or copy through): writes and reads only beneath /var/lib/cinder (ro /usr only
# turns the read restriction on; the system's programs are readable anyway).
qemu-img_convert.resize: rw /var/lib/cinder, ro /usr
qemu-img_convert.create: rw /var/lib/cinder, ro /usr
qemu-img_convert.create_sec: rw /var/lib/cinder, ro /usr
qemu-img_convert.create_backed: rw /var/lib/cinder, ro /usr
qemu-img_convert.create_enc_backed: rw /var/lib/cinder, ro /usr
qemu-img_convert.rebase: rw /var/lib/cinder, ro /usr
qemu-img_convert.rebase_tail: rw /var/lib/cinder, ro /usr
qemu-img_convert.rebase_flat: rw /var/lib/cinder, ro /usr
qemu-img_convert.rebase_enc: rw /var/lib/cinder, ro /usr
qemu-img_convert.commit: rw /var/lib/cinder, ro /usr
qemu-img_convert.commit_enc: rw /var/lib/cinder, ro /usr
# qemu-img info of a caller's image: reads only; it opens no backing file without --backing-chain.
