using Rootwrap.Text;
using Xunit;

namespace Rootwrap.Tests.Text;

public class OsStringTests
{
    [Fact]
    public void Decode_escapes_each_invalid_byte_as_a_lone_surrogate_like_python()
    {
        Assert.Equal("caf\udce9", OsString.Decode([0x63, 0x61, 0x66, 0xe9]));
        Assert.Equal("\udcc3(", OsString.Decode([0xc3, 0x28]));
        Assert.Equal("\udced\udca0\udc80", OsString.Decode([0xed, 0xa0, 0x80]));
        Assert.Equal("\udcc0\udcaf", OsString.Decode([0xc0, 0xaf]));
        Assert.Equal("caf\u00e9", OsString.Decode("caf\u00e9"u8));
    }

    [Fact]
    public void Encode_gives_back_every_byte()
    {
        var every = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal(every, OsString.Encode(OsString.Decode(every)));
        byte[][] samples = [[0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], "\U0001F600"u8.ToArray()];
        foreach (var s in samples) Assert.Equal(s, OsString.Encode(OsString.Decode(s)));
    }

    [Fact]
    public void Encode_refuses_a_surrogate_that_is_not_an_escaped_byte()
    {
        Assert.Throws<ArgumentException>(() => OsString.Encode("\ud800"));
        Assert.Throws<ArgumentException>(() => OsString.Encode("\udc10"));
    }

    [Fact]
    public void EncodeBackslashReplace_writes_escaped_bytes_as_python_stderr_does()
    {
        Assert.Equal("rm 5\\udcff x"u8.ToArray(), OsString.EncodeBackslashReplace("rm 5\udcff x"));
        Assert.Equal("caf\u00e9 \U0001F600"u8.ToArray(), OsString.EncodeBackslashReplace("caf\u00e9 \U0001F600"));
    }

    [Fact]
    public void SplitNul_keeps_empty_strings()
    {
        var parts = OsString.SplitNul("a\0\0b\0"u8);
        Assert.Equal(3, parts.Count);
        Assert.Empty(parts[1]);
    }
}
