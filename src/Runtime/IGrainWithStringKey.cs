namespace Leasehold.Runtime;

/// <summary>A grain identified by a string key (a lease's resource name, an object shard's number).</summary>
public interface IGrainWithStringKey : IGrain;
