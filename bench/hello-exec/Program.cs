using System.Runtime.InteropServices;

execv("/usr/bin/true", ["/usr/bin/true", null]);
return 127;

[DllImport("libc", SetLastError = true)]
static extern int execv(string path, string?[] argv);
