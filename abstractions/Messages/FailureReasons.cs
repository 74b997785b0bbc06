using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// The failure count of Read_failure / Write_failure: <c>&lt;numfailures&gt;</c> ([int]) in v3/v4,
/// <c>&lt;reasonmap&gt;</c> ([int] n then n × [inetaddr][short]) in v5.
/// </summary>
internal static class FailureReasons
{
    public static (int NumFailures, IReadOnlyList<ReplicaFailure>? Reasons) Read(ref CqlReader reader, byte version)
    {
        if (version < ProtocolVersion.V5) return (reader.ReadInt(), null);
        // Smallest entry: 1-byte size + 4-byte IPv4 + 2-byte code.
        int n = MessageWire.ReadCount(ref reader, 7, "reason map entries");
        var reasons = new ReplicaFailure[n];
        for (int i = 0; i < n; i++)
        {
            var address = reader.ReadInetAddr();
            reasons[i] = new ReplicaFailure(address, reader.ReadUShort());
        }
        return (n, reasons);
    }

    public static void Write(ref CqlWriter writer, byte version, int numFailures, IReadOnlyList<ReplicaFailure>? reasons)
    {
        if (version < ProtocolVersion.V5)
        {
            writer.WriteInt(numFailures);
            return;
        }
        // Without per-replica reasons a v5 peer still learns "no detail" rather than a wrong count.
        reasons ??= [];
        writer.WriteInt(reasons.Count);
        for (int i = 0; i < reasons.Count; i++)
        {
            writer.WriteInetAddr(reasons[i].Endpoint);
            writer.WriteUShort(reasons[i].FailureCode);
        }
    }
}
