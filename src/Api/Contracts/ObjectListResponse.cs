using System.Text.Json.Serialization;

namespace Leasehold.Api.Contracts;

/// <summary>One page of the objects under a prefix, in ordinal key order; deleted keys are left out.</summary>
/// <param name="Prefix">The prefix listed (empty: every key).</param>
/// <param name="Items">The objects of this page, at most the request's <c>limit</c>.</param>
/// <param name="Next">More objects follow: pass this as <c>after</c> for the next page. Absent on the last page.</param>
public sealed record ObjectListResponse(string Prefix, IReadOnlyList<ObjectListItem> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);
