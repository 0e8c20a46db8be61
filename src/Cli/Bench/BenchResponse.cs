namespace Leasehold.Cli.Bench;

/// <summary>An answer a <see cref="BenchConnection"/> read: its status, and its body, valid until the connection's next request.</summary>
internal readonly record struct BenchResponse(int Status, ReadOnlyMemory<byte> Body);
