using System.Diagnostics;

namespace Rootwrap.Bench.Infra;

/// <summary>
/// A running <c>daemon_driver.py</c>: the Python client of oslo.rootwrap with its daemon
/// started, answering one line per request over pipes. A call costs the daemon round trip
/// plus one pipe round trip to the driver (tens of microseconds).
/// </summary>
public sealed class DaemonClient : IDisposable
{
    private readonly Process _driver;

    public DaemonClient(Workspace ws, string daemon)
    {
        var psi = new ProcessStartInfo(Workspace.Python)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(ws.DaemonDriver!);
        psi.ArgumentList.Add(daemon);
        psi.ArgumentList.Add(ws.Config("corpus"));
        _driver = Process.Start(psi)!;
        _driver.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.Add(e.Data); };
        _driver.BeginErrorReadLine();
    }

    private readonly List<string> _stderr = new();

    private string Ask(string request)
    {
        _driver.StandardInput.WriteLine(request);
        _driver.StandardInput.Flush();
        var answer = _driver.StandardOutput.ReadLine();
        if (answer is null)
        {
            _driver.WaitForExit(2000);
            string err;
            lock (_stderr) err = string.Join('\n', _stderr.TakeLast(3));
            throw new InvalidOperationException($"daemon driver stopped: {err}");
        }
        return answer;
    }

    /// <summary>One <c>client.execute(["true"])</c>; returns the command's exit status.</summary>
    public int Call() => int.Parse(Ask("call"));

    /// <summary><paramref name="calls"/> calls from <paramref name="threads"/> threads: calls per second and the daemon's peak RSS.</summary>
    public (double PerSecond, long PeakRssKb) Load(int calls, int threads)
    {
        var w = Ask($"load {calls} {threads}").Split(' ');
        return (double.Parse(w[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(w[1]));
    }

    public void Dispose()
    {
        try
        {
            _driver.StandardInput.WriteLine("quit");
            _driver.StandardInput.Close();
            if (!_driver.WaitForExit(5000)) _driver.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException) { }
        _driver.Dispose();
    }

    /// <summary>Null when <paramref name="daemon"/> answers a call with exit 0 within ten seconds, else why not.</summary>
    public static string? Probe(Workspace ws, string daemon)
    {
        try
        {
            using var c = new DaemonClient(ws, daemon);
            var call = Task.Run(c.Call);
            if (!call.Wait(TimeSpan.FromSeconds(10))) return "no answer within 10 s";
            return call.Result == 0 ? null : $"`true` returned {call.Result}";
        }
        catch (AggregateException e) { return e.InnerException?.Message.Split('\n')[^1]; }
        catch (InvalidOperationException e) { return e.Message.Split('\n')[^1]; }
    }
}
