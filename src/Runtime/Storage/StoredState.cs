namespace Leasehold.Runtime.Storage;

/// <summary>A grain's state as read from storage, with the ETag a write must present.</summary>
public sealed record StoredState<T>(T State, string ETag);
