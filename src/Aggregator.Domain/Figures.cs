using System.Collections;
using System.Numerics;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain;

/// <summary>
/// The numeric cells of one report (or a rollup): one exact value per catalog cell, or
/// <see langword="null"/> for "not reported". Immutable.
/// </summary>
/// <remarks>
/// Equality is value equality over every cell. Stored as the values (0 where not reported) and one bit
/// per cell saying whether it was reported: 16 bytes a cell instead of the 24 of a <c>decimal?</c>,
/// and every submission maps one (issue 16).
/// </remarks>
public sealed class Figures : IEquatable<Figures>, IEnumerable<KeyValuePair<CellId, decimal>>
{
    private readonly decimal[] _values;
    private readonly ulong[] _reported;

    public static Figures Empty { get; } = new(new decimal[CellCatalog.Count], new ulong[Words]);

    private static int Words => (CellCatalog.Count + 63) / 64;

    private Figures(decimal[] values, ulong[] reported)
    {
        _values = values;
        _reported = reported;
    }

    public decimal? this[CellId cell] => IsReported(cell) ? _values[cell.Ordinal] : null;

    public bool IsReported(CellId cell) => IsSet(_reported, cell.Ordinal);

    /// <summary>Number of reported cells.</summary>
    public int ReportedCount
    {
        get
        {
            var count = 0;
            foreach (var word in _reported)
            {
                count += BitOperations.PopCount(word);
            }

            return count;
        }
    }

    public Figures With(CellId cell, decimal? value)
    {
        var values = (decimal[])_values.Clone();
        var reported = (ulong[])_reported.Clone();
        Put(values, reported, cell.Ordinal, value);
        return new Figures(values, reported);
    }

    /// <summary>A copy where the cells of the given sections are replaced by those of <paramref name="other"/>.</summary>
    public Figures WithSections(Figures other, Sections sections)
    {
        var values = (decimal[])_values.Clone();
        var reported = (ulong[])_reported.Clone();
        foreach (var cell in CellCatalog.All)
        {
            if ((cell.Section & sections) != 0)
            {
                Put(values, reported, cell.Id.Ordinal, other[cell.Id]);
            }
        }

        return new Figures(values, reported);
    }

    private static bool IsSet(ulong[] bits, int ordinal) => (bits[ordinal >> 6] & (1UL << ordinal)) != 0;

    private static void Put(decimal[] values, ulong[] reported, int ordinal, decimal? value)
    {
        if (value is { } v)
        {
            values[ordinal] = v;
            reported[ordinal >> 6] |= 1UL << ordinal;
        }
        else
        {
            values[ordinal] = 0;
            reported[ordinal >> 6] &= ~(1UL << ordinal);
        }
    }

    /// <summary>Collects values once; <see cref="Build"/> hands its buffers over (no copy), after which the builder is spent.</summary>
    public sealed class Builder
    {
        private decimal[]? _values = new decimal[CellCatalog.Count];
        private ulong[] _reported = new ulong[Words];

        private decimal[] Values => _values ?? throw new InvalidOperationException("The builder was already built.");

        public Builder Set(CellId cell, decimal? value)
        {
            Put(Values, _reported, cell.Ordinal, value);
            return this;
        }

        public Builder Set(string path, decimal? value, ReportFormat format = ReportFormat.V2021) => Set(CellCatalog.Get(path, format), value);

        public decimal? Get(CellId cell) => IsSet(_reported, cell.Ordinal) ? Values[cell.Ordinal] : null;

        public Figures Build()
        {
            var figures = new Figures(Values, _reported);
            _values = null;
            _reported = [];
            return figures;
        }
    }

    public IEnumerator<KeyValuePair<CellId, decimal>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (IsSet(_reported, i))
            {
                yield return new(new CellId(i), _values[i]);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // A cell not reported holds 0, so the two arrays compare as the cells do.
    public bool Equals(Figures? other) =>
        other is not null && _reported.AsSpan().SequenceEqual(other._reported) && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as Figures);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var word in _reported)
        {
            hash.Add(word);
        }

        foreach (var v in _values)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}
