using System.Diagnostics;
using System.Text;
using Xunit;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Rootwrap.Tests.Differential;

/// <summary>
/// A root-owned folder (0755, as H5 wants it) holding the stub executables, the byte-exact
/// launcher and each case's configuration and filter files. Every command a case can run
/// is a stub that prints what it received, except the reference's own hard-wired
/// <c>/bin/kill</c> (KillFilter) and <c>/bin/cat</c> (ReadFileFilter), which only ever get
/// our own sleeper processes and our own files.
/// </summary>
public sealed class Sandbox : IDisposable
{
    public const string Reference = Machine.ReferencePath;
    public const string Python = Machine.Python;

    public string Root { get; }
    /// <summary>The stubs, by command name; the only PATH entry and the usual exec_dirs.</summary>
    public string Bin { get; }
    public string Data { get; }
    public string Stub { get; }
    public string RunArgv { get; }
    public string HardenedReference { get; }
    public string Native { get; }
    /// <summary>Null when the suite can run here; else why not.</summary>
    public string? Unavailable { get; }
    public IReadOnlyList<string> Environment { get; }

    private int _scenario;
    private int _spec;

    public Sandbox()
    {
        Native = FindNative() ?? "";
        Root = Directory.CreateTempSubdirectory("rwdiff-").FullName;
        Bin = Path.Combine(Root, "bin");
        Data = Path.Combine(Root, "data");
        Stub = Path.Combine(Root, "stub");
        RunArgv = Path.Combine(Root, "runargv");
        HardenedReference = Path.Combine(Root, "hardened_reference.py");
        Environment = ["LANG=C.UTF-8", $"PATH={Bin}"];
        Unavailable = WhyUnavailable();
        SetMode(Root, DirMode);
        Directory.CreateDirectory(Bin); SetMode(Bin, DirMode);
        Directory.CreateDirectory(Data); SetMode(Data, DirMode);
        Directory.CreateDirectory(Path.Combine(Root, "spec"));
        if (Unavailable is not null) return;

        var src = Path.Combine(AppContext.BaseDirectory, "Differential", "native");
        Compile(Path.Combine(src, "stub.c"), Stub);
        Compile(Path.Combine(src, "runargv.c"), RunArgv);
        File.Copy(Path.Combine(src, "hardened_reference.py"), HardenedReference);
        SetMode(HardenedReference, FileMode);
    }

    public bool IsAvailable => Unavailable is null;

    /// <summary>Null when the differential suite can run here (the binary, the reference, root); else why not.</summary>
    public static string? WhyUnavailable() => Machine.WhyNot(Need.Differential);

    private const UnixFileMode DirMode = (UnixFileMode)0x1ED;  // 0755
    private const UnixFileMode FileMode = (UnixFileMode)0x1A4; // 0644
    private const UnixFileMode ExecMode = (UnixFileMode)0x1ED; // 0755

    public static void SetMode(string path, UnixFileMode mode) => File.SetUnixFileMode(path, mode);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int chown_(string path, uint uid, uint gid);

    public static void Chown(string path, uint uid, uint gid)
    {
        if (chown_(path, uid, gid) != 0) throw new IOException($"chown {path}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    private static string? FindNative() => Machine.BuiltHelper;

    private static void Compile(string source, string output)
    {
        var cc = new[] { "/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("no C compiler (cc, gcc or clang) to build the stub executables");
        var psi = new ProcessStartInfo(cc) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-O1", "-o", output, source }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{cc} {source}: {err}");
        SetMode(output, ExecMode);
    }

    /// <summary>Installs the stub as <paramref name="nameOrPath"/>: a bare name goes to <see cref="Bin"/>; an absolute path is created as is under the sandbox.</summary>
    public string AddStub(string nameOrPath)
    {
        var path = nameOrPath.StartsWith('/') ? nameOrPath : Path.Combine(Bin, nameOrPath);
        lock (this)
        {
            if (File.Exists(path)) return path;
            MakeDirs(Path.GetDirectoryName(path)!);
            File.Copy(Stub, path);
            SetMode(path, ExecMode);
        }
        return path;
    }

    /// <summary>Creates a folder (and its parents inside the sandbox) mode 0755.</summary>
    public string MakeDirs(string path)
    {
        var missing = new Stack<string>();
        for (var d = path; !Directory.Exists(d); d = Path.GetDirectoryName(d)!) missing.Push(d);
        while (missing.Count > 0)
        {
            var d = missing.Pop();
            Directory.CreateDirectory(d);
            SetMode(d, DirMode);
        }
        return path;
    }

    public string WriteFile(string path, string content, UnixFileMode mode = FileMode)
    {
        MakeDirs(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        SetMode(path, mode);
        return path;
    }

    /// <summary>
    /// A configuration of its own: rootwrap.conf with <paramref name="defaults"/> lines (exec_dirs
    /// defaults to the stub folder) and the given filter files. Returns the config path.
    /// </summary>
    public string Scenario(IEnumerable<(string Name, string Content)> filterFiles, string? defaults = null, bool execDirs = true)
    {
        var dir = Path.Combine(Root, "scenario", Interlocked.Increment(ref _scenario).ToString());
        var filtersDir = MakeDirs(Path.Combine(dir, "filters.d"));
        foreach (var (name, content) in filterFiles) WriteFile(Path.Combine(filtersDir, name), content);
        var conf = new StringBuilder("[DEFAULT]\n").Append("filters_path=").Append(filtersDir).Append('\n');
        if (execDirs) conf.Append("exec_dirs=").Append(Bin).Append('\n');
        if (defaults is not null) conf.Append(defaults).Append('\n');
        return WriteFile(Path.Combine(dir, "rootwrap.conf"), conf.ToString());
    }

    /// <summary>A one-file scenario.</summary>
    public string Scenario(string filters, string? defaults = null, bool execDirs = true) =>
        Scenario([("test.filters", filters)], defaults, execDirs);

    /// <summary>Runs argv (bytes, exactly) with the suite's environment; never throws on the program's behaviour.</summary>
    public async Task<Outcome> RunAsync(IReadOnlyList<byte[]> argv, TimeSpan timeout)
    {
        var spec = Path.Combine(Root, "spec", Interlocked.Increment(ref _spec) + ".argv");
        using (var f = File.Create(spec))
        {
            void Field(ReadOnlySpan<byte> b) { f.Write(b); f.WriteByte(0); }
            Field(Encoding.UTF8.GetBytes(Root));
            Field(Encoding.UTF8.GetBytes(Environment.Count.ToString()));
            foreach (var e in Environment) Field(Encoding.UTF8.GetBytes(e));
            foreach (var a in argv) Field(a);
        }
        var psi = new ProcessStartInfo(RunArgv)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        psi.ArgumentList.Add(spec);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = new MemoryStream();
        var outTask = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var errTask = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        bool timedOut = false;
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            timedOut = true;
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await p.WaitForExitAsync();
        }
        await outTask;
        var stderr = await errTask;
        File.Delete(spec);
        return new Outcome(timedOut ? -1 : p.ExitCode, stdout.ToArray(), stderr, timedOut);
    }

    /// <summary>Starts a stub that just waits (a KillFilter target); its executable is <paramref name="exe"/>.</summary>
    public Process StartSleeper(string exe)
    {
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardInput = true };
        psi.Environment.Clear();
        psi.Environment["RWSTUB_SLEEP"] = "1";
        var p = Process.Start(psi)!;
        // Wait until the kernel shows the new image, not the forking test host.
        for (int i = 0; i < 500; i++)
        {
            try { if (File.ResolveLinkTarget($"/proc/{p.Id}/exe", false)?.FullName == exe) break; }
            catch (IOException) { }
            Thread.Sleep(2);
        }
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>What one run of an implementation did.</summary>
public sealed record Outcome(int Exit, byte[] Stdout, string Stderr, bool TimedOut)
{
    public bool Traceback => Stderr.Contains("Traceback (most recent call last)", StringComparison.Ordinal);
    public bool RanCommand => Stdout.Length > 0;
}

[CollectionDefinition("Differential")]
public sealed class DifferentialCollection : ICollectionFixture<Sandbox>, ICollectionFixture<DiffSummary>;
