using System.Text;
using Rootwrap.Daemon;
using Xunit;

namespace Rootwrap.Tests.Daemon;

public class PyJsonTests
{
    private static string Dumps(object? v) => Encoding.ASCII.GetString(PyJson.Serialize(v));

    [Fact]
    public void Output_is_byte_for_byte_what_python_json_dumps_writes()
    {
        // python3 -c 'import json; print(json.dumps(["#RETURN", [0, "a\"\\\n\r\t\b\f\x01\x7f\u00e9\U0001F600\udcff", ""]]))'
        var value = new object?[] { "#RETURN", new object?[] { 0L, "a\"\\\n\r\t\b\f\u0001\u007f\u00e9\U0001F600\udcff", "" } };
        Assert.Equal("[\"#RETURN\", [0, \"a\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u007f\\u00e9\\ud83d\\ude00\\udcff\", \"\"]]", Dumps(value));
    }

    [Fact]
    public void Bytes_written_as_fsdecoded_text_escape_each_invalid_byte_as_a_lone_surrogate()
    {
        var bytes = new byte[] { (byte)'a', 0xff, (byte)'b', 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x82, (byte)'x', 0xed, 0xa0, 0x80, (byte)'"' };
        var expected = Dumps(Rootwrap.Text.OsString.Decode(bytes));
        Assert.Equal(expected, Dumps(new FsDecodedBytes(bytes)));
        Assert.Equal("\"a\\udcffb\\u00e9\\ud83d\\ude00\\udce2\\udc82x\\udced\\udca0\\udc80\\\"\"", expected);
    }

    [Fact]
    public void Parse_keeps_lone_surrogates_and_reads_the_client_requests()
    {
        var v = PyJson.Parse("[\"7f50\", \"run_one_command\", [[\"cat\"], \"h\\udcffi\\u00e9\\ud83d\\ude00\"], {}]"u8);
        var list = Assert.IsType<List<object?>>(v);
        Assert.Equal("7f50", list[0]);
        var args = Assert.IsType<List<object?>>(list[2]);
        Assert.Equal("h\udcffi\u00e9\U0001F600", args[1]);
        Assert.IsType<Dictionary<string, object?>>(list[3]);
    }

    [Fact]
    public void Parse_turns_the_jsonrpc_bytes_object_into_bytes()
    {
        var v = PyJson.Parse("[null, {\"__bytes__\": \"Ynl0ZXM=\"}, 12, -3.5, true, false]"u8);
        var list = Assert.IsType<List<object?>>(v);
        Assert.Null(list[0]);
        Assert.Equal("bytes"u8.ToArray(), list[1]);
        Assert.Equal(12L, list[2]);
        Assert.Equal(-3.5, list[3]);
        Assert.Equal(true, list[4]);
        Assert.Equal(false, list[5]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[")]
    [InlineData("[1,]")]
    [InlineData("{\"a\" 1}")]
    [InlineData("\"unterminated")]
    [InlineData("\"bad \\x escape\"")]
    [InlineData("\"\\u12\"")]
    [InlineData("[1] trailing")]
    [InlineData("{\"__bytes__\": \"not base64!\"}")]
    public void Parse_rejects_what_is_not_json(string text)
    {
        Assert.Throws<PyJsonException>(() => PyJson.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Parse_refuses_nesting_deeper_than_the_limit()
    {
        var deep = new string('[', PyJson.MaxDepth + 2) + new string(']', PyJson.MaxDepth + 2);
        Assert.Throws<PyJsonException>(() => PyJson.Parse(Encoding.ASCII.GetBytes(deep)));
        var ok = new string('[', 10) + new string(']', 10);
        Assert.NotNull(PyJson.Parse(Encoding.ASCII.GetBytes(ok)));
    }
}
