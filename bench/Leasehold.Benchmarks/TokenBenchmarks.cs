using BenchmarkDotNet.Attributes;
using Leasehold.Grains;
using Leasehold.Grains.Leases;
using Leasehold.Grains.Tokens;
using Leasehold.Storage;
using Microsoft.Extensions.Options;

namespace Leasehold.Benchmarks;

/// <summary>Signing a fencing token (every grant and renewal) and verifying one (every fenced write).</summary>
[MemoryDiagnoser]
public class TokenBenchmarks : IDisposable
{
    private readonly FencingToken _claims = new("k1", "orders", 42, "9f2c4e0a1b3d5f7e9f2c4e0a1b3d5f7e", "worker-17");
    private TokenSigner _signer = null!;
    private string _token = null!;

    // The in-process toolchain of BenchmarkDotNet 0.14 does not await an async setup or cleanup: block on it here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var options = Options.Create(new LeaseOptions { SigningKeyId = "k1", SigningKey = Convert.ToBase64String(new byte[32]) });
        _signer = new TokenSigner(new NoSecrets(), options);
        await _signer.LoadAsync(CancellationToken.None);
        _token = _signer.Sign(_claims);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _signer.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "sign")]
    public string Sign() => _signer.Sign(_claims);

    [Benchmark(Description = "verify")]
    public bool Verify() => _signer.Verify(_token).IsValid;

    /// <summary>The key is configured, so the store is never asked.</summary>
    private sealed class NoSecrets : IClusterSecretStore
    {
        public Task<byte[]> GetOrAddAsync(string name, ReadOnlyMemory<byte> candidate, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The benchmark configures its signing key.");
    }
}
