namespace Leasehold.Runtime;

/// <summary>Marker for grain interfaces. A grain is a virtual actor: it always exists, and the runtime activates it on demand.</summary>
public interface IGrain;
