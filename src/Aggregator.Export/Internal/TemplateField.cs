using Aggregator.Domain.Cells;

namespace Aggregator.Export.Internal;

/// <summary>
/// A report field a grid cell stands for: a numeric cell of <see cref="CellCatalog"/>, or a narrative
/// (<see cref="Aggregator.Domain.Narratives.All"/> field id such as <c>s5.problems</c>).
/// </summary>
/// <param name="Path">The cell path or narrative field id, as errors and findings name it.</param>
/// <param name="Cell">The catalog cell; null for a narrative.</param>
internal sealed record TemplateField(string Path, CellDefinition? Cell)
{
    public static TemplateField Of(CellId cell) => new(cell.Path, cell.Definition);

    public static TemplateField Narrative(string field) => new(field, null);
}
