using Leasehold.Runtime.Membership;
using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>The parameters naming one membership row: cluster, host, port and generation.</summary>
internal static class PostgresMembershipKey
{
    public static NpgsqlBatchCommand WithKey(this NpgsqlBatchCommand command, string clusterId, SiloAddress silo)
    {
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("host", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("port", silo.Endpoint.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
        return command;
    }
}
