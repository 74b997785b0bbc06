using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Node.Execution.Results;

namespace ScriptProxy.Node.Execution.Select;

/// <summary>
/// One output column: a scalar evaluated per row, or an aggregate fed per row and read once at the end.
/// Aggregates get fresh state per execution through <see cref="NewAccumulator"/>.
/// </summary>
internal sealed class SelectedColumn(ColumnSpec spec, Func<RowView, object?> scalar, Func<Accumulator>? aggregate = null)
{
    public ColumnSpec Spec { get; } = spec;

    public Func<RowView, object?> Scalar { get; } = scalar;

    public bool IsAggregate => aggregate is not null;

    public Accumulator NewAccumulator() => aggregate!();
}
