using System.Text;
using Rootwrap.Daemon;
using Xunit;

namespace Rootwrap.Tests.Daemon;

public class ManagerServerTests
{
    private sealed class FakeService : IRootwrapService
    {
        public readonly List<(IReadOnlyList<string> Args, byte[]? Stdin)> Calls = [];
        public int Touches, Shutdowns;
        public CommandResult RunOneCommand(IReadOnlyList<string> userargs, byte[]? stdin)
        {
            Calls.Add((userargs, stdin));
            return new CommandResult(3, new byte[] { (byte)'o', (byte)'u', (byte)'t', 0xff }, "err"u8.ToArray());
        }
        public void Touch() => Touches++;
        public void RequestShutdown() => Shutdowns++;
    }

    private static object? Json(string s) => PyJson.Parse(Encoding.UTF8.GetBytes(s));
    private static string Text(ManagerServer.Reply r) => Encoding.ASCII.GetString(r.Serialize().ToArray());

    [Fact]
    public void The_client_conversation_create_incref_decref_then_calls()
    {
        var svc = new FakeService();
        var server = new ManagerServer(svc);
        Assert.Equal("[\"#RETURN\", null]", Text(server.HandleRequest(Json("[null, \"dummy\", [], {}]"))));

        var created = server.HandleRequest(Json("[null, \"create\", [\"rootwrap\"], {}]"));
        Assert.Equal("#RETURN", created.Kind);
        var text = Text(created);
        var ident = ((List<object?>)((List<object?>)PyJson.Parse(Encoding.ASCII.GetBytes(text))!)[1]!)[0] as string;
        Assert.EndsWith(", [\"cancel_timer\", \"handle_timeout\", \"prepare_timer\", \"reset_timer\", \"run_one_command\", \"shutdown\"]]]", text);

        Assert.Equal(ManagerServer.Next.Close, server.HandleRequest(Json($"[null, \"incref\", [\"{ident}\"], {{}}]")).Then);
        Assert.Equal(ManagerServer.Next.Close, server.HandleRequest(Json($"[null, \"decref\", [\"{ident}\"], {{}}]")).Then);
        var accept = server.HandleRequest(Json("[null, \"accept_connection\", [\"MainProcess\"], {}]"));
        Assert.Equal(("#RETURN", ManagerServer.Next.Serve), (accept.Kind, accept.Then));

        var reply = server.HandleCall(Json($"[\"{ident}\", \"run_one_command\", [[\"cat\", \"x\\udcff\"], \"in\"], {{}}]"));
        Assert.Equal("[\"#RETURN\", [3, \"out\\udcff\", \"err\"]]", Text(reply));
        Assert.Equal(["cat", "x\udcff"], svc.Calls[0].Args);
        Assert.Equal("in"u8.ToArray(), svc.Calls[0].Stdin);

        server.HandleCall(Json($"[\"{ident}\", \"run_one_command\", [], {{\"userargs\": [\"true\"], \"stdin\": {{\"__bytes__\": \"AP8=\"}}}}]"));
        Assert.Equal(new byte[] { 0, 0xff }, svc.Calls[1].Stdin);

        Assert.Equal("[\"#RETURN\", null]", Text(server.HandleCall(Json($"[\"{ident}\", \"shutdown\", [], {{}}]"))));
        Assert.Equal(1, svc.Shutdowns);

        // The last reference gone, the object is too.
        server.HandleRequest(Json($"[null, \"decref\", [\"{ident}\"], {{}}]"));
        Assert.Equal("#TRACEBACK", server.HandleCall(Json($"[\"{ident}\", \"run_one_command\", [[\"true\"], null], {{}}]")).Kind);
    }

    [Theory]
    [InlineData("[null, \"run_one_command\", [], {}]")]        // not a server function
    [InlineData("[null, \"create\", [\"other\"], {}]")]         // unknown type
    [InlineData("[null, \"incref\", [\"nope\"], {}]")]          // unknown object
    [InlineData("{\"a\": 1}")]                                  // not a request
    [InlineData("[null, 5, [], {}]")]
    public void Bad_first_requests_get_a_traceback_and_the_connection_closes(string request)
    {
        var reply = new ManagerServer(new FakeService()).HandleRequest(Json(request));
        Assert.Equal(("#TRACEBACK", ManagerServer.Next.Close), (reply.Kind, reply.Then));
    }

    [Theory]
    [InlineData("[{0}, \"run_one_command\", [\"true\", null], {{}}]")]
    [InlineData("[{0}, \"run_one_command\", [[1], null], {{}}]")]
    [InlineData("[{0}, \"run_one_command\", [[\"a\\ud800\"], null], {{}}]")]
    [InlineData("[{0}, \"run_one_command\", [[\"true\"], 5], {{}}]")]
    [InlineData("[{0}, \"run_one_command\", [], {{}}]")]
    [InlineData("[{0}, \"__class__\", [], {{}}]")]
    [InlineData("[\"unknown\", \"run_one_command\", [[\"true\"], null], {{}}]")]
    public void Bad_calls_get_a_traceback_and_the_connection_goes_on(string template)
    {
        var svc = new FakeService();
        var server = new ManagerServer(svc);
        var text = Text(server.HandleRequest(Json("[null, \"create\", [\"rootwrap\"], {}]")));
        var ident = ((List<object?>)((List<object?>)PyJson.Parse(Encoding.ASCII.GetBytes(text))!)[1]!)[0] as string;
        var reply = server.HandleCall(Json(string.Format(template, $"\"{ident}\"")));
        Assert.Equal(("#TRACEBACK", ManagerServer.Next.Serve), (reply.Kind, reply.Then));
        Assert.Empty(svc.Calls);
    }
}
