using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;

namespace Rootwrap.Tests;

/// <summary>The checkout the tests run from, and the filter corpus tests/corpus/fetch.sh caches.</summary>
public static class RepoFiles
{
    public static readonly string Repo = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Rootwrap.sln"))) return d.FullName;
        throw new InvalidOperationException("Rootwrap.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Corpus => Environment.GetEnvironmentVariable("ROOTWRAP_CORPUS") is { Length: > 0 } c
        ? c : Path.Combine(Repo, ".cache", "corpus");
}

/// <summary>A temporary folder of filter files and profiles, removed at the end of the test.</summary>
public sealed class TempTree : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("rwn-test-").FullName;

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A configuration reading filters.d under this folder.</summary>
    public RootwrapConfig Config(string defaults = "")
    {
        Directory.CreateDirectory(Path.Combine(Dir, "filters.d"));
        var conf = Write("rootwrap.conf", $"[DEFAULT]\nfilters_path={Dir}/filters.d\nexec_dirs=/usr/bin\n{defaults}\n");
        return RootwrapConfig.Load(conf, null);
    }

    public FilterSet Load(RootwrapConfig config) => FilterLoader.Load(config, TrustAnything.Instance);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>The tests' one user database: these users, no other.</summary>
public sealed class FakeUsers(params UserSpec[] users) : IUserDatabase
{
    public UserSpec? Lookup(string name) => users.FirstOrDefault(u => u.Name == name);
}
