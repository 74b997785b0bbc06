using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>
/// The test host's exchange: a request on a <see cref="TestConnection"/>, answered by the connection's
/// <see cref="TestNode"/> at the end of the chain unless a stage answered first. Responses that a stage makes are
/// encoded as real frames too.
/// </summary>
public sealed class TestExchange : ICqlMessageExchange
{
    private readonly TestRequest _request;
    private TestResponse? _response;
    private bool _stageAnswered;

    public TestExchange(TestConnection connection, IRequest message, short stream = 1)
    {
        Connection = connection;
        _request = new TestRequest(message, connection, connection.Version, stream);
    }

    public TestConnection Connection { get; }

    public ICqlRequest Request => _request;

    public ICqlResponse? Response => _response;

    public string Client => Connection.Client;

    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();

    public CancellationToken Aborted { get; init; }

    /// <summary>True when the node was reached.</summary>
    public bool ReachedUpstream { get; private set; }

    public IRequest RequestMessage => _request.Message;

    public IResponse? ResponseMessage => _response?.Message;

    public void SetRequestMessage(IRequest message) => _request.SetMessage(message);

    public void RespondMessage(IResponse message) => Answer(message);

    public void Respond(ErrorCode code, string message) => Answer(new ErrorResponse(code, message));

    public void RespondVoid() => Answer(VoidResult.Instance);

    public void RespondRows(IReadOnlyList<ResultColumn> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var specs = columns.Select(c => new ColumnSpec(c.Keyspace, c.Table, c.Name, c.Type)).ToList();
        var builder = new RowsResultBuilder(new RowsMetadata(specs));
        foreach (var row in rows)
        {
            builder.AddRow(row.Select((v, i) => v is null ? CqlValueSlice.Null : new CqlValueSlice(CqlValueCodec.Serialize(columns[i].Type, v, Connection.Version))).ToArray());
        }
        Answer(builder.Build());
    }

    private void Answer(IResponse message)
    {
        _response = new TestResponse(message, Connection.Version, _request.Stream);
        _stageAnswered = true;
    }

    /// <summary>Runs <paramref name="stages"/> in order, then the node; returns the final response.</summary>
    public async Task<IResponse> RunAsync(params IStage[] stages)
    {
        await Invoke(0);
        var response = _response?.Message ?? throw new InvalidOperationException("The chain ended without a response");
        Connection.Learn(_request.Message, response);
        return response;

        ValueTask Invoke(int index) => index < stages.Length ? stages[index].InvokeAsync(this, _ => Invoke(index + 1)) : Upstream();
    }

    private ValueTask Upstream()
    {
        if (_stageAnswered) return ValueTask.CompletedTask;
        ReachedUpstream = true;
        Connection.Node.Keyspace = Connection.Keyspace; // the node runs in the connection's keyspace
        _response = new TestResponse(Connection.Node.Handle(_request.Message, Connection.Version), Connection.Version, _request.Stream);
        return ValueTask.CompletedTask;
    }
}
