using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Export;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary>
/// <c>template</c>: writes a unit's blank XLSX template for a year (<see cref="TemplateWorkbook"/>),
/// made locally so that district IT can hand it out without a server; the filled workbook goes back
/// through <c>import</c>, <c>validate</c> and <c>submit</c>.
/// </summary>
internal static class TemplateCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("template", ctx.T(
            "生成某单位某年度的 Excel 填报模板(全国统一格式,填报单元格已解锁并设有数据验证,含勾稽校验表)。填好后用 validate/submit 导入。",
            "Write a unit's Excel template for a year (national layout, unlocked and validated input cells, a sheet of 勾稽 checks). Take it back with validate/submit."));
        var unit = Options.Unit(ctx, required: true, "填报单位 id", "Reporting unit id");
        var year = Options.Year(ctx, required: true);
        var name = new Option<string?>("--name") { Description = ctx.T("单位名称,用于封面和标题(默认为单位 id)", "Unit name for the cover and title (default: the unit id)"), HelpName = "NAME" };
        var output = new Option<string?>("--out", "-o") { Description = ctx.T("输出文件(默认 template-<单位>-<年度>.xlsx)", "Output file (default: template-<unit>-<year>.xlsx)"), HelpName = "FILE.xlsx" };
        command.Add(unit);
        command.Add(year);
        command.Add(name);
        command.Add(output);
        command.SetRun(ctx, (r, ct) => Task.FromResult(Run(ctx, r.GetValue(unit)!, r.GetValue(year)!.Value, r.GetValue(name), r.GetValue(output))));
        return command;
    }

    private static int Run(CliContext ctx, string unit, int year, string? name, string? outFile)
    {
        ExportedFile file;
        try
        {
            file = TemplateWorkbook.Create(unit, year, name);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Usage, $"无法生成模板:{e.Message}", $"Cannot make the template: {e.Message}");
        }

        var path = outFile ?? file.FileName;
        File.WriteAllBytes(path, file.Content);
        ctx.Out.MarkupLine(Markup.Escape(ctx.T(
            $"已写入 {path}:{unit} {year} 年度填报模板({file.Content.Length} 字节)",
            $"Wrote {path}: the template of {unit} for {year} ({file.Content.Length} bytes)")));
        return ExitCodes.Ok;
    }
}
