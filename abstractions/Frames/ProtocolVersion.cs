namespace ScriptProxy.Abstractions.Frames;

/// <summary>Protocol versions this codec speaks. Versions 1 and 2 use an 8-byte header and are refused.</summary>
public static class ProtocolVersion
{
    public const byte V3 = 3;
    public const byte V4 = 4;
    public const byte V5 = 5;
    public const byte Min = V3;
    public const byte Max = V5;

    /// <summary>The version the proxy answers an unsupported version with (drivers step down to it).</summary>
    public const byte Fallback = V4;

    public static bool IsSupported(byte version) => version is >= Min and <= Max;

    /// <summary>
    /// The error text every supported driver recognises as "step down" (see shared/drivers.md):
    /// Python needs "unsupported protocol version", Node "Invalid or unsupported protocol version",
    /// gocql the trailing "the lowest supported version is N and the greatest is M".
    /// </summary>
    public static string UnsupportedMessage(int version) =>
        $"Invalid or unsupported protocol version ({version}); supported versions are (3/v3, 4/v4, 5/v5); the lowest supported version is {Min} and the greatest is {Max}";
}
