namespace Leasehold.Runtime.Invocation;

/// <summary>A grain interface and the class that implements it on this silo.</summary>
internal sealed record GrainRegistration(Type Interface, Type Implementation);
