using System.Text;
using Rootwrap.Daemon;
using Xunit;

namespace Rootwrap.Tests.Daemon;

public class ChallengeTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes(new string('k', 32));
    private static readonly byte[] Legacy = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
    private static readonly byte[] Modern = [.. "{sha256}"u8, .. Enumerable.Range(0, 40).Select(i => (byte)i)];

    // Vectors from Python: hmac.new(b'k' * 32, message, digest).hexdigest()
    private const string LegacyMd5 = "7393d4ff47bf7d9218167543637b610f";
    private const string ModernSha256 = "1bd26111965b1ba9eb8390dbbf5f302b3b0baec769b57a198f8f08e6b3d4d8f5";
    private const string ModernMd5 = "e2e02f5132fb90e478fafb17ab7929c4";

    [Fact]
    public void A_python_3_11_challenge_is_answered_with_raw_hmac_md5()
    {
        var answer = Challenge.Answer(Key, [.. Challenge.ChallengePrefix, .. Legacy]);
        Assert.Equal(LegacyMd5, Convert.ToHexStringLower(answer!));
    }

    [Fact]
    public void A_python_3_12_challenge_is_answered_in_its_sha256_form_over_the_whole_message()
    {
        var answer = Challenge.Answer(Key, [.. Challenge.ChallengePrefix, .. Modern]);
        Assert.Equal("{sha256}" + ModernSha256, Encoding.Latin1.GetString(answer![..8]) + Convert.ToHexStringLower(answer[8..]));
    }

    [Fact]
    public void Our_challenge_is_the_sha256_form_and_accepts_both_kinds_of_client()
    {
        var (frame, message) = Challenge.Create();
        Assert.StartsWith("#CHALLENGE#{sha256}", Encoding.Latin1.GetString(frame));
        Assert.Equal(8 + 40, message.Length);

        // A Python 3.12 client answers "{sha256}" + HMAC-SHA256; 3.11 and older a raw HMAC-MD5.
        Assert.True(Challenge.Verify(Key, Modern, [.. "{sha256}"u8, .. Convert.FromHexString(ModernSha256)]));
        Assert.True(Challenge.Verify(Key, Modern, Convert.FromHexString(ModernMd5)));
        Assert.True(Challenge.Verify(Key, Legacy, Convert.FromHexString(LegacyMd5)));
    }

    [Theory]
    [InlineData("00000000000000000000000000000000")]                 // wrong MAC
    [InlineData("7b7368613235367d00")]                                // "{sha256}" and a short MAC
    [InlineData("7b736861317d0000000000000000000000000000000000000000")] // "{sha1}": not an allowed digest
    [InlineData("")]
    public void Wrong_or_malformed_answers_are_refused(string hex)
    {
        Assert.False(Challenge.Verify(Key, Modern, Convert.FromHexString(hex)));
    }

    [Fact]
    public void A_wrong_key_fails()
    {
        var otherKey = Encoding.ASCII.GetBytes(new string('x', 32));
        var answer = Challenge.Answer(otherKey, [.. Challenge.ChallengePrefix, .. Modern])!;
        Assert.False(Challenge.Verify(Key, Modern, answer));
    }

    [Fact]
    public void What_is_not_a_challenge_gets_no_answer()
    {
        Assert.Null(Challenge.Answer(Key, "#WELCOME#"u8));
        Assert.Null(Challenge.Answer(Key, [.. Challenge.ChallengePrefix, .. new byte[10]]));
    }
}
