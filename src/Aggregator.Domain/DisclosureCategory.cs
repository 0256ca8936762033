using System.Collections.Immutable;

namespace Aggregator.Domain;

/// <summary>One category of the structured proactive-disclosure breakdown of section 一.</summary>
public sealed record DisclosureCategory(string Name, long? Count);
