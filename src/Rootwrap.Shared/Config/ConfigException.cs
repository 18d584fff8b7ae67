namespace Rootwrap.Config;

/// <summary>A configuration the helper refuses to run with: exit 97, with file and line.</summary>
public sealed class ConfigException(string message, string? file = null, int line = 0) : Exception(message)
{
    public string? File { get; } = file;
    public int Line { get; } = line;

    /// <summary>"FILE:LINE: message", or "FILE: message" without a line.</summary>
    public string Describe() =>
        File is null ? Message : Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
