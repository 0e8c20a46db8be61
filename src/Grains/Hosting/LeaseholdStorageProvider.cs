namespace Leasehold.Hosting;

/// <summary>Which database <c>Storage:Provider</c> names, read the same way for a silo's and a client's Orleans providers.</summary>
internal enum LeaseholdStorageProvider
{
    Sqlite,
    Postgres,
}
