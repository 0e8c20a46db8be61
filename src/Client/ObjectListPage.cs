namespace Leasehold.Client;

/// <summary>One page of a listing by prefix, in ordinal key order.</summary>
/// <param name="Prefix">The prefix listed.</param>
/// <param name="Items">The objects of this page.</param>
/// <param name="Next">The cursor of the next page (pass it as <c>after</c>), or null on the last page.</param>
public sealed record ObjectListPage(string Prefix, IReadOnlyList<ObjectEntry> Items, string? Next);
