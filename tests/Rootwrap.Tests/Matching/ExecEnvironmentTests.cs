using System.Text;
using Rootwrap.Matching;
using Xunit;

namespace Rootwrap.Tests.Matching;

/// <summary>
/// The environment a planned command gets (ExecEnvironment.Build), as oslo-rootwrap passes it:
/// the caller's environment untouched when the filter sets nothing, otherwise Python's
/// os.environ with the EnvFilter's variables set.
/// </summary>
public class ExecEnvironmentTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
    private static List<string> Text(List<byte[]> env)
    {
        Assert.All(env, e => Assert.Equal(0, e[^1]));   // each entry is a C string
        return env.Select(e => Encoding.UTF8.GetString(e, 0, e.Length - 1)).ToList();
    }

    [Fact]
    public void NoChangesKeepsEveryEntryAsGiven()
    {
        // Without an EnvFilter the reference hands the environment on as it is: duplicates
        // and entries without '=' included (sudo's env_reset has already filtered it).
        var env = ExecEnvironment.Build([B("A=1"), B("A=2"), B("NOEQUALS"), B("B=")], null);
        Assert.Equal(["A=1", "A=2", "NOEQUALS", "B="], Text(env));
    }

    [Fact]
    public void ChangesSetInPlaceAndAppendAsPythonsEnviron()
    {
        // os.environ keeps the first of duplicate names and drops entries without '=';
        // env.update() replaces a value where its name first appeared and appends new names.
        var env = ExecEnvironment.Build(
            [B("PATH=/bin"), B("A=1"), B("A=2"), B("NOEQUALS"), B("B=x=y")],
            [new("A", "new"), new("C", "3")]);
        Assert.Equal(["PATH=/bin", "A=new", "B=x=y", "C=3"], Text(env));
    }

    [Fact]
    public void EmptyChangesStillNormalizeLikeOsEnviron()
    {
        var env = ExecEnvironment.Build([B("A=1"), B("A=2"), B("X")], []);
        Assert.Equal(["A=1"], Text(env));
    }

    [Fact]
    public void NonUtf8BytesPassThroughUnchanged()
    {
        byte[] raw = [.. B("K="), 0xff, 0xfe];
        byte[] rawName = [0xc3, 0x28, .. B("=v")];
        var env = ExecEnvironment.Build([raw, rawName], [new("NEW", "1")]);
        Assert.Equal([.. raw, 0], env[0]);
        Assert.Equal([.. rawName, 0], env[1]);
        Assert.Equal("NEW=1", Text([env[2]])[0]);
    }
}
