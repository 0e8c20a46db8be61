namespace Leasehold.Runtime.Tests.Messaging;

/// <summary>A grain that says where it runs; for routing tests.</summary>
public interface IWhereGrain : IGrainWithStringKey
{
    Task<WhereAnswer> WhereAsync(string note);

    Task FailAsync(string message);

    Task<int> WaitAsync(int value);
}

/// <summary>Which silo answered and how often this activation was called.</summary>
public sealed record WhereAnswer(string Silo, int Calls, string Note);
