namespace Leasehold.Chaos;

/// <summary>
/// One seed, many independent random streams: each client, the lease sampler and the nemesis draw from their own
/// <see cref="Random"/>, so one stream's decisions never depend on how another's interleaved with it in real time.
/// </summary>
public static class Seeds
{
    public const int NemesisStream = 1_000_000;
    public const int SamplerStream = 1_000_001;

    /// <summary>The first stream of the candidates (candidate <c>i</c> draws from <c>CandidateStreams + i</c>).</summary>
    public const int CandidateStreams = 2_000_000;

    /// <summary>The first stream of the semaphores' holders (holder <c>i</c> draws from <c>PermitHolderStreams + i</c>).</summary>
    public const int PermitHolderStreams = 3_000_000;

    /// <summary>The first stream of the session holders (holder <c>i</c> draws from <c>SessionHolderStreams + i</c>).</summary>
    public const int SessionHolderStreams = 4_000_000;

    /// <summary>The first stream of the watchers (lease watcher <c>i</c> draws from <c>WatcherStreams + i</c>, object watcher <c>i</c> from <c>WatcherStreams + 500_000 + i</c>).</summary>
    public const int WatcherStreams = 7_000_000;

    /// <summary>The seed of stream <paramref name="stream"/> (a client's index, or one of the constants above).</summary>
    public static int Derive(int seed, int stream)
    {
        // SplitMix-style mixing: nearby seeds and streams give unrelated sequences.
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)stream) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }
}
