namespace Leasehold.Client;

/// <summary>
/// An error answered by Leasehold, or a failure to reach it. <see cref="Type"/> is the problem's
/// <c>urn:leasehold:problem:*</c> URN (see <see cref="ProblemTypes"/>); null when no problem body came back.
/// </summary>
public class LeaseholdException : Exception
{
    public LeaseholdException()
    {
    }

    public LeaseholdException(string message)
        : base(message)
    {
    }

    public LeaseholdException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public LeaseholdException(string message, int? status, string? type, string? detail, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        Type = type;
        Detail = detail;
    }

    /// <summary>The HTTP status, or null when no response came back.</summary>
    public int? Status { get; }

    /// <summary>The problem type URN, or null when the response had no problem body.</summary>
    public string? Type { get; }

    /// <summary>The problem's human-readable detail.</summary>
    public string? Detail { get; }
}
