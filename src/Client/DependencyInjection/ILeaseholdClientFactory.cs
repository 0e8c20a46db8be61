namespace Leasehold.Client;

/// <summary>Makes the <see cref="LeaseholdClient"/> registered under a name with <c>AddLeaseholdClient(name, ...)</c>.</summary>
public interface ILeaseholdClientFactory
{
    /// <summary>
    /// A client with the options registered as <paramref name="name"/>, over an HttpClient from IHttpClientFactory (so
    /// connections are pooled and rotated). Cheap: make one per unit of work; disposing it leaves the pool alone.
    /// </summary>
    LeaseholdClient CreateClient(string name);
}
