using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Select;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>UPDATE: assignments (incl. collection and counter operations) applied to every named row.</summary>
internal static class UpdatePlanner
{
    public static List<MutationPlan> Plan(UpdateStatement s, TableMetadata table, QueryContext ctx)
    {
        var where = WhereClause.Analyze(table, s.Where, ctx.Values);
        var keys = KeyTargets.Partitions(table, where);
        var options = WriteOptions.From(s.Ttl, s.Timestamp, table, ctx);
        var ops = new List<(ColumnMetadata Column, Func<object?, object?> Compute, bool ReadsCurrent)>();
        foreach (var a in s.Assignments)
        {
            var col = table.Find(a.Column) ?? throw CqlException.Invalid($"Undefined column name {a.Column}");
            if (col.IsPrimaryKey) throw CqlException.Invalid($"PRIMARY KEY part {col.Name} found in SET part");
            ops.Add(Operation(col, a, ctx.Values));
        }
        bool onlyStatic = ops.All(o => o.Column.Kind == ColumnKind.Static);
        var clusterings = KeyTargets.FullClusterings(table, where);
        if (clusterings is null)
        {
            if (where.ClusteringSlices.Count > 0) throw CqlException.Invalid("Slice restrictions are not supported on the clustering columns in UPDATE statements");
            if (!(onlyStatic && !where.HasClusteringRestrictions))
                throw CqlException.Invalid($"Some clustering keys are missing: {KeyTargets.MissingClustering(table, where)}");
        }
        if ((s.Conditions.Count > 0 || s.IfExists) && (keys.Count > 1 || clusterings is { Count: > 1 }))
            throw CqlException.Invalid("IN on the clustering key columns is not supported with conditional updates");
        var rows = clusterings ?? [Array.Empty<object?>()];
        var plans = new List<MutationPlan>();
        foreach (var key in keys)
        {
            var apply = new Action<Partition, long>((p, now) =>
            {
                foreach (var ck in rows)
                {
                    Row? row = onlyStatic && clusterings is null ? null : p.GetOrAdd(ck);
                    foreach (var (col, compute, readsCurrent) in ops)
                    {
                        var target = col.Kind == ColumnKind.Static ? p.Static : row!;
                        object? current = readsCurrent ? target.LiveCell(col.Name, now, p.DeletedAt)?.Value : null;
                        var value = compute(current);
                        if (value is UnsetValue) continue;
                        if (CollectionOps.IsEmptyCollection(value)) value = null;
                        var cell = options.Cell(value, now);
                        if (col.Type.Code == CqlTypeCode.Counter && target.Cells.TryGetValue(col.Name, out var old))
                            cell = cell with { Timestamp = Math.Max(cell.Timestamp, old.Timestamp + 1) };
                        target.Write(col.Name, cell);
                    }
                }
            });
            var ck0 = rows[0];
            LwtCheck? check = s.IfExists ? Conditions.Exists(table, ck0)
                : s.Conditions.Count > 0 ? Conditions.Columns(table, ck0, s.Conditions, ctx.Values) : null;
            plans.Add(new MutationPlan(table, key, apply) { Check = check });
        }
        return plans;
    }

    private static (ColumnMetadata, Func<object?, object?>, bool) Operation(ColumnMetadata col, Assignment a, BoundValues values)
    {
        var type = col.Type;
        if (type.Code == CqlTypeCode.Counter)
        {
            if (a.Kind is not (AssignmentKind.Add or AssignmentKind.Subtract))
                throw CqlException.Invalid($"Cannot set the value of counter column {col.Name} (counters can only be incremented/decremented, not set)");
            var delta = TermEvaluator.Evaluate(a.Value, CqlType.Bigint, col.Name, values);
            long d = delta is long l ? l : throw CqlException.Invalid($"Invalid null value for counter increment");
            if (a.Kind == AssignmentKind.Subtract) d = -d;
            return (col, current => (current is long c ? c : 0L) + d, true);
        }
        switch (a.Kind)
        {
            case AssignmentKind.Set:
            {
                var v = TermEvaluator.Evaluate(a.Value, type, col.Name, values);
                return (col, _ => v, false);
            }
            case AssignmentKind.Add:
            {
                var v = TermEvaluator.Evaluate(a.Value, type, col.Name, values);
                if (v is UnsetValue) return (col, _ => v, false);
                return (col, current => CollectionOps.Add(type, current, v), true);
            }
            case AssignmentKind.Prepend:
            {
                var v = TermEvaluator.Evaluate(a.Value, type, col.Name, values);
                return (col, current => v is UnsetValue ? v : CollectionOps.Prepend(type, current, v), true);
            }
            case AssignmentKind.Subtract:
            {
                // For maps, "m = m - {k1, k2}" removes keys: the operand is a set of the key type.
                var operandType = type is MapType mt ? CqlType.SetOf(mt.Key) : type;
                var v = TermEvaluator.Evaluate(a.Value, operandType, col.Name, values);
                return (col, current => v is UnsetValue ? v : CollectionOps.Subtract(type, current, v), true);
            }
            case AssignmentKind.SetElement:
            {
                var keyType = type switch { ListType => CqlType.Int, MapType m => m.Key, _ => throw CqlException.Invalid($"Invalid operation ({col.Name}[?] = ?) for non list or map column {col.Name}") };
                var valueType = type switch { ListType l => l.Element, MapType m => m.Value, _ => type };
                var k = TermEvaluator.Evaluate(a.Key!, keyType, $"key({col.Name})", values);
                var v = TermEvaluator.Evaluate(a.Value, valueType, $"value({col.Name})", values);
                return (col, current => CollectionOps.SetElement(type, current, k, v, col.Name), true);
            }
            case AssignmentKind.SetField:
            {
                if (type is not UdtType ut) throw CqlException.Invalid($"Invalid field selection: {col.Name} of type {type} is not a user type");
                var field = ut.Fields.FirstOrDefault(f => f.Name == a.Field) ?? throw CqlException.Invalid($"UDT column {col.Name} does not have a field named {a.Field}");
                var v = TermEvaluator.Evaluate(a.Value, field.Type, $"{col.Name}.{a.Field}", values);
                return (col, current => CollectionOps.SetField(ut, current, a.Field!, v), true);
            }
            default:
                throw CqlException.Invalid("Unsupported assignment");
        }
    }
}
