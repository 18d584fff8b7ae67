using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>isatty(3): whether output goes to a terminal (colour only then).</summary>
public static partial class Terminal
{
    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int isatty(int fd);

    public static bool IsTerminal(int fd) => isatty(fd) == 1;
}
