using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Terms;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>The timestamp and TTL a write uses: USING clause, then the batch's or client's default, then the server clock.</summary>
internal readonly record struct WriteOptions(long Timestamp, int Ttl)
{
    public static WriteOptions From(Term? ttlTerm, Term? tsTerm, TableMetadata table, QueryContext ctx)
    {
        long ts;
        var tsv = tsTerm is null ? null : TermEvaluator.Evaluate(tsTerm, CqlType.Bigint, "[timestamp]", ctx.Values);
        if (tsv is long explicitTs) ts = explicitTs;
        else ts = ctx.BatchTimestamp ?? ctx.DefaultTimestamp ?? WriteClock.NowMicros();
        int ttl = table.DefaultTtl;
        if (ttlTerm is not null)
        {
            var v = TermEvaluator.Evaluate(ttlTerm, CqlType.Int, "[ttl]", ctx.Values);
            if (v is int t)
            {
                if (t < 0) throw CqlException.Invalid($"A TTL must be greater or equal to 0, but was {t}");
                if (t > 630_720_000) throw CqlException.Invalid($"ttl is too large. requested ({t}) maximum (630720000)");
                ttl = t;
            }
        }
        return new WriteOptions(ts, ttl);
    }

    public Cell Cell(object? value, long now) =>
        value is null || Ttl == 0 ? new Cell(value, Timestamp, 0, Storage.Cell.Never) : new Cell(value, Timestamp, Ttl, now + Ttl * 1_000_000L);
}
