using System.Security.Cryptography;
using Leasehold.Grains.Leases;
using Leasehold.Grains.Tokens;
using Microsoft.Extensions.Options;

namespace Leasehold.Grains.Tests.Tokens;

public sealed class TokenSignerTests
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly FencingToken Claims = new("k1", "orders", 42, "0123456789abcdef0123456789abcdef", "worker-1");

    [Fact]
    public async Task A_signed_token_verifies_and_carries_its_claims()
    {
        using var signer = await TestSigners.CreateAsync();

        var verified = signer.Verify(signer.Sign(Claims));

        Assert.True(verified.IsValid, verified.Error);
        Assert.Equal(Claims, verified.Token);
    }

    [Fact]
    public async Task A_token_starts_with_its_signed_text()
    {
        using var signer = await TestSigners.CreateAsync();

        var token = signer.Sign(Claims);

        Assert.StartsWith(Claims.SignedText() + ".", token, StringComparison.Ordinal);
        Assert.StartsWith("lh1.k1.", token, StringComparison.Ordinal);
    }

    public static TheoryData<string> AlteredClaims => ["fence", "resource", "lease id", "holder"];

    [Theory]
    [MemberData(nameof(AlteredClaims))]
    public async Task A_token_whose_claims_were_altered_under_the_old_signature_is_rejected(string claim)
    {
        using var signer = await TestSigners.CreateAsync();
        var genuine = signer.Sign(Claims);
        var signature = genuine[(genuine.LastIndexOf('.') + 1)..];
        var altered = claim switch
        {
            "fence" => Claims with { Fence = Claims.Fence + 1_000_000 },
            "resource" => Claims with { Resource = "invoices" },
            "lease id" => Claims with { LeaseId = "fedcba9876543210fedcba9876543210" },
            _ => Claims with { Holder = "worker-2" },
        };

        var verified = signer.Verify($"{altered.SignedText()}.{signature}");

        Assert.False(verified.IsValid);
        Assert.Contains("signature", verified.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_under_the_same_key_id_is_rejected()
    {
        using var signer = await TestSigners.CreateAsync();
        using var forger = await TestSigners.CreateAsync();

        Assert.False(signer.Verify(forger.Sign(Claims)).IsValid);
    }

    [Fact]
    public async Task A_token_with_a_key_id_the_cluster_does_not_know_is_rejected()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var signer = await TestSigners.CreateAsync("k1", key);
        using var other = await TestSigners.CreateAsync("k2", key);

        var verified = signer.Verify(other.Sign(Claims with { KeyId = "k2" }));

        Assert.False(verified.IsValid);
        Assert.Contains("'k2'", verified.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("lh1.k1")]
    [InlineData("lh1.k1.AAAA")]
    [InlineData("lh1.k1.AAAA.AAAA")]
    [InlineData("lh2.k1.AAAAAAAAAAAAAAAAAAAAAA.AAAA")]
    [InlineData("lh1.k 1.AAAAAAAAAAAAAAAAAAAAAA.AAAA")]
    [InlineData("lh1.k1.!!!!.AAAA")]
    [InlineData("lh1.k1..AAAA")]
    [InlineData("lh1.k1.AAAA.")]
    [InlineData("lh1.k1.AAAA.AAAA.AAAA")]
    public async Task Text_that_is_not_a_token_is_rejected(string? text)
    {
        using var signer = await TestSigners.CreateAsync();

        Assert.False(signer.Verify(text).IsValid);
    }

    [Fact]
    public async Task A_token_longer_than_the_limit_is_rejected_unparsed()
    {
        using var signer = await TestSigners.CreateAsync();
        var huge = signer.Sign(Claims with { Holder = new string('h', FencingToken.MaxLength) });

        var verified = signer.Verify(huge);

        Assert.False(verified.IsValid);
        Assert.Contains("too long", verified.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_genuine_token_with_its_signature_truncated_is_rejected()
    {
        using var signer = await TestSigners.CreateAsync();
        var token = signer.Sign(Claims);

        Assert.False(signer.Verify(token[..^4]).IsValid);
    }

    [Fact]
    public async Task A_genuine_signature_over_other_text_is_rejected()
    {
        using var signer = await TestSigners.CreateAsync();
        var genuine = signer.Sign(Claims);
        var signature = genuine[(genuine.LastIndexOf('.') + 1)..];

        // A valid signature moved onto the claims of another genuine token.
        var other = signer.Sign(Claims with { Fence = 1 });
        var spliced = $"{other[..other.LastIndexOf('.')]}.{signature}";

        Assert.False(signer.Verify(spliced).IsValid);
    }

    [Fact]
    public async Task Every_other_character_in_the_last_place_of_the_signature_is_rejected()
    {
        // The last base64url character of a 32-byte MAC also carries two unused bits; they must count too,
        // or one token would have several valid spellings.
        using var signer = await TestSigners.CreateAsync();
        var token = signer.Sign(Claims);
        var accepted = Base64UrlAlphabet
            .Where(c => c != token[^1])
            .Select(c => string.Concat(token.AsSpan(0, token.Length - 1), new string(c, 1)))
            .Where(changed => signer.Verify(changed).IsValid)
            .ToArray();

        Assert.Empty(accepted);
    }

    [Fact]
    public async Task Signers_sharing_the_cluster_secret_store_verify_each_others_tokens()
    {
        var secrets = new InMemorySecretStore();
        var options = Options.Create(new LeaseOptions());
        using var first = new TokenSigner(secrets, options);
        using var second = new TokenSigner(secrets, options);
        await first.LoadAsync(CancellationToken.None);
        await second.LoadAsync(CancellationToken.None);

        Assert.True(second.Verify(first.Sign(Claims)).IsValid);
    }

    [Fact]
    public void A_signer_whose_key_is_not_loaded_refuses_to_sign()
    {
        using var signer = new TokenSigner(new InMemorySecretStore(), Options.Create(new LeaseOptions()));

        Assert.Throws<InvalidOperationException>(() => signer.Sign(Claims));
    }
}
