using System.Runtime.InteropServices;
using System.Text;
using Rootwrap.Matching;
using Rootwrap.Text;

namespace Rootwrap.Native.Linux;

/// <summary>getpwnam_r and getgrouplist (through NSS, as the reference's pwd module).</summary>
public sealed partial class Users : IUserDatabase
{
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Passwd
    {
        public byte* Name, Password;
        public uint Uid, Gid;
        public byte* Gecos, Dir, Shell;
    }

    [LibraryImport("libc", EntryPoint = "getpwnam_r")]
    private static unsafe partial int getpwnam_r(byte* name, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static unsafe partial int getpwuid_r(uint uid, Passwd* pwd, byte* buf, nuint buflen, Passwd** result);

    [LibraryImport("libc", EntryPoint = "getgrouplist")]
    private static unsafe partial int getgrouplist(byte* user, uint group, uint* groups, int* ngroups);

    public unsafe UserSpec? Lookup(string name)
    {
        if (name.Length == 0 || name.Contains('\0')) return null;
        var cname = OsString.CString(Encoding.UTF8.GetBytes(name));
        var buf = new byte[16384];
        Passwd pw;
        Passwd* result = null;
        fixed (byte* n = cname) fixed (byte* b = buf)
        {
            if (getpwnam_r(n, &pw, b, (nuint)buf.Length, &result) != 0 || result == null) return null;
            int ngroups = 64;
            while (true)
            {
                var groups = new uint[ngroups];
                int count = ngroups;
                fixed (uint* g = groups)
                {
                    if (getgrouplist(n, pw.Gid, g, &count) >= 0)
                        return new UserSpec(name, pw.Uid, pw.Gid, groups[..count]);
                }
                if (count <= ngroups) count = ngroups * 2;
                ngroups = count;
                if (ngroups > 65536) return null;
            }
        }
    }

    public static unsafe string? NameOf(uint uid)
    {
        var buf = new byte[16384];
        Passwd pw;
        Passwd* result = null;
        fixed (byte* b = buf)
        {
            if (getpwuid_r(uid, &pw, b, (nuint)buf.Length, &result) != 0 || result == null) return null;
            return Marshal.PtrToStringUTF8((nint)pw.Name);
        }
    }
}
