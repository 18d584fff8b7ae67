# rootwrap-native capability profile for cinder (volume and backup nodes).
#
# Filters: Debian 12 cinder-common 2:21.3.1, /etc/cinder/rootwrap.d/volume.filters.
# Use it from /etc/cinder/rootwrap.conf:
#   capability_profiles = /usr/share/rootwrap-native/profiles/cinder.profile
# Each filter keeps only the capabilities below (rootwrap-native(8), rootwrap.conf(5)).
#
# How the sets were chosen:
# - The command runs as uid 0. Files and devices root owns (/dev/dm-*, /dev/sd*
#   root:disk 0660, /etc, /run/lock/lvm) are reachable by their mode bits alone.
#   CAP_DAC_READ_SEARCH is for looking into cinder's state folder (/var/lib/cinder,
#   its mnt/ and conversion/, owned by cinder), CAP_DAC_OVERRIDE for writing there.
# - Capabilities do not confine a uid-0 writer of root's own files: `dd`, `cp`, `mv`,
#   `chmod`, `chown` with free arguments stay root-equivalent whatever they keep
#   (rootwrap-audit(1) reports them; [Paths] confinement is the remedy).
# - A chaining filter (ionice, cgexec) declares what the wrapper itself needs: the
#   chained command keeps the union of that and its own filter's declaration.
# - Device-mapper ioctls (everything LVM, multipath and cryptsetup do to maps) need
#   CAP_SYS_ADMIN. LVM commands that change metadata lock their memory while devices
#   are suspended (CAP_IPC_LOCK: root's 8 MiB RLIMIT_MEMLOCK is not always enough).
# - A set that is too small makes the command fail (EPERM/EACCES); it never runs
#   with more. Try a profile with undeclared_capabilities=bound first.

[Capabilities]
# Chelsio iSCSI target CLI: configures the kernel target driver.
iscsictl: CAP_SYS_ADMIN

# LIO through rtslib: configfs (root's files; mounting it if systemd has not is
# SYS_ADMIN) and block backstores. Load target_core_mod/iscsi_target_mod at boot (the
# target service does) so that it never needs CAP_SYS_MODULE.
cinder-rtstool: CAP_SYS_ADMIN

# LVM reporting (pvs/vgs/lvs/lvdisplay, every env variant): reads the devices (root's)
# and asks device-mapper for the state of active LVs (DM ioctls: SYS_ADMIN).
pvs: CAP_SYS_ADMIN
vgs: CAP_SYS_ADMIN
lvs: CAP_SYS_ADMIN
lvdisplay: CAP_SYS_ADMIN
pvs2: CAP_SYS_ADMIN
vgs2: CAP_SYS_ADMIN
lvs2: CAP_SYS_ADMIN
lvdisplay2: CAP_SYS_ADMIN
pvs3: CAP_SYS_ADMIN
vgs3: CAP_SYS_ADMIN
lvs3: CAP_SYS_ADMIN
lvdisplay3: CAP_SYS_ADMIN
pvs4: CAP_SYS_ADMIN
vgs4: CAP_SYS_ADMIN
lvs4: CAP_SYS_ADMIN
lvdisplay4: CAP_SYS_ADMIN

# os_brick.privileged.default: [CAP_SYS_ADMIN]; capset() only drops, so that, plus
# DAC_OVERRIDE to reach the privsep socket in cinder's 0700 temp folder.
privsep-rootwrap: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE

# cinder.privsep.sys_admin_pctxt: CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER,
# NET_ADMIN, SYS_ADMIN (DAC_OVERRIDE already covers the socket).
privsep-rootwrap-sys_admin: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN

# LVM changes (create/extend/change/remove): DM ioctls, memory locked while suspended.
lvcreate: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvcreate_lvmconf: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvcreate_fdwarn: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvcreate_lvmconf_fdwarn: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvremove: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvextend: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvextend_lvmconf: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvextend_fdwarn: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvextend_lvmconf_fdwarn: CAP_SYS_ADMIN, CAP_IPC_LOCK
lvchange: CAP_SYS_ADMIN, CAP_IPC_LOCK

# Volume copies and wipes: devices are root's, image files are cinder's (writing
# them: DAC_OVERRIDE). Still root-equivalent on root's files.
dd: CAP_DAC_OVERRIDE

# iscsid authorises its client by peer uid 0 (SO_PEERCRED), not by capability; the
# node records in /etc/iscsi and the sysfs rescan files are root's own.
iscsiadm:

# temporary_chown(): hands a file to cinder's uid and back. Changing an owner is
# CAP_CHOWN even for root's own files.
chown: CAP_CHOWN

# `ionice -cN [-nN] CMD`: the realtime class (-c1) needs CAP_SYS_NICE; CMD (the
# volume copy or wipe, dd) adds its own declaration.
ionice_1: CAP_SYS_NICE
ionice_2: CAP_SYS_NICE

# `cgexec -g blkio:GROUP CMD`: joining a cgroup is a write to root's cgroup files;
# CMD adds its own declaration.
cgexec:

# qemu-img info/convert between cinder's image files and volume devices.
qemu-img: CAP_DAC_OVERRIDE
qemu-img_convert: CAP_DAC_OVERRIDE

# Image (de)compression in cinder's conversion folder. qzip (Intel QAT) also pins
# its DMA buffers (CAP_IPC_LOCK beyond RLIMIT_MEMLOCK).
qzip: CAP_DAC_OVERRIDE, CAP_IPC_LOCK
gzip: CAP_DAC_OVERRIDE

# NFS/remotefs drivers: looking at volume files under the share mount points.
stat: CAP_DAC_READ_SEARCH
df: CAP_DAC_READ_SEARCH
du: CAP_DAC_READ_SEARCH

# NFS/glusterfs mounts: mount(2) is CAP_SYS_ADMIN; mount.nfs binds a reserved source
# port (CAP_NET_BIND_SERVICE); mount points are under cinder's state folder.
mount: CAP_SYS_ADMIN, CAP_NET_BIND_SERVICE, CAP_DAC_READ_SEARCH

# Creating and resizing volume files on the (cinder-owned) share.
truncate: CAP_DAC_OVERRIDE

# Setting modes on volume files cinder (or libvirt-qemu) owns: CAP_FOWNER.
chmod: CAP_FOWNER, CAP_DAC_READ_SEARCH

# Removing volume files from cinder-owned folders (write on the folder).
rm: CAP_DAC_OVERRIDE

# NetApp image-cache clean-up: lists the share.
netapp_nfs_find: CAP_DAC_READ_SEARCH

# Backup drivers give the backup mount to cinder's group: a group root is not a
# member of is CAP_CHOWN.
chgrp: CAP_CHOWN, CAP_DAC_READ_SEARCH

# os-brick connector: lists /dev/disk/by-path and similar, all root's.
ls:

# multipath -f/-ll: flushes and reads DM maps (SYS_ADMIN); its path checkers send
# SCSI commands through SG_IO, and those outside the kernel's safe list need
# CAP_SYS_RAWIO.
multipath: CAP_SYS_ADMIN, CAP_SYS_RAWIO

# multipathd's client: the daemon authorises it by peer uid 0, not by capability.
multipathd:

# GPFS/NetApp: moving and copying volume files on the share. Across file systems mv
# copies and keeps owner and times (CHOWN, FOWNER).
mv: CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER
cp: CAP_DAC_OVERRIDE

# IBM GPFS administration commands reach the file system through the mmfs kernel
# extension (admin ioctls) and the file system's files whoever owns them. Not
# verifiable without GPFS: check with undeclared_capabilities=bound first.
mmgetstate: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmclone: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmlsattr: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmchattr: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmlsconfig: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmlsfs: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmlspool: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmcrfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmlsfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmlinkfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmunlinkfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
mmdelfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE

# GPFS: mkfs on a volume file inside the cinder-owned fileset.
mkfs: CAP_DAC_OVERRIDE

# GPFS/IBM NAS: find by inode on the share.
find_maxdepth_inum: CAP_DAC_READ_SEARCH

# Virtuozzo Storage: the FUSE mount (SYS_ADMIN), the admin client on the share's
# files, and ploop's block device ioctls and mounts (it also creates its /dev/ploop*
# nodes when missing: MKNOD).
pstorage-mount: CAP_SYS_ADMIN
pstorage: CAP_DAC_OVERRIDE
ploop: CAP_SYS_ADMIN, CAP_MKNOD, CAP_DAC_OVERRIDE

# Quobyte FUSE mount and unmount.
mount.quobyte: CAP_SYS_ADMIN
umount.quobyte: CAP_SYS_ADMIN

# PowerStore NFS fast copy between volume files on the share.
dellfcopy: CAP_DAC_OVERRIDE

# LUKS: dm-crypt maps (SYS_ADMIN); cryptsetup locks key material in memory (IPC_LOCK).
cryptsetup: CAP_SYS_ADMIN, CAP_IPC_LOCK
