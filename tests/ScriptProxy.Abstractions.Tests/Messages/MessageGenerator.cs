using System.Net;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Messages;

/// <summary>Seeded generator of valid messages for a given protocol version.</summary>
internal sealed class MessageGenerator(int seed, byte version)
{
    private static readonly string[] Alphabet = ["a", "b", "z", "K", "_", "1", " ", "é", "日", "🙂"];
    private static readonly string[] WriteTypes = ["SIMPLE", "BATCH", "UNLOGGED_BATCH", "COUNTER", "BATCH_LOG", "CAS", "VIEW", "CDC"];

    // "cond ? memory : null" would convert null through byte[] into an EMPTY memory, not a null one.
    private static readonly ReadOnlyMemory<byte>? NoBytes = null;

    private readonly Random _r = new(seed);

    public static readonly IReadOnlyList<string> Kinds =
    [
        "Startup", "AuthResponse", "Options", "Query", "Prepare", "Execute", "Batch", "Register",
        "Error", "Ready", "Authenticate", "Supported", "Void", "Rows", "SetKeyspace", "Prepared", "SchemaChange",
        "TopologyEvent", "StatusEvent", "SchemaEvent", "AuthChallenge", "AuthSuccess",
    ];

    public ICqlMessage Next(string kind) => kind switch
    {
        "Startup" => new StartupRequest(Map(() => Str())),
        "AuthResponse" => new AuthResponseRequest(NullableBytes()),
        "Options" => OptionsRequest.Instance,
        "Query" => new QueryRequest(Str(40), Parameters()),
        "Prepare" => new PrepareRequest(Str(40), version >= 5 && Bool() ? Str() : null),
        "Execute" => new ExecuteRequest(Bytes(), version >= 5 ? Bytes() : NoBytes, Parameters()),
        "Batch" => Batch(),
        "Register" => new RegisterRequest(List(() => Pick([EventTypes.TopologyChange, EventTypes.StatusChange, EventTypes.SchemaChange]))),
        "Error" => Error(),
        "Ready" => ReadyResponse.Instance,
        "Authenticate" => new AuthenticateResponse(Str(60)),
        "Supported" => new SupportedResponse(Map<IReadOnlyList<string>>(() => List(() => Str()))),
        "Void" => ResultResponse.Void,
        "Rows" => Rows(),
        "SetKeyspace" => ResultResponse.SetKeyspace(Str()),
        "Prepared" => new PreparedResult(Bytes(), version >= 5 ? Bytes() : NoBytes, PreparedMetadata(), RowsMetadata(allowPaging: false)),
        "SchemaChange" => ResultResponse.SchemaChanged(SchemaChange()),
        "TopologyEvent" => new TopologyChangeEvent((TopologyChangeType)_r.Next(3), EndPoint()),
        "StatusEvent" => new StatusChangeEvent((StatusChangeType)_r.Next(2), EndPoint()),
        "SchemaEvent" => new SchemaChangeEvent(SchemaChange()),
        "AuthChallenge" => new AuthChallengeResponse(NullableBytes()),
        "AuthSuccess" => new AuthSuccessResponse(NullableBytes()),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>A preamble valid for this direction, opcode and version.</summary>
    public MessageEnvelope Envelope(bool response, Opcode opcode)
    {
        bool v4 = version >= ProtocolVersion.V4;
        Guid? tracing = response && Bool() ? Guid.NewGuid() : null;
        IReadOnlyList<string>? warnings = response && v4 && Bool() ? List(() => Str(30)) : null;
        bool payloadAllowed = v4 && (response || OpcodeInfo.SupportsCustomPayload(opcode));
        var payload = payloadAllowed && Bool() ? Map(NullableBytes) : null;
        return tracing is null && warnings is null && payload is null ? MessageEnvelope.Empty : new MessageEnvelope(tracing, warnings, payload);
    }

    private bool Bool() => _r.Next(2) == 0;

    private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

    private string Str(int max = 12)
    {
        int n = _r.Next(max + 1);
        var parts = new string[n];
        for (int i = 0; i < n; i++) parts[i] = Pick(Alphabet);
        return string.Concat(parts);
    }

    private ReadOnlyMemory<byte> Bytes(int max = 16)
    {
        var b = new byte[_r.Next(max + 1)];
        _r.NextBytes(b);
        return b;
    }

    private ReadOnlyMemory<byte>? NullableBytes() => _r.Next(5) == 0 ? null : Bytes();

    private List<T> List<T>(Func<T> item, int max = 4)
    {
        int n = _r.Next(max + 1);
        var list = new List<T>(n);
        for (int i = 0; i < n; i++) list.Add(item());
        return list;
    }

    private Dictionary<string, T> Map<T>(Func<T> value)
    {
        var map = new Dictionary<string, T>();
        int n = _r.Next(4);
        for (int i = 0; i < n; i++) map[Str() + i] = value();
        return map;
    }

    private Consistency Cl() => (Consistency)_r.Next(11);

    private CqlValueSlice Value(bool allowUnset) => _r.Next(6) switch
    {
        0 => CqlValueSlice.Null,
        1 when allowUnset => CqlValueSlice.Unset,
        _ => new CqlValueSlice(Bytes()),
    };

    private QueryParameters Parameters()
    {
        var values = Bool() ? List(() => Value(allowUnset: version >= 4), 5) : null;
        return new QueryParameters(Cl())
        {
            Values = values,
            ValueNames = values is not null && Bool() ? values.Select((_, i) => Str() + i).ToList() : null,
            SkipMetadata = Bool(),
            PageSize = Bool() ? _r.Next() : null,
            PagingState = Bool() ? Bytes() : NoBytes,
            SerialConsistency = Bool() ? Pick([Consistency.Serial, Consistency.LocalSerial]) : null,
            DefaultTimestamp = Bool() ? _r.NextInt64(long.MinValue + 1, long.MaxValue) : null,
            Keyspace = version >= 5 && Bool() ? Str() : null,
            NowInSeconds = version >= 5 && Bool() ? _r.Next(int.MinValue, int.MaxValue) : null,
        };
    }

    private BatchRequest Batch() => new((BatchType)_r.Next(3),
        List(() => Bool() ? BatchStatement.ForQuery(Str(30), List(() => Value(version >= 4))) : BatchStatement.ForPrepared(Bytes(), List(() => Value(version >= 4))), 5),
        Cl())
    {
        SerialConsistency = Bool() ? Consistency.Serial : null,
        DefaultTimestamp = Bool() ? _r.NextInt64() : null,
        Keyspace = version >= 5 && Bool() ? Str() : null,
        NowInSeconds = version >= 5 && Bool() ? _r.Next() : null,
    };

    private IPAddress Address()
    {
        var b = new byte[Bool() ? 4 : 16];
        _r.NextBytes(b);
        return new IPAddress(b);
    }

    private IPEndPoint EndPoint() => new(Address(), _r.Next(65536));

    private ErrorResponse Error()
    {
        var codes = Enum.GetValues<ErrorCode>();
        var code = codes[_r.Next(codes.Length)];
        IReadOnlyList<ReplicaFailure>? reasons = version >= 5 ? List(() => new ReplicaFailure(Address(), (ushort)_r.Next(65536))) : null;
        int failures = reasons?.Count ?? _r.Next();
        string writeType = Pick(WriteTypes);
        ErrorDetails? details = code switch
        {
            ErrorCode.Unavailable => new UnavailableDetails(Cl(), _r.Next(), _r.Next()),
            ErrorCode.WriteTimeout => new WriteTimeoutDetails(Cl(), _r.Next(), _r.Next(), writeType,
                version >= 5 && writeType == WriteTimeoutDetails.CasWriteType ? (short)_r.Next(short.MinValue, short.MaxValue) : null),
            ErrorCode.ReadTimeout => new ReadTimeoutDetails(Cl(), _r.Next(), _r.Next(), Bool()),
            ErrorCode.ReadFailure => new ReadFailureDetails(Cl(), _r.Next(), _r.Next(), failures, reasons, Bool()),
            ErrorCode.WriteFailure => new WriteFailureDetails(Cl(), _r.Next(), _r.Next(), failures, reasons, writeType),
            ErrorCode.FunctionFailure => new FunctionFailureDetails(Str(), Str(), List(() => Str())),
            ErrorCode.CasWriteUnknown => new CasWriteUnknownDetails(Cl(), _r.Next(), _r.Next()),
            ErrorCode.AlreadyExists => new AlreadyExistsDetails(Str(), Str()),
            ErrorCode.Unprepared => new UnpreparedDetails(Bytes()),
            _ => null,
        };
        return new ErrorResponse(code, Str(50), details);
    }

    private CqlType Type(int depth = 0)
    {
        int pick = _r.Next(depth > 3 ? 4 : 12);
        if (pick < 4) return Pick(CqlType.Natives);
        return pick switch
        {
            4 => new CustomType("org.example." + Str()),
            5 => CqlType.ListOf(Type(depth + 1)),
            6 => CqlType.SetOf(Type(depth + 1)),
            7 => CqlType.MapOf(Type(depth + 1), Type(depth + 1)),
            8 or 9 => new UdtType(Str(), Str(), List(() => new UdtField(Str(), Type(depth + 1)))),
            _ => new TupleType(List(() => Type(depth + 1))),
        };
    }

    private List<ColumnSpec> Columns(out bool global)
    {
        global = Bool();
        string ks = Str(), table = Str();
        bool g = global;
        return List(() => g ? new ColumnSpec(ks, table, Str(), Type()) : new ColumnSpec(Str(), Str(), Str(), Type()), 6);
    }

    private RowsMetadata RowsMetadata(bool allowPaging = true)
    {
        var paging = allowPaging && Bool() ? Bytes() : (ReadOnlyMemory<byte>?)null;
        if (_r.Next(4) == 0) return Abstractions.Messages.RowsMetadata.NoMetadata(_r.Next(6), paging);
        var columns = Columns(out bool global);
        return new RowsMetadata(columns, paging)
        {
            GlobalTableSpec = global && columns.Count > 0,
            NewMetadataId = version >= 5 && Bool() ? Bytes() : NoBytes,
        };
    }

    private PreparedMetadata PreparedMetadata()
    {
        var columns = Columns(out bool global);
        IReadOnlyList<ushort>? pk = version >= 4 ? List(() => (ushort)_r.Next(65536)) : null;
        return new PreparedMetadata(columns, pk) { GlobalTableSpec = global && columns.Count > 0 };
    }

    private RowsResult Rows()
    {
        var metadata = RowsMetadata();
        var builder = new RowsResultBuilder(metadata);
        int rows = _r.Next(8);
        for (int i = 0; i < rows; i++)
        {
            var cells = new CqlValueSlice[metadata.ColumnCount];
            for (int c = 0; c < cells.Length; c++) cells[c] = Value(allowUnset: false);
            builder.AddRow(cells);
        }
        return builder.Build();
    }

    private SchemaChange SchemaChange()
    {
        var change = (SchemaChangeType)_r.Next(3);
        var target = (SchemaChangeTarget)_r.Next(version >= 4 ? 5 : 3);
        return target switch
        {
            SchemaChangeTarget.Keyspace => Abstractions.Messages.SchemaChange.ForKeyspace(change, Str()),
            SchemaChangeTarget.Table or SchemaChangeTarget.Type => new SchemaChange(change, target, Str(), Str()),
            _ => new SchemaChange(change, target, Str(), Str(), List(() => Str())),
        };
    }
}
