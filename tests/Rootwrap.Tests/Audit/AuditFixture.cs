using Rootwrap.Audit;

namespace Rootwrap.Tests.Audit;

/// <summary>A throw-away folder of filter files (and optionally a rootwrap.conf) to audit.</summary>
public sealed class AuditFixture : IDisposable
{
    public string Root { get; }
    public string FiltersDir { get; }

    public AuditFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "rwaudit-" + Guid.NewGuid().ToString("N")[..12]);
        FiltersDir = Path.Combine(Root, "rootwrap.d");
        Directory.CreateDirectory(FiltersDir);
        // Trust checks look at every folder above: keep ours like a packaged /etc/x/rootwrap.d.
        Chmod(Root, "755");
        Chmod(FiltersDir, "755");
    }

    public static void Chmod(string path, string octal) =>
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));

    /// <summary>Writes a filter file; lines without a section header get "[Filters]" in front.</summary>
    public string Filters(string text, string name = "test.filters")
    {
        var path = Path.Combine(FiltersDir, name);
        if (!text.TrimStart().StartsWith('[')) text = "[Filters]\n" + text;
        File.WriteAllText(path, text);
        Chmod(path, "644");
        return path;
    }

    /// <summary>A rootwrap.conf for the fixture; <paramref name="extra"/> lines replace the defaults of the same key.</summary>
    public string Conf(string extra = "")
    {
        var lines = extra.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string Get(string key, string def) => lines.FirstOrDefault(l => l.StartsWith(key + "=")) ?? $"{key}={def}";
        var path = Path.Combine(Root, "rootwrap.conf");
        File.WriteAllText(path, "[DEFAULT]\n" + Get("filters_path", FiltersDir) + "\n" + Get("exec_dirs", "/sbin,/usr/sbin,/bin,/usr/bin") + "\n"
            + string.Join("\n", lines.Where(l => !l.StartsWith("filters_path=") && !l.StartsWith("exec_dirs="))) + "\n");
        Chmod(path, "644");
        return path;
    }

    public string Dir(string name, string mode)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        Chmod(path, mode);
        return path;
    }

    /// <summary>
    /// Audits PATH (the filters folder by default). Ownership findings are dropped unless
    /// asked for: a test run by another user than root owns its own fixtures.
    /// </summary>
    public List<Finding> Audit(string? path = null, bool trust = false) =>
        AuditRun.Run([path ?? FiltersDir]).Result.Findings
            .Where(f => trust || (f.Rule != Rules.UntrustedFile.Id && !(Environment.UserName != "root" && f.Rule == Rules.ExecDirUntrusted.Id)))
            .ToList();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
