using System.Text;
using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Ini;
using Rootwrap.Posix;

namespace Rootwrap.Audit;

/// <summary>A filter line as written: its name, class and fields, where it is, and the filter the helper would build (null when it would not).</summary>
public sealed record FilterEntry(string Name, string ClassName, IReadOnlyList<string> Fields, string File, int Line, Filter? Built)
{
    public string RunAs => Built?.RunAs ?? (Fields.Count > 1 ? Fields[1] : "root");
    /// <summary>What runs: exec_path (after EnvFilter's adjustment), or /bin/cat and /bin/kill.</summary>
    public string Command => Built?.ExecPath ?? (Fields.Count > 0 ? Fields[0] : "");
}

/// <summary>A PATH the auditor could not read at all (exit 2).</summary>
public sealed class AuditInputException(string message) : Exception(message);

/// <summary>
/// One PATH as the auditor reads it: the filter files (also those the helper would refuse),
/// and for a rootwrap.conf its exec_dirs, profiles and capability keys. Problems that stop
/// the helper or the reference become findings here, never exceptions.
/// </summary>
public sealed class AuditTarget
{
    public required string Path { get; init; }
    public string? ConfigFile { get; init; }
    /// <summary>The service, guessed from the path (/etc/nova/..., .../cinder/rootwrap.d).</summary>
    public string? Service { get; init; }
    public List<string> Files { get; } = new();
    public List<FilterEntry> Filters { get; } = new();
    /// <summary>Our sections, read by the helper's own reader (every invalid entry a finding).</summary>
    public Declarations Declarations { get; } = new();
    public Dictionary<string, CapabilityDeclaration> Capabilities => Declarations.Capabilities;
    public Dictionary<string, PathsDeclaration> Paths => Declarations.Paths;
    /// <summary>[Arguments] shapes by key (<c>filter</c> or <c>filter.shape</c>), as the helper reads them.</summary>
    public Dictionary<string, ArgumentShape> Arguments => Declarations.Arguments;
    public Dictionary<string, ChainDeclaration> Chains => Declarations.Chains;
    /// <summary>[RunAs] (SPEC 8): root filters that run as an account, their capabilities ambient.</summary>
    public Dictionary<string, RunAsDeclaration> RunAs => Declarations.RunAs;
    /// <summary>[Namespaces] (SPEC 8): ip netns exec filters whose namespace the launcher enters itself.</summary>
    public Dictionary<string, NamespaceDeclaration> Namespaces => Declarations.Namespaces;

    /// <summary>The shapes narrowing filter <paramref name="name"/>, in order; empty when it is not narrowed.</summary>
    public List<ArgumentShape> ShapesOf(string name) => Arguments.Values.Where(a => a.Filter == name).ToList();
    public List<Finding> Findings { get; } = new();
    public IReadOnlyList<string>? ExecDirs { get; set; }
    /// <summary>rootwrap.conf sets a key only rootwrap-native reads (capability_profiles, capability_bound...).</summary>
    public bool NativeKeys { get; set; }
    /// <summary>
    /// The target says something only rootwrap-native reads (its keys, or a [Capabilities],
    /// [Paths], [Arguments] or [Chains] entry): it is judged as rootwrap-native runs it, with
    /// its hardenings (H8); plain filter files are judged as oslo.rootwrap runs them.
    /// </summary>
    public bool NativePolicy => NativeKeys || Capabilities.Count > 0 || Paths.Count > 0 || Arguments.Count > 0 || Chains.Count > 0
        || RunAs.Count > 0 || Namespaces.Count > 0;
    public string? CapabilityUser { get; set; }
    public UndeclaredCapabilities Undeclared { get; set; } = UndeclaredCapabilities.Bound;

    private static readonly string[] KnownServices =
    [
        "nova", "cinder", "neutron", "manila", "ironic", "designate", "sahara", "glance", "swift", "octavia",
        "trove", "zun", "heat", "magnum", "ceilometer", "watcher", "masakari", "tacker", "cyborg", "kuryr",
    ];

    public static string? GuessService(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            if (Array.IndexOf(KnownServices, parts[i]) >= 0) return parts[i];
            var stem = parts[i].Split('.', '-', '_')[0];
            if (i == parts.Length - 1 && Array.IndexOf(KnownServices, stem) >= 0) return stem;
        }
        return null;
    }

    /// <summary>Reads PATH: a rootwrap.conf, a folder of filter files, or one filter file.</summary>
    public static AuditTarget Load(string path)
    {
        if (PosixPath.Stat(path) is not { } st)
            throw new AuditInputException($"{path}: no such file or folder");
        if (st.IsDirectory)
        {
            var t = new AuditTarget { Path = path, Service = GuessService(System.IO.Path.GetFullPath(path)) };
            t.CheckTrust(path, "folder");
            t.ReadFolder(path);
            t.FinishNames();
            return t;
        }
        var text = ReadText(path, out var decodeError);
        var (doc, _) = ParseLenient(path, text, out var errors);
        if (doc.Defaults["filters_path"] is not null)
        {
            var t = new AuditTarget { Path = path, ConfigFile = path, Service = GuessService(System.IO.Path.GetFullPath(path)) };
            t.AddParseFindings(path, decodeError, errors);
            t.CheckTrust(path, "file");
            t.ReadConfig(path, doc);
            t.FinishNames();
            return t;
        }
        var ft = new AuditTarget { Path = path, Service = GuessService(System.IO.Path.GetFullPath(path)) };
        ft.CheckTrust(path, "file");
        ft.ReadFilterFile(path);
        ft.FinishNames();
        return ft;
    }

    private void ReadConfig(string path, IniDocument doc)
    {
        RootwrapConfig? config = null;
        try
        {
            // Validation exactly as the helper does it (strict reader, values).
            config = RootwrapConfig.Load(path, "/usr/sbin:/usr/bin:/sbin:/bin");
        }
        catch (ConfigException e)
        {
            Findings.Add(new(path, e.Line, null, null, Severity.Medium, Rules.ConfigInvalid.Id,
                $"the helper refuses this configuration (exit 97): {e.Message}", "fix the value; `rootwrap-native CONFIG true` shows the same message"));
        }
        var d = doc.Defaults;
        var dirs = d["filters_path"]!.Value.Split(',');
        if (d["exec_dirs"] is { } ed)
        {
            ExecDirs = ed.Value.Split(',');
            CheckExecDirs(path, ed.Line);
        }
        else
        {
            Findings.Add(new(path, 0, null, null, Severity.Info, Rules.ExecDirMissing.Id,
                "no exec_dirs: commands are looked up in the helper's PATH (sudo's secure_path)",
                "set exec_dirs=/usr/sbin,/usr/bin,/sbin,/bin explicitly"));
        }
        NativeKeys = new[] { "capability_profiles", "capability_bound", "undeclared_capabilities", "capability_user" }.Any(k => d[k] is not null);
        if (config is not null)
        {
            CapabilityUser = config.CapabilityUser;
            Undeclared = config.Undeclared;
        }
        else
        {
            // The helper runs nothing with this file (the finding above). The filters are
            // judged with what parses, and an undeclared_capabilities it refuses as `bound`,
            // the default and the most that value could give once fixed.
            if (d["capability_user"] is { } cu && cu.Value.Trim().Length > 0) CapabilityUser = cu.Value.Trim();
            if (d["undeclared_capabilities"] is { } uc)
                Undeclared = RootwrapConfig.ParseUndeclared(uc.Value) ?? UndeclaredCapabilities.Bound;
        }
        var dirLine = d["filters_path"]!.Line;
        foreach (var dir in dirs)
        {
            if (!PosixPath.IsDir(dir))
            {
                Findings.Add(new(path, dirLine, null, null, Severity.Info, Rules.FiltersPathMissing.Id,
                    $"filters_path folder {dir} does not exist here: nothing is read from it (the reference skips it silently)",
                    "audit the folder itself, or run the auditor where the service is installed"));
                continue;
            }
            CheckTrust(dir, "folder");
            ReadFolder(dir);
        }
        if (d["capability_profiles"] is { } cp)
        {
            foreach (var p in cp.Value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0))
            {
                if (PosixPath.IsDir(p))
                {
                    CheckTrust(p, "folder");
                    foreach (var f in FilterLoader.ListDirectory(p).Where(x => !PosixPath.BaseName(x).StartsWith('.') && PosixPath.IsFile(x)).Order(StringComparer.Ordinal))
                    {
                        CheckTrust(f, "file");
                        ReadDeclarationsOnly(f);
                    }
                }
                else if (PosixPath.IsFile(p))
                {
                    CheckTrust(p, "file");
                    ReadDeclarationsOnly(p);
                }
                else Findings.Add(new(path, cp.Line, null, null, Severity.Medium, Rules.ConfigInvalid.Id,
                    $"capability profile {p} not found: the helper refuses the configuration (exit 97)", "fix capability_profiles"));
            }
        }
    }

    private void CheckExecDirs(string conf, int line)
    {
        foreach (var dir in ExecDirs!)
        {
            if (dir.Length == 0) continue;
            if (!dir.StartsWith('/'))
            {
                Findings.Add(new(conf, line, null, null, Severity.Critical, Rules.ExecDirRelative.Id,
                    $"exec_dirs entry `{dir}` is relative: the reference looks for commands under the caller's working directory (`cd /tmp/mine && sudo ... dd` runs /tmp/mine/{dir}/dd)",
                    "use absolute folders only (rootwrap-native, run as root, refuses a relative one: exit 97)"));
                continue;
            }
            if (!PosixPath.IsDir(dir))
            {
                Findings.Add(new(conf, line, null, null, Severity.Info, Rules.ExecDirMissing.Id,
                    $"exec_dirs folder {dir} does not exist here; whoever creates it decides what runs as root",
                    "drop it, or make sure only root can create it"));
                continue;
            }
            if (Untrusted(dir) is { } why)
                Findings.Add(new(conf, line, null, null, Severity.Critical, Rules.ExecDirUntrusted.Id,
                    $"exec_dirs folder {dir} {why}: a program placed there under a filter's command name runs as root",
                    $"chown root:root {dir} && chmod go-w {dir}, or remove it from exec_dirs"));
        }
    }

    private void ReadFolder(string dir)
    {
        IEnumerable<string> entries;
        try { entries = FilterLoader.ListDirectory(dir); }
        catch (ConfigException e) { throw new AuditInputException($"{dir}: {e.Message}"); }
        foreach (var file in entries)
        {
            var name = PosixPath.BaseName(file);
            if (name.StartsWith('.') || !PosixPath.IsFile(file)) continue;
            CheckTrust(file, "file");
            ReadFilterFile(file);
        }
    }

    /// <summary>Reads a file's text; invalid UTF-8 (which the reference dies on) is replaced and reported.</summary>
    private static string ReadText(string path, out string? decodeError)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditInputException($"{path}: cannot be read ({(e is UnauthorizedAccessException ? "permission denied" : "I/O error")})");
        }
        decodeError = null;
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException)
        {
            try { IniDocument.Parse(path, bytes, strict: false); }
            catch (IniException e) { decodeError = $"line {e.Line}: {e.Message}"; }
            return new UTF8Encoding(false, false).GetString(bytes);
        }
    }

    /// <summary>
    /// Parses as the reference does, but goes on past lines configparser rejects (they are
    /// reported and read as comments) and finds repeated option names (strict mode would stop at them).
    /// </summary>
    internal static (IniDocument Doc, List<IniException> Repeated) ParseLenient(string path, string text, out List<IniException> errors)
    {
        var problems = new List<IniException>();
        var doc = IniDocument.ParseCollecting(path, text, problems);
        errors = problems.Where(p => p.Kind is not (IniError.RepeatedOption or IniError.RepeatedSection)).ToList();
        return (doc, problems.Where(p => p.Kind == IniError.RepeatedOption).ToList());
    }

    private void AddParseFindings(string file, string? decodeError, List<IniException> errors)
    {
        if (decodeError is not null)
            Findings.Add(new(file, 0, null, null, Severity.Medium, Rules.ParseError.Id,
                $"not valid UTF-8 ({decodeError}): the reference dies reading it, the helper refuses it (exit 97)", "save the file as UTF-8"));
        foreach (var e in errors)
            Findings.Add(new(file, e.Line, null, null, Severity.Medium, Rules.ParseError.Id,
                $"{e.Message}: the reference dies with a traceback, the helper refuses the configuration (exit 97)",
                "write it as `name: Class, field, ...`, or indent it to continue the line above"));
    }

    private void ReadFilterFile(string file)
    {
        Files.Add(file);
        var text = ReadText(file, out var decodeError);
        var (doc, dups) = ParseLenient(file, text, out var errors);
        AddParseFindings(file, decodeError, errors);
        foreach (var r in dups.Where(r => r.Section == "Filters"))
            Findings.Add(new(file, r.FirstLine, r.Key, null, Severity.Medium, Rules.DuplicateName.Id,
                $"`{r.Key}` is defined again at line {r.Line}: this definition silently disappears (configparser keeps the last)",
                $"rename one of them (`{r.Key}_2`)"));
        var items = doc.Items("Filters");
        if (items is null)
        {
            Findings.Add(new(file, 0, null, null, Severity.Medium, Rules.NoFiltersSection.Id,
                "no [Filters] section: the reference dies with NoSectionError on every call, the helper refuses the configuration (exit 97)",
                "add a [Filters] header above the filter lines"));
        }
        else
        {
            if (doc.Defaults.Entries.Count > 0)
                Findings.Add(new(file, doc.Defaults.Entries[0].Line, null, null, Severity.Low, Rules.DefaultSection.Id,
                    $"[DEFAULT] options ({string.Join(", ", doc.Defaults.Entries.Select(e => e.Key))}) are read as filters of [Filters] too",
                    "move them into [Filters] or remove them"));
            foreach (var entry in items)
                ReadEntry(file, entry);
        }
        ReadDeclarations(doc);
    }

    private void ReadEntry(string file, IniEntry entry)
    {
        var fields = entry.Value.Split(',').Select(IniDocument.PyStrip).ToArray();
        var cls = fields[0];
        Filter? built;
        try
        {
            built = FilterFactory.Build(fields, file, entry.Line);
        }
        catch (ConfigException e)
        {
            bool notAClass = e.Message.Contains("is not a filter class", StringComparison.Ordinal);
            Findings.Add(new(file, entry.Line, entry.Key, cls, Severity.Medium,
                notAClass ? Rules.NotAClass.Id : Rules.TooFewFields.Id,
                notAClass
                    ? $"`{cls}` is a name in the reference's filters module but no filter class: the reference dies on every call"
                    : $"{e.Message}: the reference dies with a traceback on every call, the helper refuses the configuration (exit 97)",
                "write `name: CommandFilter, COMMAND, root` (class, command, user, then arguments)"));
            return;
        }
        if (built is null)
        {
            Findings.Add(new(file, entry.Line, entry.Key, cls, Severity.Low, Rules.UnknownClass.Id,
                $"unknown filter class `{cls}`: the reference skips it with a warning, so this filter does not exist",
                FilterFactory.KnownClasses.FirstOrDefault(k => string.Equals(k, cls, StringComparison.OrdinalIgnoreCase)) is { } k
                    ? $"the class is spelled `{k}`" : $"use one of {string.Join(", ", FilterFactory.KnownClasses)}"));
            return;
        }
        built.Name = entry.Key;
        built.Source = new FilterSource(file, entry.Line);
        Filters.Add(new FilterEntry(entry.Key, cls, fields.Skip(1).ToArray(), file, entry.Line, built));
    }

    private void ReadDeclarationsOnly(string file)
    {
        var text = ReadText(file, out var decodeError);
        var (doc, _) = ParseLenient(file, text, out var errors);
        AddParseFindings(file, decodeError, errors);
        ReadDeclarations(doc);
    }

    private void ReadDeclarations(IniDocument doc)
    {
        var errors = new List<DeclarationError>();
        Declarations.Read(doc, errors);
        AddDeclarationFindings(errors);
    }

    private void AddDeclarationFindings(List<DeclarationError> errors)
    {
        foreach (var (section, filter, x) in errors)
            Findings.Add(new(x.File ?? Path, x.Line, filter, null, Severity.Medium, Rules.CapabilityInvalid.Id,
                $"{x.Message}: the helper refuses the configuration (exit 97)",
                section switch
                {
                    "Capabilities" => "use names from capabilities(7), e.g. CAP_NET_ADMIN",
                    "Paths" => "write `name: rw /var/lib/x, ro /etc/y`",
                    _ when x.Message.Contains("which is no filter", StringComparison.Ordinal) => "remove the entry or fix the name",
                    _ => "see docs/SPEC.md, section 8",
                }));
    }

    /// <summary>Declarations for names no filter has (as the helper checks them); the same name in two files.</summary>
    private void FinishNames()
    {
        var errors = new List<DeclarationError>();
        Declarations.Resolve([.. Filters.Select(f => f.Built!), FilterLoader.ImplicitPrivsep()], errors);
        AddDeclarationFindings(errors);
        foreach (var g in Filters.GroupBy(f => f.Name).Where(g => g.Select(f => f.File).Distinct().Count() > 1))
        {
            var first = g.First();
            var others = string.Join(", ", g.Skip(1).Select(f => $"{PosixPath.BaseName(f.File)}:{f.Line}"));
            Findings.Add(new(first.File, first.Line, first.Name, first.ClassName, Severity.Low, Rules.DuplicateAcrossFiles.Id,
                $"`{first.Name}` is also defined at {others}: both match, and one [Capabilities] entry covers both",
                "give each filter its own name"));
        }
    }

    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);

    /// <summary>H5 for the auditor: the file, and every folder above it, writable by root alone.</summary>
    private void CheckTrust(string path, string what)
    {
        if (!_checked.Add(path)) return;
        if (Untrusted(path) is { } why)
        {
            Findings.Add(new(path, 0, null, null, Severity.Critical, Rules.UntrustedFile.Id,
                $"this {what} {why}: whoever can write it decides what runs as root (the helper refuses it when run as root, H5; the reference doesn't check)",
                $"chown root:root {path} && chmod go-w {path}"));
        }
        var full = System.IO.Path.GetFullPath(path);
        for (var dir = PosixPath.DirName(full); dir.Length > 0; dir = PosixPath.DirName(dir))
        {
            if (_checked.Add(dir) && UntrustedAncestor(dir) is { } w)
                Findings.Add(new(path, 0, null, null, Severity.Critical, Rules.UntrustedFile.Id,
                    $"folder {dir} above it {w}: its owner can replace the {what} and decide what runs as root",
                    $"chown root:root {dir} && chmod go-w {dir}"));
            if (dir == "/") break;
        }
    }

    /// <summary>Why a file or folder is not root's alone, or null.</summary>
    internal static string? Untrusted(string path)
    {
        if (PosixPath.Stat(path) is not { } st) return null;
        if (st.Uid != 0) return $"is owned by uid {st.Uid}";
        if ((st.Mode & 0x12) != 0) return $"is writable by group or others (mode {Convert.ToString(st.Mode & 0xFFF, 8)})";
        return null;
    }

    /// <summary>A folder above: sticky world-writable folders (/tmp) don't let others replace what root put there.</summary>
    private static string? UntrustedAncestor(string dir)
    {
        if (PosixPath.Stat(dir) is not { } st) return null;
        if (st.Uid != 0) return $"is owned by uid {st.Uid}";
        bool sticky = (st.Mode & 0x200) != 0;
        if ((st.Mode & 0x12) != 0 && !sticky) return $"is writable by group or others (mode {Convert.ToString(st.Mode & 0xFFF, 8)})";
        return null;
    }
}
