using System.Collections;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain;

/// <summary>
/// The numeric cells of one report (or a rollup): one exact value per catalog cell, or
/// <see langword="null"/> for "not reported". Immutable.
/// </summary>
/// <remarks>Equality is value equality over every cell.</remarks>
public sealed class Figures : IEquatable<Figures>, IEnumerable<KeyValuePair<CellId, decimal>>
{
    private readonly decimal?[] _values;

    public static Figures Empty { get; } = new(new decimal?[CellCatalog.Count]);

    private Figures(decimal?[] values) => _values = values;

    public decimal? this[CellId cell] => _values[cell.Ordinal];

    public bool IsReported(CellId cell) => _values[cell.Ordinal] is not null;

    /// <summary>Number of reported cells.</summary>
    public int ReportedCount => _values.Count(v => v is not null);

    public Figures With(CellId cell, decimal? value)
    {
        var copy = (decimal?[])_values.Clone();
        copy[cell.Ordinal] = value;
        return new Figures(copy);
    }

    /// <summary>A copy where the cells of the given sections are replaced by those of <paramref name="other"/>.</summary>
    public Figures WithSections(Figures other, Sections sections)
    {
        var copy = (decimal?[])_values.Clone();
        foreach (var cell in CellCatalog.All)
        {
            if ((cell.Section & sections) != 0)
            {
                copy[cell.Ordinal] = other._values[cell.Ordinal];
            }
        }

        return new Figures(copy);
    }

    /// <summary>Builds figures from a mutable buffer the caller gives up.</summary>
    public static Figures FromValues(decimal?[] values)
    {
        if (values.Length != CellCatalog.Count)
        {
            throw new ArgumentException($"Expected {CellCatalog.Count} values, got {values.Length}.", nameof(values));
        }

        return new Figures(values);
    }

    /// <summary>Collects values once; <see cref="Build"/> hands its buffer over (no copy), after which the builder is spent.</summary>
    public sealed class Builder
    {
        private decimal?[]? _values = new decimal?[CellCatalog.Count];

        private decimal?[] Values => _values ?? throw new InvalidOperationException("The builder was already built.");

        public Builder Set(CellId cell, decimal? value)
        {
            Values[cell.Ordinal] = value;
            return this;
        }

        public Builder Set(string path, decimal? value, ReportFormat format = ReportFormat.V2021) => Set(CellCatalog.Get(path, format), value);

        public decimal? Get(CellId cell) => Values[cell.Ordinal];

        public Figures Build()
        {
            var values = Values;
            _values = null;
            return new Figures(values);
        }
    }

    public IEnumerator<KeyValuePair<CellId, decimal>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] is { } v)
            {
                yield return new(new CellId(i), v);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(Figures? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as Figures);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _values)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}
