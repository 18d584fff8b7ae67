# rootwrap-native capability profile for manila (share nodes and the data service).
#
# Filters: Debian 12 manila-common 1:15.1.0, /etc/manila/rootwrap.d/share.filters.
# Use it from /etc/manila/rootwrap.conf:
#   capability_profiles = /usr/share/rootwrap-native/profiles/manila.profile
# Each filter keeps only the capabilities below (rootwrap-native(8), rootwrap.conf(5)).
#
# How the sets were chosen:
# - The command runs as uid 0. Files and devices root owns (/dev/mapper/*, /etc,
#   /etc/ganesha, Samba's registry) are reachable by their mode bits alone.
#   CAP_DAC_READ_SEARCH is for looking into manila's state folder (/var/lib/manila,
#   its mnt/) and into tenants' share contents, CAP_DAC_OVERRIDE for writing there.
# - Capabilities do not confine a uid-0 writer of root's own files: `tee`, `dd`,
#   `sed`, `sh -c` and `ip netns exec` with free arguments stay root-equivalent
#   whatever they keep (rootwrap-audit(1) reports them; [Paths] is the remedy).
# - LVM as in cinder.profile: device-mapper ioctls need CAP_SYS_ADMIN, metadata
#   changes also lock memory (CAP_IPC_LOCK).
# - A set that is too small makes the command fail (EPERM/EACCES); it never runs
#   with more. Try a profile with undeclared_capabilities=bound first.

[Capabilities]
# Hands share folders to their owners: changing an owner is CAP_CHOWN.
chown: CAP_CHOWN, CAP_DAC_READ_SEARCH

# Reads configuration root owns (ganesha exports, /etc/exports).
cat:

# mkfs/fsck/e2fsck/tune2fs on LVs that are not mounted yet: the devices are root's.
mkfs.ext4:
# mkfs.ext3 writes a new file system on an unmounted LV device, root's
mkfs.ext3:
# fsck checks an unmounted LV device, which root owns: no capability needed
fsck:
# e2fsck repairs an unmounted LV device, which root owns: no capability needed
e2fsck:
# tune2fs edits the superblock of an LV device root owns: no capability needed
tune2fs:

# Samba (`smbd -s CONF -D`; `smb` is its Red Hat name): ports 139/445, switches to
# each client's uid and back (SETUID/SETGID), serves files of every owner (DAC_*,
# CHOWN, FOWNER for inherit owner/ACLs), signals its per-user children (KILL),
# kernel oplocks (LEASE), raises its fd limit (SYS_RESOURCE).
smbd: CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_CHOWN, CAP_FOWNER, CAP_KILL, CAP_LEASE, CAP_SYS_RESOURCE
# smb is Red Hat's name for smbd: the same set as smbd above
smb: CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_CHOWN, CAP_FOWNER, CAP_KILL, CAP_LEASE, CAP_SYS_RESOURCE

# Removes mount-point folders in manila's state folder (write on the parent).
rmdir: CAP_DAC_OVERRIDE

# LVM driver: `dd count=0` between LV devices, all root's. Root-equivalent all the same.
dd:

# Online grow of a mounted ext4 (EXT4_IOC_RESIZE_FS is CAP_SYS_RESOURCE); finds the
# mount point under manila's state folder.
resize2fs: CAP_SYS_RESOURCE, CAP_DAC_READ_SEARCH

# Samba control and registry shares: messaging sockets and registry.tdb are root's;
# `net conf` checks uid 0 only.
smbcontrol:
# `net conf` edits registry.tdb, root's file, and checks uid 0 only
net:

# helpers.py copies configuration (root's); manila/data/utils.py copies share data
# with `--preserve=all` (files of any owner: DAC_OVERRIDE; owners, times and set-id
# bits kept: CHOWN, FOWNER, FSETID).
cp: CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER, CAP_FSETID

# `service NAME ACTION`: systemd authorises the caller by uid 0.
service:

# LVM changes and reports.
lvremove: CAP_SYS_ADMIN, CAP_IPC_LOCK
# lvextend: device-mapper ioctls (SYS_ADMIN), locks its memory (IPC_LOCK)
lvextend: CAP_SYS_ADMIN, CAP_IPC_LOCK
# lvcreate: device-mapper ioctls (SYS_ADMIN), locks its memory (IPC_LOCK)
lvcreate: CAP_SYS_ADMIN, CAP_IPC_LOCK
# lvconvert: device-mapper ioctls (SYS_ADMIN), locks its memory (IPC_LOCK)
lvconvert: CAP_SYS_ADMIN, CAP_IPC_LOCK
# lvrename: device-mapper ioctls (SYS_ADMIN), locks its memory (IPC_LOCK)
lvrename: CAP_SYS_ADMIN, CAP_IPC_LOCK
# vgs reads LVM metadata through device-mapper ioctls (SYS_ADMIN)
vgs: CAP_SYS_ADMIN
# lvs reads LVM metadata through device-mapper ioctls (SYS_ADMIN)
lvs: CAP_SYS_ADMIN

# generic.py: `sed -i` on /etc/fstab; the temp file and rename are in root's /etc.
sed:

# glusterfs/ganesha: creates share and export folders, in manila's state folder or on a share.
mkdir: CAP_DAC_OVERRIDE

# `rm -rf` of share contents of any owner, sticky folders included.
rm: CAP_DAC_OVERRIDE, CAP_FOWNER

# glusterfs (FUSE, reserved source ports) and block/NFS shares mounted under
# manila's state folder.
mount: CAP_SYS_ADMIN, CAP_NET_BIND_SERVICE, CAP_DAC_READ_SEARCH
# umount of a share mount (SYS_ADMIN), resolving its path in manila's folder
umount: CAP_SYS_ADMIN, CAP_DAC_READ_SEARCH

# The gluster CLI talks to glusterd over root's unix socket.
gluster:

# ip_lib: links and addresses (NET_ADMIN), `ip netns add|exec` (setns, unshare,
# mounts: SYS_ADMIN). `ip netns exec` runs whatever follows with this set.
ip: CAP_NET_ADMIN, CAP_SYS_ADMIN

# Talks to ovsdb-server: root's socket on Debian, openvswitch's on Fedora/RHEL.
ovs-vsctl: CAP_DAC_OVERRIDE

# glusterfs_native: `find SHARE -mindepth 1 -delete` on contents of any owner.
find: CAP_DAC_OVERRIDE, CAP_FOWNER

# IBM GPFS administration through the mmfs kernel extension (admin ioctls) and the
# file system's files whoever owns them. Not verifiable without GPFS: check with
# undeclared_capabilities=bound first.
mmgetstate: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmlsattr: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmlsattr: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmcrfileset: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmcrfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmlinkfileset: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmlinkfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmsetquota: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmsetquota: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmunlinkfileset: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmunlinkfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmdelfileset: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmdelfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmcrsnapshot: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmcrsnapshot: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmdelsnapshot: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmdelsnapshot: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmnfs: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmnfs: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmlsfileset: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmlsfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmchfileset: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmchfileset: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE
# mmlsquota: GPFS admin ioctl (SYS_ADMIN) on files of any owner (DAC_OVERRIDE)
mmlsquota: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE

# GPFS share copy (`rsync -rp`): reads files of any owner, writes new ones as root.
rsync: CAP_DAC_OVERRIDE

# exportfs: the kernel's export tables are root's files; it stats the exported paths.
exportfs: CAP_DAC_READ_SEARCH

# GPFS: inspects share paths.
stat: CAP_DAC_READ_SEARCH
# df stats share mount points inside folders manila may not search
df: CAP_DAC_READ_SEARCH

# GPFS: `chmod 777` on a share root that root may not own.
chmod: CAP_FOWNER, CAP_DAC_READ_SEARCH

# ganesha manager: temp file and rename in /etc/ganesha (root's).
mv:
# mktemp makes the temp file in /etc/ganesha, root's own folder
mktemp:

# ganesha: `sh -c "echo '...' > /PATH"` and `sh -c "rm -f /PATH/*.conf"` on its own
# configuration, root's. A shell with a free regexp: root-equivalent regardless.
shcat:
# rmconf removes ganesha's own configuration files, root's
rmconf:

# ganesha over D-Bus: the system bus policy admits root by uid.
dbus-addexport:
# dbus-removeexport: the system bus admits root by uid
dbus-removeexport:
# dbus-updateexport: the system bus admits root by uid
dbus-updateexport:

# ZFS: /dev/zfs admin ioctls and dataset mounts check CAP_SYS_ADMIN.
zpool: CAP_SYS_ADMIN
# zfs dataset changes and mounts through /dev/zfs check CAP_SYS_ADMIN
zfs: CAP_SYS_ADMIN

# zfsonlinux stops its own replication pipelines (`zfs send | ssh`), root's
# processes: same uid, so no CAP_KILL.
kill:

# Data service: lists, stamps and checksums share contents of any owner. Setting
# another owner's times to given values is CAP_FOWNER.
ls: CAP_DAC_READ_SEARCH
# touch sets given times on another owner's file (FOWNER) inside shares
touch: CAP_FOWNER, CAP_DAC_READ_SEARCH
# sha256sum reads share files of any owner (DAC_READ_SEARCH)
sha256sum: CAP_DAC_READ_SEARCH

# Container driver: the docker CLI reaches /var/run/docker.sock (root:docker) as
# uid 0. Root-equivalent regardless (it can start a privileged container).
docker:

# Container driver: Linux bridge ioctls.
brctl: CAP_NET_ADMIN

# manila/utils.py `tee FILE`: configuration root owns. Root-equivalent regardless.
tee:

# The implicit privsep-helper filter: manila.privsep.sys_admin_pctxt's list (CHOWN, DAC_*, FOWNER, NET_ADMIN, SYS_ADMIN), DAC_OVERRIDE also reaching the caller's socket
privsep-helper: CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN
