namespace Leasehold.Client;

/// <summary>One answer of a long-poll on an election: who leads (null: nobody), at which index.</summary>
/// <param name="Leader">The leader, or null when nobody leads.</param>
/// <param name="Index">The election's index; pass it back to wait for the next change.</param>
public sealed record LeaderChange(ElectionLeader? Leader, long Index);
