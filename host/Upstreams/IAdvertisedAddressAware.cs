using System.Net;

namespace ScriptProxy.Host.Upstreams;

/// <summary>An upstream that wants to know where the proxy listens (the embedded node advertises it in system.local).</summary>
public interface IAdvertisedAddressAware
{
    void OnListening(IPEndPoint endPoint);
}
