namespace ScriptProxy.Fuzz;

/// <summary>One invariant violation: the case that caused it, as hex, and what went wrong.</summary>
public sealed record FuzzFinding(FuzzTarget Target, long Case, string Kind, string Detail, string InputHex)
{
    /// <summary>Groups findings of the same cause: target and kind, and for exceptions their type and throwing frame.</summary>
    public string Signature
    {
        get
        {
            if (Kind != "exception") return $"{Target}/{Kind}";
            var lines = Detail.Split('\n');
            string type = lines[0].Split(':')[0];
            return $"{Target}/{type}/{(lines.Length > 1 ? lines[1].Trim() : "")}";
        }
    }

    public override string ToString() =>
        $"[{Target} case {Case}] {Kind}: {Detail}\n  input ({InputHex.Length / 2} bytes): {(InputHex.Length > 400 ? InputHex[..400] + "..." : InputHex)}";
}
