namespace ScriptProxy.Transforms.Operations;

/// <summary>One value of a <see cref="StageCounterFamily"/>, with its label values in the family's order.</summary>
public readonly record struct StageCounterSample(StageCounterFamily Family, IReadOnlyList<string> LabelValues, double Value);
