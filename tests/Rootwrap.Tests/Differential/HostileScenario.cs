namespace Rootwrap.Tests.Differential;

/// <summary>
/// One configuration with a filter of every class and the patterns that tell the two
/// implementations apart (alternation, \d+, .*, named groups and back-references, the
/// corpus's nested quantifiers), plus a tree of files, siblings, '..' and symlinks for
/// the PathFilters.
/// </summary>
public sealed class HostileScenario
{
    public string Conf { get; }
    public string Images { get; }
    public IReadOnlyList<string> Paths { get; }

    public static readonly string[] Commands =
        ["svc", "sleep", "echo", "sh", "chown", "chmod", "ls", "cat", "env", "ip", "nice", "id", "cp", "find", "kill", "dnsmasq", "tee"];

    public HostileScenario(Sandbox sb)
    {
        foreach (var c in Commands) sb.AddStub(c);
        Images = sb.MakeDirs(sb.Data + "/images");
        sb.MakeDirs(Images + "/sub");
        sb.WriteFile(Images + "/a", "a\n");
        sb.WriteFile(sb.Data + "/images2/x", "x\n");
        sb.WriteFile(sb.Data + "/secret", "secret\n");
        void Link(string at, string to) { if (!Path.Exists(at) && File.ResolveLinkTarget(at, false) is null) File.CreateSymbolicLink(at, to); }
        try
        {
            Link(Images + "/in", Images + "/a");
            Link(Images + "/out", "../secret");
            Link(Images + "/dotdot", "..");
            Link(Images + "/loop", "loop");
            Link(Images + "/dangling", Images + "/nothing/here");
        }
        catch (IOException) { }
        var d = sb.Data;
        Paths =
        [
            Images, Images + "/", Images + "/a", Images + "/sub/../a", Images + "/../secret", Images + "/../images2/x",
            d + "/images2/x", d + "/images2", Images + "/in", Images + "/out", Images + "/dotdot/secret", Images + "/loop/x",
            Images + "/dangling", Images + "/./a", "/" + Images, Images + "//a", "data/images/a", "data/images/../secret",
            Images + "/new-file", Images + "/a/", Images + "/\u00e9", "/", "..", ".",
        ];
        Conf = sb.Scenario($$"""
            [Filters]
            svc: RegExpFilter, svc, root, svc, start|stop|status, [a-z][a-z0-9_-]*
            sleep: RegExpFilter, sleep, root, sleep, \d+
            echo: RegExpFilter, echo, root, echo, .*
            sh: RegExpFilter, sh, root, sh, -c, echo '((.|\n)*)' > /.*
            chown: PathFilter, chown, root, nova, {{Images}}
            chmod: PathFilter, chmod, root, pass, {{Images}}/
            ls: CommandFilter, ls, root
            cat_nobody: CommandFilter, cat, nobody
            dnsmasq: EnvFilter, env, root, CONFIG_FILE=, NETWORK_ID=, dnsmasq
            ip: IpFilter, ip, root
            ip_exec: IpNetnsExecFilter, ip, root
            nice: ChainingRegExpFilter, nice, root, nice, -?\d+
            id: CommandFilter, id, nobody
            cp_named: RegExpFilter, cp, root, cp, (?P<f>[a-z]+)-(?P=f), /backup/.*
            find: RegExpFilter, find, root, find, ^[/]*([^/\0]+(/+)?)*$, -maxdepth, \d+
            tee: RegExpFilter, tee, root, tee, -a, /etc/(?!\.\.)[\w.-]+
            """);
    }
}
