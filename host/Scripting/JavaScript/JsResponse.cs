using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Scripting.JavaScript;

/// <summary>
/// <c>exchange.response</c> in JS: isError, errorCode (number), errorMessage, rowCount, columns (names),
/// getCell(row, column), setCell(row, column, value).
/// </summary>
public sealed class JsResponse(ICqlResponse response)
{
    public bool IsError => response.IsError;

    public int? ErrorCode => response.ErrorCode is { } code ? (int)code : null;

    public string? ErrorMessage => response.ErrorMessage;

    public int RowCount => response.RowCount;

    public string[] Columns => [.. response.Columns.Select(c => c.Name)];

    public object? GetCell(int row, string column) => response.GetCell(row, column);

    public void SetCell(int row, string column, object? value) => response.SetCell(row, column, value);
}
