using System.Security.Cryptography;

namespace Rootwrap.Daemon;

/// <summary>What one command returned: the reply of <c>run_one_command</c>.</summary>
public sealed record CommandResult(int ReturnCode, ReadOnlyMemory<byte> Stdout, ReadOnlyMemory<byte> Stderr);

/// <summary>The daemon's side effects, as the manager protocol asks for them.</summary>
public interface IRootwrapService
{
    /// <summary>Matches and runs one command; never throws for a refused or failing command.</summary>
    CommandResult RunOneCommand(IReadOnlyList<string> userargs, byte[]? stdin);
    /// <summary>Some use of the daemon: pushes the idle timeout back.</summary>
    void Touch();
    /// <summary>Stop serving and exit (the reply to this request is still sent).</summary>
    void RequestShutdown();
}

/// <summary>A request the protocol answers with <c>#TRACEBACK</c>: a RemoteError on the client.</summary>
public sealed class RemoteFailure(string message) : Exception(message);

/// <summary>
/// The server half of multiprocessing.managers as oslo.rootwrap's daemon uses it, after
/// authentication and framing: a request is <c>[ident, name, args, kwds]</c>, a reply
/// <c>[kind, value]</c>. A connection's first request names a server function (<c>dummy</c>,
/// <c>create</c>, <c>incref</c>, <c>decref</c>, <c>accept_connection</c>, ...); after
/// <c>accept_connection</c> the connection carries method calls on a created object
/// (<c>run_one_command</c>, <c>shutdown</c>, ...) until it closes. Pure: no I/O here.
/// </summary>
public sealed class ManagerServer(IRootwrapService service)
{
    public const string TypeId = "rootwrap";

    /// <summary>RootwrapClass's public methods, as the reference's dir() lists them.</summary>
    public static readonly string[] Exposed =
        ["cancel_timer", "handle_timeout", "prepare_timer", "reset_timer", "run_one_command", "shutdown"];

    private static readonly string[] ServerFunctions =
        ["shutdown", "create", "accept_connection", "get_methods", "debug_info", "number_of_objects", "dummy", "incref", "decref"];

    /// <summary>Created objects and their reference counts (the reference's id_to_refcount).</summary>
    private readonly Dictionary<string, int> _refcounts = new(StringComparer.Ordinal);
    private const int MaxObjects = 4096;

    /// <summary>What the connection does after the reply is sent.</summary>
    public enum Next { Close, Serve, Shutdown }

    public readonly record struct Reply(string Kind, object? Value, Next Then)
    {
        /// <summary>The reply as Python's json.dumps writes it, after <paramref name="prefix"/> free bytes.</summary>
        public PyJson.Writer Serialize(int prefix = 0)
        {
            int size = Value is List<object?> { Count: 3 } l && l[1] is FsDecodedBytes o && l[2] is FsDecodedBytes e
                ? o.Bytes.Length + e.Bytes.Length + 64 : 64;
            var w = new PyJson.Writer(size, prefix);
            w.Value(new object?[] { Kind, Value }, 0);
            return w;
        }
    }

    private static Reply Return(object? v, Next then) => new("#RETURN", v, then);
    private static Reply Traceback(string message, Next then) =>
        new("#TRACEBACK", $"Traceback (most recent call last):\n  rootwrap-native-daemon\n{message}\n", then);

    /// <summary>The first request of an authenticated connection (Server._handle_request).</summary>
    public Reply HandleRequest(object? request)
    {
        if (!TryUnpack(request, out _, out var name, out var args, out var kwds))
            return Traceback("ValueError: malformed request", Next.Close);
        if (Array.IndexOf(ServerFunctions, name) < 0)
            return Traceback($"AssertionError: '{name}' unrecognized", Next.Close);
        try
        {
            switch (name)
            {
                case "dummy":
                    return Return(null, Next.Close);
                case "accept_connection":
                    return Return(null, Next.Serve);
                case "shutdown":
                    return Return(null, Next.Shutdown);
                case "create":
                {
                    var typeid = Arg(args, kwds, 0, "typeid") as string;
                    if (typeid != TypeId) return Traceback($"KeyError: {Repr(typeid)}", Next.Close);
                    if (args.Count > 1 || kwds.Count > 0) return Traceback("TypeError: RootwrapClass() takes no arguments", Next.Close);
                    string ident;
                    lock (_refcounts)
                    {
                        if (_refcounts.Count >= MaxObjects) return Traceback("MemoryError: too many objects", Next.Close);
                        do ident = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
                        while (_refcounts.ContainsKey(ident));
                        _refcounts[ident] = 1;
                    }
                    service.Touch();
                    return Return(new object?[] { ident, Exposed }, Next.Close);
                }
                case "incref":
                {
                    var ident = Arg(args, kwds, 0, "ident") as string ?? "";
                    lock (_refcounts)
                    {
                        if (!_refcounts.TryGetValue(ident, out int n)) return Traceback($"KeyError: {Repr(ident)}", Next.Close);
                        _refcounts[ident] = n + 1;
                    }
                    return Return(null, Next.Close);
                }
                case "decref":
                {
                    var ident = Arg(args, kwds, 0, "ident") as string ?? "";
                    lock (_refcounts)
                    {
                        if (!_refcounts.TryGetValue(ident, out int n)) return Traceback($"KeyError: {Repr(ident)}", Next.Close);
                        if (n <= 1) _refcounts.Remove(ident);
                        else _refcounts[ident] = n - 1;
                    }
                    return Return(null, Next.Close);
                }
                case "number_of_objects":
                    lock (_refcounts) return Return((long)_refcounts.Count, Next.Close);
                case "debug_info":
                    lock (_refcounts)
                        return Return(string.Join("\n", _refcounts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                            .Select(kv => $"  {kv.Key}:       refcount={kv.Value}\n    <RootwrapClass>")), Next.Close);
                case "get_methods":
                    return Return(Exposed, Next.Close);
            }
        }
        catch (RemoteFailure e)
        {
            return Traceback(e.Message, Next.Close);
        }
        return Traceback($"AssertionError: '{name}' unrecognized", Next.Close);
    }

    /// <summary>A method call on a connection that accept_connection turned over (Server.serve_client).</summary>
    public Reply HandleCall(object? request)
    {
        if (!TryUnpack(request, out var identObj, out var method, out var args, out var kwds))
            return Traceback("ValueError: malformed request", Next.Serve);
        var ident = identObj as string;
        lock (_refcounts)
        {
            if (ident is null || !_refcounts.ContainsKey(ident))
                return Traceback($"KeyError: {Repr(ident)}", Next.Serve);
        }
        try
        {
            switch (method)
            {
                case "run_one_command":
                {
                    var userargs = StringList(Arg(args, kwds, 0, "userargs"));
                    byte[]? stdin = Arg(args, kwds, 1, "stdin", optional: true) switch
                    {
                        null => null,
                        string s => Encode(s),
                        byte[] b => b,
                        var other => throw new RemoteFailure($"TypeError: expected str, bytes or os.PathLike object, not {TypeName(other)}"),
                    };
                    var r = service.RunOneCommand(userargs, stdin);
                    return Return(new List<object?> { (long)r.ReturnCode, new FsDecodedBytes(r.Stdout), new FsDecodedBytes(r.Stderr) }, Next.Serve);
                }
                case "reset_timer":
                    service.Touch();
                    return Return(null, Next.Serve);
                case "cancel_timer" or "prepare_timer" or "handle_timeout":
                    return Return(null, Next.Serve);
                case "shutdown":
                    // RootwrapClass.shutdown: the daemon stops (the client calls it as it exits).
                    service.RequestShutdown();
                    return Return(null, Next.Serve);
                case "__str__" or "__repr__":
                    return Return($"<oslo_rootwrap.daemon.RootwrapClass object at 0x{ident}>", Next.Serve);
            }
        }
        catch (RemoteFailure e)
        {
            return Traceback(e.Message, Next.Serve);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Out of fds or processes, say: this call fails, the connection and daemon go on.
            return Traceback($"{e.GetType().Name}: {e.Message}", Next.Serve);
        }
        return Traceback($"AttributeError: method {Repr(method)} of <class 'oslo_rootwrap.daemon.RootwrapClass'> object is not in exposed=({string.Join(", ", Exposed.Select(Repr))})", Next.Serve);
    }

    private static bool TryUnpack(object? request, out object? ident, out string name,
        out List<object?> args, out Dictionary<string, object?> kwds)
    {
        ident = null; name = ""; args = []; kwds = [];
        if (request is not List<object?> { Count: 4 } r || r[1] is not string n) return false;
        ident = r[0];
        name = n;
        if (r[2] is List<object?> a) args = a;
        else if (r[2] is not null) return false;
        if (r[3] is Dictionary<string, object?> k) kwds = k;
        else if (r[3] is not null) return false;
        return true;
    }

    private static object? Arg(List<object?> args, Dictionary<string, object?> kwds, int pos, string name, bool optional = false)
    {
        if (pos < args.Count)
        {
            if (kwds.ContainsKey(name)) throw new RemoteFailure($"TypeError: got multiple values for argument '{name}'");
            return args[pos];
        }
        if (kwds.TryGetValue(name, out var v)) return v;
        if (optional) return null;
        throw new RemoteFailure($"TypeError: missing required positional argument: '{name}'");
    }

    private static List<string> StringList(object? v)
    {
        if (v is not List<object?> list) throw new RemoteFailure($"TypeError: userargs must be a list, not {TypeName(v)}");
        var result = new List<string>(list.Count);
        foreach (var item in list)
        {
            result.Add(item switch
            {
                string s => s,
                byte[] b => Text.OsString.Decode(b),
                _ => throw new RemoteFailure($"TypeError: expected str, bytes or os.PathLike object, not {TypeName(item)}"),
            });
            // Python's os.fsencode refuses what can't be bytes; so do we, before matching.
            Encode(result[^1]);
        }
        return result;
    }

    private static byte[] Encode(string s)
    {
        try { return Text.OsString.Encode(s); }
        catch (ArgumentException) { throw new RemoteFailure("UnicodeEncodeError: 'utf-8' codec can't encode a surrogate: surrogates not allowed"); }
    }

    private static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        string => "str",
        long => "int",
        double => "float",
        bool => "bool",
        byte[] => "bytes",
        List<object?> => "list",
        _ => "dict",
    };

    private static string Repr(object? s) => s is string str ? Matching.ExecPlan.PyRepr(str) : s is null ? "None" : TypeName(s);
}
