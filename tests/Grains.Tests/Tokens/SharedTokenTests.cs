using Leasehold.Grains.Tokens;

namespace Leasehold.Grains.Tests.Tokens;

/// <summary>
/// The mode rides in the signed claims: an exclusive token is spelt as tokens were before modes existed (so every token
/// issued before still verifies, as exclusive), and a shared token carries one mode byte more, under the signature.
/// </summary>
public sealed class SharedTokenTests
{
    private static readonly FencingToken Exclusive = new("k1", "orders", 42, "0123456789abcdef0123456789abcdef", "worker-1");

    [Fact]
    public async Task A_shared_token_verifies_as_shared_and_an_exclusive_one_as_exclusive()
    {
        using var signer = await TestSigners.CreateAsync();
        var shared = Exclusive with { Mode = LeaseMode.Shared };

        Assert.Equal(shared, signer.Verify(signer.Sign(shared)).Token);
        Assert.Equal(Exclusive, signer.Verify(signer.Sign(Exclusive)).Token);
    }

    private const string ExclusiveClaims = "AAAAAAAAACoABm9yZGVycwAgMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYACHdvcmtlci0x";

    [Fact]
    public void An_exclusive_token_is_spelt_as_before_modes_and_a_shared_one_has_one_byte_more()
    {
        // base64url(fence 42 | "orders" | lease id | "worker-1"), as every earlier version signed them; then the mode byte 1.
        Assert.Equal($"lh1.k1.{ExclusiveClaims}", Exclusive.SignedText());
        Assert.Equal($"lh1.k1.{ExclusiveClaims}AQ", (Exclusive with { Mode = LeaseMode.Shared }).SignedText());
    }

    [Theory]
    [InlineData("AA")]
    [InlineData("Ag")]
    [InlineData("AQE")]
    public void Claims_with_any_other_trailing_bytes_are_no_token(string trailing)
    {
        // Only one spelling per mode: a zero byte is not a second way to say exclusive, and nothing else may follow.
        Assert.False(FencingToken.TryDecode($"lh1.k1.{ExclusiveClaims}{trailing}.AAAA", out _, out _, out _, out var error));
        Assert.Contains("not well formed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_a_shared_token_into_an_exclusive_one_breaks_its_signature()
    {
        using var signer = await TestSigners.CreateAsync();
        var shared = signer.Sign(Exclusive with { Mode = LeaseMode.Shared });
        var signature = shared[(shared.LastIndexOf('.') + 1)..];

        var verified = signer.Verify($"{Exclusive.SignedText()}.{signature}");

        Assert.False(verified.IsValid);
        Assert.Contains("signature", verified.Error, StringComparison.Ordinal);
    }
}
