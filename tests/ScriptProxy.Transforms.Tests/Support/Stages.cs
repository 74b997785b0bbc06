using System.Text.Json;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>Helpers to build built-in stages from JSON and to run requests through them.</summary>
public static class Stages
{
    public static BuiltinContext Context(TimeProvider? time = null) => new("proxy.json", "stages[0]") { Time = time ?? TimeProvider.System };

    public static IStage Create(string name, string json, BuiltinContext? context = null) =>
        BuiltinStages.Create(name, JsonDocument.Parse(json).RootElement.Clone(), context ?? Context());

    public static T Create<T>(string json, BuiltinContext? context = null) where T : IStage =>
        (T)BuiltinStages.Create(typeof(T).Name == "ResultCache" ? "Cache" : typeof(T).Name, JsonDocument.Parse(json).RootElement.Clone(), context ?? Context());

    public static Task<IResponse> Run(this TestConnection connection, IRequest request, params IStage[] stages) =>
        new TestExchange(connection, request).RunAsync(stages);

    public static Task<IResponse> Query(this TestConnection connection, string cql, params IStage[] stages) =>
        connection.Run(new QueryRequest(cql), stages);

    public static async Task<PreparedResult> Prepare(this TestConnection connection, string cql, params IStage[] stages)
    {
        var r = await connection.Run(new PrepareRequest(cql), stages);
        return r as PreparedResult ?? throw new InvalidOperationException($"PREPARE failed: {r}");
    }

    public static Task<IResponse> Execute(this TestConnection connection, PreparedResult prepared, IReadOnlyList<CqlValueSlice> values, params IStage[] stages) =>
        connection.Run(new ExecuteRequest(prepared.Id, prepared.ResultMetadataId, new QueryParameters(Consistency.One) { Values = values }), stages);

    public static void AssertError(IResponse response, ErrorCode code, string? contains = null)
    {
        var error = Assert.IsType<ErrorResponse>(response);
        Assert.Equal(code, error.Code);
        if (contains is not null) Assert.Contains(contains, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
