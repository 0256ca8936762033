namespace Aggregator.Domain;

/// <summary>A reporting unit's id in the region registry (division code or deployment id).</summary>
/// <remarks>Equality is ordinal on the id string.</remarks>
public readonly record struct UnitId
{
    public const int MaxLength = 64;

    public UnitId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not a valid unit id (1..{MaxLength} of [A-Za-z0-9._-]).", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Value;
}
