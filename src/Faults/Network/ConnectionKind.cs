namespace Leasehold.Faults;

/// <summary>Which of a silo's connection pipelines a connection came through.</summary>
internal enum ConnectionKind
{
    /// <summary>This silo dialled another silo: the remote endpoint is that silo's endpoint.</summary>
    SiloOutbound,

    /// <summary>Another silo dialled this one: who it is, Orleans learns from the connection preamble.</summary>
    SiloInbound,

    /// <summary>A client connected to this silo's gateway.</summary>
    GatewayInbound,
}
