using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rootwrap.Audit;

/// <summary>The outcome of one run over one or more PATHs.</summary>
public sealed record AuditResult(IReadOnlyList<Finding> Findings, int Files, int Filters)
{
    public int Count(Severity s) => Findings.Count(f => f.Severity == s);
    public Severity? Worst => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);
}

// ---- JSON: SPEC section 6, exactly ----

public sealed class JsonFinding
{
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("line")] public required int Line { get; init; }
    [JsonPropertyName("filter")] public string? Filter { get; init; }
    [JsonPropertyName("class")] public string? Class { get; init; }
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("rule")] public required string Rule { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("fix")] public required string Fix { get; init; }
}

public sealed class JsonSummary
{
    [JsonPropertyName("files")] public int Files { get; init; }
    [JsonPropertyName("filters")] public int Filters { get; init; }
    [JsonPropertyName("critical")] public int Critical { get; init; }
    [JsonPropertyName("high")] public int High { get; init; }
    [JsonPropertyName("medium")] public int Medium { get; init; }
    [JsonPropertyName("low")] public int Low { get; init; }
    [JsonPropertyName("info")] public int Info { get; init; }
}

public sealed class JsonReport
{
    [JsonPropertyName("findings")] public required List<JsonFinding> Findings { get; init; }
    [JsonPropertyName("summary")] public required JsonSummary Summary { get; init; }
}

// ---- SARIF 2.1.0: the subset code scanning reads ----

public sealed class SarifLog
{
    [JsonPropertyName("$schema")] public string Schema { get; init; } = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    [JsonPropertyName("version")] public string Version { get; init; } = "2.1.0";
    [JsonPropertyName("runs")] public required List<SarifRun> Runs { get; init; }
}

public sealed class SarifRun
{
    [JsonPropertyName("tool")] public required SarifTool Tool { get; init; }
    [JsonPropertyName("results")] public required List<SarifResult> Results { get; init; }
    [JsonPropertyName("columnKind")] public string ColumnKind { get; init; } = "unicodeCodePoints";
}

public sealed class SarifTool
{
    [JsonPropertyName("driver")] public required SarifDriver Driver { get; init; }
}

public sealed class SarifDriver
{
    [JsonPropertyName("name")] public string Name { get; init; } = "rootwrap-audit";
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("semanticVersion")] public required string SemanticVersion { get; init; }
    [JsonPropertyName("rules")] public required List<SarifRule> Rules { get; init; }
}

public sealed class SarifText
{
    [JsonPropertyName("text")] public required string Text { get; init; }
}

public sealed class SarifRule
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("shortDescription")] public required SarifText ShortDescription { get; init; }
    [JsonPropertyName("defaultConfiguration")] public required SarifConfiguration DefaultConfiguration { get; init; }
    [JsonPropertyName("properties")] public required SarifRuleProperties Properties { get; init; }
}

public sealed class SarifConfiguration
{
    [JsonPropertyName("level")] public required string Level { get; init; }
}

public sealed class SarifRuleProperties
{
    /// <summary>GitHub code scanning's 0.0-10.0 score: its critical/high/medium/low buckets.</summary>
    [JsonPropertyName("security-severity")] public required string SecuritySeverity { get; init; }
    [JsonPropertyName("tags")] public required List<string> Tags { get; init; }
}

public sealed class SarifResult
{
    [JsonPropertyName("ruleId")] public required string RuleId { get; init; }
    [JsonPropertyName("ruleIndex")] public required int RuleIndex { get; init; }
    [JsonPropertyName("level")] public required string Level { get; init; }
    [JsonPropertyName("message")] public required SarifText Message { get; init; }
    [JsonPropertyName("locations")] public required List<SarifLocation> Locations { get; init; }
    [JsonPropertyName("partialFingerprints")] public required Dictionary<string, string> PartialFingerprints { get; init; }
    [JsonPropertyName("properties")] public required SarifResultProperties Properties { get; init; }
}

public sealed class SarifResultProperties
{
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("security-severity")] public required string SecuritySeverity { get; init; }
    [JsonPropertyName("filter")] public string? Filter { get; init; }
    [JsonPropertyName("class")] public string? Class { get; init; }
    [JsonPropertyName("fix")] public required string Fix { get; init; }
}

public sealed class SarifLocation
{
    [JsonPropertyName("physicalLocation")] public required SarifPhysicalLocation PhysicalLocation { get; init; }
}

public sealed class SarifPhysicalLocation
{
    [JsonPropertyName("artifactLocation")] public required SarifArtifactLocation ArtifactLocation { get; init; }
    [JsonPropertyName("region")] public SarifRegion? Region { get; init; }
}

public sealed class SarifArtifactLocation
{
    [JsonPropertyName("uri")] public required string Uri { get; init; }
}

public sealed class SarifRegion
{
    [JsonPropertyName("startLine")] public required int StartLine { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(JsonReport))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SarifLog))]
internal sealed partial class SarifJsonContext : JsonSerializerContext;

/// <summary>The three output formats.</summary>
public static class Reports
{
    public static string Version => typeof(Reports).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    public static string Json(AuditResult r)
    {
        var report = new JsonReport
        {
            Findings = r.Findings.Select(f => new JsonFinding
            {
                File = f.File, Line = f.Line, Filter = f.Filter, Class = f.Class, Severity = f.Severity.Name(),
                Rule = f.Rule, Message = f.Message, Fix = f.Fix,
            }).ToList(),
            Summary = new JsonSummary
            {
                Files = r.Files, Filters = r.Filters,
                Critical = r.Count(Severity.Critical), High = r.Count(Severity.High), Medium = r.Count(Severity.Medium),
                Low = r.Count(Severity.Low), Info = r.Count(Severity.Info),
            },
        };
        return JsonSerializer.Serialize(report, AuditJsonContext.Default.JsonReport) + "\n";
    }

    private static string Level(Severity s) => s switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    private static string Score(Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    /// <summary>A relative URI when the file is under <paramref name="baseDir"/> (so code scanning maps it to the repository), else file:///.</summary>
    public static string ArtifactUri(string file, string baseDir)
    {
        var full = Path.GetFullPath(file);
        var b = Path.GetFullPath(baseDir).TrimEnd('/') + "/";
        string Escape(string p) => string.Join('/', p.Split('/').Select(Uri.EscapeDataString));
        return full.StartsWith(b, StringComparison.Ordinal) ? Escape(full[b.Length..]) : "file://" + Escape(full);
    }

    public static string Sarif(AuditResult r, string baseDir)
    {
        var rules = Rules.All.ToList();
        var log = new SarifLog
        {
            Runs =
            [
                new SarifRun
                {
                    Tool = new SarifTool
                    {
                        Driver = new SarifDriver
                        {
                            Version = Version, SemanticVersion = Version,
                            Rules = rules.Select(x => new SarifRule
                            {
                                Id = x.Id,
                                Name = string.Concat(x.Id.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
                                ShortDescription = new SarifText { Text = x.Title },
                                DefaultConfiguration = new SarifConfiguration { Level = Level(x.Default) },
                                Properties = new SarifRuleProperties { SecuritySeverity = Score(x.Default), Tags = ["security", "rootwrap"] },
                            }).ToList(),
                        },
                    },
                    Results = r.Findings.Select(f => new SarifResult
                    {
                        RuleId = f.Rule,
                        RuleIndex = rules.FindIndex(x => x.Id == f.Rule),
                        Level = Level(f.Severity),
                        Message = new SarifText { Text = (f.Filter is not null ? $"{f.Filter}: " : "") + f.Message + " Fix: " + f.Fix },
                        Locations =
                        [
                            new SarifLocation
                            {
                                PhysicalLocation = new SarifPhysicalLocation
                                {
                                    ArtifactLocation = new SarifArtifactLocation { Uri = ArtifactUri(f.File, baseDir) },
                                    Region = f.Line > 0 ? new SarifRegion { StartLine = f.Line } : null,
                                },
                            },
                        ],
                        PartialFingerprints = new() { ["rootwrapFilter/v1"] = $"{f.Rule}:{f.Filter ?? ""}:{Path.GetFileName(f.File)}" },
                        Properties = new SarifResultProperties
                        {
                            Severity = f.Severity.Name(), SecuritySeverity = Score(f.Severity), Filter = f.Filter, Class = f.Class, Fix = f.Fix,
                        },
                    }).ToList(),
                },
            ],
        };
        return JsonSerializer.Serialize(log, SarifJsonContext.Default.SarifLog) + "\n";
    }

    /// <summary>A table for a terminal; ANSI colours only when <paramref name="colour"/>.</summary>
    public static string Text(AuditResult r, bool colour)
    {
        var sb = new StringBuilder();
        string Paint(Severity s, string text) => !colour ? text : s switch
        {
            Severity.Critical => "\x1b[1;31m" + text + "\x1b[0m",
            Severity.High => "\x1b[31m" + text + "\x1b[0m",
            Severity.Medium => "\x1b[33m" + text + "\x1b[0m",
            Severity.Low => "\x1b[36m" + text + "\x1b[0m",
            _ => "\x1b[2m" + text + "\x1b[0m",
        };
        string Dim(string text) => colour ? "\x1b[2m" + text + "\x1b[0m" : text;
        var rows = r.Findings.Select(f => (f, where: Where(f), filter: f.Filter ?? "-")).ToList();
        int wWhere = Math.Max(5, rows.Count == 0 ? 0 : rows.Max(x => x.where.Length));
        int wFilter = Math.Max(6, rows.Count == 0 ? 0 : rows.Max(x => x.filter.Length));
        int wRule = Math.Max(4, rows.Count == 0 ? 0 : rows.Max(x => x.f.Rule.Length));
        if (rows.Count > 0)
        {
            sb.Append($"{"SEVERITY",-9} {"WHERE".PadRight(wWhere)} {"FILTER".PadRight(wFilter)} {"RULE".PadRight(wRule)}\n");
            foreach (var (f, where, filter) in rows)
            {
                sb.Append(Paint(f.Severity, $"{f.Severity.Name(),-9}")).Append(' ')
                  .Append(where.PadRight(wWhere)).Append(' ')
                  .Append(filter.PadRight(wFilter)).Append(' ')
                  .Append(f.Rule).Append('\n');
                sb.Append("          ").Append(f.Message).Append('\n');
                sb.Append("          ").Append(Dim("fix: " + f.Fix)).Append('\n');
            }
            sb.Append('\n');
        }
        sb.Append($"{r.Files} file{(r.Files == 1 ? "" : "s")}, {r.Filters} filter{(r.Filters == 1 ? "" : "s")}: ");
        sb.Append(string.Join(", ", new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info }
            .Select(s => r.Count(s) > 0 ? Paint(s, $"{r.Count(s)} {s.Name()}") : $"0 {s.Name()}")));
        sb.Append('\n');
        return sb.ToString();
    }

    private static string Where(Finding f)
    {
        var rel = Path.GetFileName(f.File);
        var dir = Path.GetFileName(Path.GetDirectoryName(f.File) ?? "");
        var shortName = dir.Length > 0 ? dir + "/" + rel : rel;
        return f.Line > 0 ? $"{shortName}:{f.Line}" : shortName;
    }
}

/// <summary>Audits PATHs: the entry point the command line and the tests share.</summary>
public static class AuditRun
{
    /// <summary>Messages are one line each, whatever a pattern held.</summary>
    private static string OneLine(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");

    public static (AuditResult Result, List<AuditTarget> Targets) Run(IEnumerable<string> paths)
    {
        var targets = paths.Select(AuditTarget.Load).ToList();
        var findings = targets.SelectMany(Auditor.Audit)
            .Select(f => f with { Message = OneLine(f.Message), Fix = OneLine(f.Fix) }).ToList();
        return (new AuditResult(Auditor.Sort(findings), targets.Sum(t => t.Files.Count + (t.ConfigFile is null ? 0 : 1)), targets.Sum(t => t.Filters.Count)), targets);
    }
}
