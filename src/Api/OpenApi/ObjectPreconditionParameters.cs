using System.Text.Json.Nodes;
using Leasehold.Api.Apis;
using Leasehold.Storage;
using Microsoft.OpenApi;

namespace Leasehold.Api.OpenApi;

/// <summary>
/// The parameters of the object routes that the handlers read from the request themselves: the version preconditions
/// of writes and deletes, and what each query parameter of a listing means.
/// </summary>
internal static class ObjectPreconditionParameters
{
    public static void AddTo(OpenApiOperation operation, bool ifNoneMatch)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = false,
            Description = "Only if the object is live at this version, quoted as the ETag gives it (`\"7\"`), or `*` for any live version. " +
                "Checked in the same statement as the fence; a mismatch answers 412 `version-mismatch` with the current version.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = JsonValue.Create("\"7\""),
        });
        if (ifNoneMatch)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "`*`: create only. Written only if the key holds no live object (never written, or deleted); else 412 `version-mismatch`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create("*"),
            });
        }
    }

    public static void DescribeListing(OpenApiOperation operation)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            (parameter.Description, parameter.Example) = parameter.Name switch
            {
                "prefix" => ("List the keys that start with this (up to 200 characters of A-Z a-z 0-9 . _ - :). Default: every key.", JsonValue.Create("orders.")),
                "limit" => ($"Most objects in one page: 1 to {ObjectListing.MaxLimit}. Default {ObjectListingApi.DefaultLimit}.", JsonValue.Create("100")),
                "after" => ("Start after this key: the `next` of the previous page.", JsonValue.Create("orders.2026-01-01")),
                _ => (parameter.Description, parameter.Example),
            };
        }
    }
}
