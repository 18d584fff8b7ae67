using System.Diagnostics;

namespace Rootwrap.Tests;

/// <summary>What a process a test ran left behind: its exit code and its output.</summary>
public sealed record RunResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>The tests' one way to run a program and wait for it.</summary>
public static class ProcessRun
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/>, <paramref name="stdin"/> on its
    /// stdin (none: closed at once), in <paramref name="workingDirectory"/> (null: the tests' own),
    /// and kills its whole tree with a TimeoutException after <paramref name="timeoutMs"/>.
    /// </summary>
    public static RunResult Run(string file, IEnumerable<string> args, string? stdin = null, int timeoutMs = 60_000, string? workingDirectory = "/")
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutMs} ms");
        }
        p.WaitForExit();
        return new RunResult(p.ExitCode, so.Result, se.Result);
    }
}
