namespace Aggregator.Domain.Registry;

/// <summary>One entry of the registry as configured, with its lexical parent entry and its validity.</summary>
internal sealed class RegistryEntry(UnitDefinition definition, RegistryEntry? parent, int order)
{
    public UnitDefinition Definition { get; } = definition;

    public RegistryEntry? Parent { get; } = parent;

    /// <summary>Position in the configuration (pre-order): the order of children in every tree.</summary>
    public int Order { get; } = order;

    public string Id => Definition.Id;

    public int From { get; } = definition.ValidFrom ?? ReportYear.Min;

    public int To { get; } = definition.ValidTo ?? ReportYear.Max;

    public bool IsValidIn(int year) => year >= From && year <= To;

    /// <summary>The validity as written, e.g. "2019–2021", "–2021", "always".</summary>
    public string Validity => (Definition.ValidFrom, Definition.ValidTo) switch
    {
        (null, null) => "always",
        var (from, to) => $"{from?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}–{to?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}",
    };

    public override string ToString() => $"'{Id}' ({Validity})";
}
