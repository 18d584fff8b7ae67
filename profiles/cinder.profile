# rootwrap-native capability profile for cinder, matching the filter file Debian 12 ships
# (cinder-common 2:21.3.1: /etc/cinder/rootwrap.d/volume.filters).
#
#   capability_profiles = /usr/share/rootwrap-native/profiles/cinder.profile
#
# Each filter keeps the least capabilities its command needs on a default deployment
# (cinder's state and mounts below /var/lib/cinder, owned by cinder). Root keeps owner
# access to root-owned files and to block devices (root:disk) without any capability;
# what belongs to cinder needs CAP_DAC_OVERRIDE, or CAP_DAC_READ_SEARCH to only read it.
# Vendor tools (GPFS mm*, Virtuozzo, Quobyte, Dell) follow their documented behaviour:
# check them first if one of those drivers reports EPERM or EACCES. Chains (ionice_*,
# cgexec) keep their own declaration plus that of the filter the rest matched.
[Capabilities]
# iscsictl: Chelsio cxt target tool; drives the chiscsi kernel target through its control device (vendor ioctls, CAP_SYS_ADMIN)
iscsictl: CAP_SYS_ADMIN
# cinder-rtstool: LIO through configfs, whose files uid 0 owns; CAP_SYS_MODULE for rtslib's modprobe of target_core_mod and iscsi_target_mod
cinder-rtstool: CAP_SYS_MODULE
# pvs: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
pvs: CAP_SYS_ADMIN
# vgs: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
vgs: CAP_SYS_ADMIN
# lvs: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
lvs: CAP_SYS_ADMIN
# lvdisplay: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
lvdisplay: CAP_SYS_ADMIN
# pvs2: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
pvs2: CAP_SYS_ADMIN
# vgs2: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
vgs2: CAP_SYS_ADMIN
# lvs2: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
lvs2: CAP_SYS_ADMIN
# lvdisplay2: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
lvdisplay2: CAP_SYS_ADMIN
# pvs3: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
pvs3: CAP_SYS_ADMIN
# vgs3: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
vgs3: CAP_SYS_ADMIN
# lvs3: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
lvs3: CAP_SYS_ADMIN
# lvdisplay3: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
lvdisplay3: CAP_SYS_ADMIN
# pvs4: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
pvs4: CAP_SYS_ADMIN
# vgs4: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
vgs4: CAP_SYS_ADMIN
# lvs4: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
lvs4: CAP_SYS_ADMIN
# lvdisplay4: LVM report; every device-mapper ioctl needs CAP_SYS_ADMIN, the block devices are root:disk and readable by uid 0
lvdisplay4: CAP_SYS_ADMIN
# privsep-rootwrap: privsep-helper for os_brick.privileged.default, which keeps CAP_SYS_ADMIN; CAP_DAC_OVERRIDE reaches the caller's socket in its 0700 /tmp folder
privsep-rootwrap: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# privsep-rootwrap-sys_admin: privsep-helper for cinder.privsep.sys_admin_pctxt: exactly that context's list (it includes CAP_DAC_OVERRIDE for the socket)
privsep-rootwrap-sys_admin: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN
# lvcreate: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvcreate: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# lvcreate_lvmconf: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvcreate_lvmconf: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# lvcreate_fdwarn: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvcreate_fdwarn: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# lvcreate_lvmconf_fdwarn: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvcreate_lvmconf_fdwarn: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# dd: copies between block devices (root:disk, uid 0 owns them) and image files in cinder's folders (DAC_OVERRIDE)
dd: CAP_DAC_OVERRIDE
# lvremove: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvremove: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# lvextend: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvextend: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# lvextend_lvmconf: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvextend_lvmconf: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# lvextend_fdwarn: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvextend_fdwarn: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# lvextend_lvmconf_fdwarn: LVM change; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvextend_lvmconf_fdwarn: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# lvchange: LVM activation; device-mapper ioctls (SYS_ADMIN), memory locked and priority raised while devices are suspended (IPC_LOCK, SYS_NICE)
lvchange: CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE
# iscsiadm: talks to iscsid over its socket, which only checks for uid 0, and writes the root-owned /etc/iscsi: no capability
iscsiadm:
# chown: cinder's temporary_chown of a volume path to cinder and back: changing an owner always needs CAP_CHOWN
chown: CAP_CHOWN
# ionice_1: chain; the realtime I/O class needs CAP_SYS_NICE, the command it runs adds its own filter's capabilities
ionice_1: CAP_SYS_NICE
# ionice_2: chain; the realtime I/O class needs CAP_SYS_NICE, the command it runs adds its own filter's capabilities
ionice_2: CAP_SYS_NICE
# cgexec: chain; joins a blkio cgroup through root-owned cgroup files (no capability), the command it runs adds its own filter's capabilities
cgexec:
# qemu-img: cinder runs 'env LC_ALL=C qemu-img info': reads images in cinder's folders
qemu-img: CAP_DAC_READ_SEARCH
# qemu-img_convert: converts between image files in cinder's folders and volumes (read and write, DAC_OVERRIDE)
qemu-img_convert: CAP_DAC_OVERRIDE
# qzip: compresses volume data into files in cinder's folders (DAC_OVERRIDE)
qzip: CAP_DAC_OVERRIDE
# gzip: compresses and expands files in cinder's folders (DAC_OVERRIDE)
gzip: CAP_DAC_OVERRIDE
# stat: looks up volume files below cinder's mount folders (DAC_READ_SEARCH)
stat: CAP_DAC_READ_SEARCH
# mount: mount(2) needs CAP_SYS_ADMIN; mount.nfs and the glusterfs client bind a privileged source port (NET_BIND_SERVICE)
mount: CAP_SYS_ADMIN, CAP_NET_BIND_SERVICE
# df: statfs of shares mounted below cinder's folders (DAC_READ_SEARCH)
df: CAP_DAC_READ_SEARCH
# du: walks volume files below cinder's mount folders (DAC_READ_SEARCH)
du: CAP_DAC_READ_SEARCH
# truncate: creates and resizes volume files in cinder's folders (DAC_OVERRIDE)
truncate: CAP_DAC_OVERRIDE
# chmod: changes the mode of files root does not own (FOWNER)
chmod: CAP_FOWNER
# rm: removes files from cinder's folders, which needs write and search permission there (DAC_OVERRIDE)
rm: CAP_DAC_OVERRIDE
# netapp_nfs_find: searches the image cache on a mounted share (DAC_READ_SEARCH)
netapp_nfs_find: CAP_DAC_READ_SEARCH
# chgrp: changing a group to one root is not in needs CAP_CHOWN
chgrp: CAP_CHOWN
# ls: lists folders of cinder's shares (DAC_READ_SEARCH)
ls: CAP_DAC_READ_SEARCH
# multipath: device-mapper ioctls (SYS_ADMIN); its path checkers send SCSI commands over SG_IO, some of which need CAP_SYS_RAWIO
multipath: CAP_SYS_ADMIN, CAP_SYS_RAWIO
# multipathd: client of the multipathd daemon over its socket, which only checks for uid 0: no capability
multipathd:
# mv: renames in cinder's folders (DAC_OVERRIDE); across file systems it keeps owner, mode and times (CHOWN, FOWNER)
mv: CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_CHOWN
# cp: copies between files in cinder's folders (DAC_OVERRIDE)
cp: CAP_DAC_OVERRIDE
# mmgetstate: GPFS (vendor tool) query; reads cluster data and attributes of files in cinder's folders (DAC_READ_SEARCH)
mmgetstate: CAP_DAC_READ_SEARCH
# mmclone: GPFS (vendor tool); changes attributes of and clones files owned by cinder (DAC_OVERRIDE, FOWNER)
mmclone: CAP_DAC_OVERRIDE, CAP_FOWNER
# mmlsattr: GPFS (vendor tool) query; reads cluster data and attributes of files in cinder's folders (DAC_READ_SEARCH)
mmlsattr: CAP_DAC_READ_SEARCH
# mmchattr: GPFS (vendor tool); changes attributes of and clones files owned by cinder (DAC_OVERRIDE, FOWNER)
mmchattr: CAP_DAC_OVERRIDE, CAP_FOWNER
# mmlsconfig: GPFS (vendor tool) query; reads cluster data and attributes of files in cinder's folders (DAC_READ_SEARCH)
mmlsconfig: CAP_DAC_READ_SEARCH
# mmlsfs: GPFS (vendor tool) query; reads cluster data and attributes of files in cinder's folders (DAC_READ_SEARCH)
mmlsfs: CAP_DAC_READ_SEARCH
# mmlspool: GPFS (vendor tool) query; reads cluster data and attributes of files in cinder's folders (DAC_READ_SEARCH)
mmlspool: CAP_DAC_READ_SEARCH
# mkfs: formats a block device (root:disk) or an image file in cinder's folders (DAC_OVERRIDE)
mkfs: CAP_DAC_OVERRIDE
# mmcrfileset: GPFS (vendor tool) fileset administration; its junctions live in cinder's folders (DAC_OVERRIDE)
mmcrfileset: CAP_DAC_OVERRIDE
# mmlsfileset: GPFS (vendor tool) query; reads cluster data and attributes of files in cinder's folders (DAC_READ_SEARCH)
mmlsfileset: CAP_DAC_READ_SEARCH
# mmlinkfileset: GPFS (vendor tool) fileset administration; its junctions live in cinder's folders (DAC_OVERRIDE)
mmlinkfileset: CAP_DAC_OVERRIDE
# mmunlinkfileset: GPFS (vendor tool) fileset administration; its junctions live in cinder's folders (DAC_OVERRIDE)
mmunlinkfileset: CAP_DAC_OVERRIDE
# mmdelfileset: GPFS (vendor tool) fileset administration; its junctions live in cinder's folders (DAC_OVERRIDE)
mmdelfileset: CAP_DAC_OVERRIDE
# find_maxdepth_inum: searches a share for an inode number (DAC_READ_SEARCH)
find_maxdepth_inum: CAP_DAC_READ_SEARCH
# pstorage-mount: Virtuozzo Storage (vendor tool): a FUSE mount needs CAP_SYS_ADMIN
pstorage-mount: CAP_SYS_ADMIN
# pstorage: Virtuozzo Storage (vendor tool) cluster client: network and root-owned /etc/pstorage, no capability
pstorage:
# ploop: Virtuozzo ploop (vendor tool): block device ioctls and mounts (SYS_ADMIN), device nodes (MKNOD), images in cinder's folders (DAC_OVERRIDE)
ploop: CAP_SYS_ADMIN, CAP_MKNOD, CAP_DAC_OVERRIDE
# mount.quobyte: Quobyte (vendor tool): a FUSE mount needs CAP_SYS_ADMIN
mount.quobyte: CAP_SYS_ADMIN
# umount.quobyte: Quobyte (vendor tool): umount(2) needs CAP_SYS_ADMIN
umount.quobyte: CAP_SYS_ADMIN
# dellfcopy: Dell PowerStore (vendor tool): server-side copy between files in cinder's folders (DAC_OVERRIDE)
dellfcopy: CAP_DAC_OVERRIDE
# cryptsetup: dm-crypt through device-mapper ioctls (SYS_ADMIN); locks key material in memory (IPC_LOCK)
cryptsetup: CAP_SYS_ADMIN, CAP_IPC_LOCK
# privsep-helper: the implicit privsep-helper filter (contexts the two above do not name): the union of cinder's and os-brick's contexts
privsep-helper: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN
