namespace Leasehold.Runtime.Activation;

/// <summary>The life of an activation.</summary>
internal enum ActivationState
{
    /// <summary>Created; its activate turn has not finished. Calls queue behind it.</summary>
    Activating,
    /// <summary>Serving calls.</summary>
    Valid,
    /// <summary>Finishing queued work and running its deactivate turn; refuses new work.</summary>
    Deactivating,
    /// <summary>Gone from the directory. A new call creates a new activation.</summary>
    Invalid,
}
