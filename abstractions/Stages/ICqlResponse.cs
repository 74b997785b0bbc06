using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Stages;

/// <summary>A response as a typed, lazy view; row changes are copy-on-write like requests.</summary>
public interface ICqlResponse
{
    Frame Frame { get; }

    Opcode Opcode { get; }

    bool IsError { get; }

    ErrorCode? ErrorCode { get; }

    string? ErrorMessage { get; }

    /// <summary>Columns of a RESULT Rows; empty otherwise.</summary>
    IReadOnlyList<ResultColumn> Columns { get; }

    int RowCount { get; }

    object? GetCell(int row, string column);

    void SetCell(int row, string column, object? value);

    bool IsModified { get; }
}
