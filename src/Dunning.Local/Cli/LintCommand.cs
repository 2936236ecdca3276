using System.CommandLine;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>lint: the compliance check a lender's template goes through on upload, from the command line.</summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("template") { Description = "A Liquid template, named {stage}.{language}.liquid (e.g. T+7.zh-CN.liquid)" };
        var brand = new Option<string>("--brand") { Description = "Lender brand used for the sample render", DefaultValueFactory = _ => "安信金融" };
        var hotline = new Option<string>("--hotline") { Description = "Lender hotline used for the sample render", DefaultValueFactory = _ => "400-820-8820" };
        var command = new Command("lint", "Validate a message template: parse, known fields, required content, no threats, segment budget") { file, brand, hotline };
        command.SetAction(async (parse, _) =>
        {
            var template = parse.GetValue(file)!;
            if (!template.Exists)
            {
                AnsiConsole.MarkupLine($"[red]No such file:[/] {Markup.Escape(template.FullName)}");
                return 2;
            }

            // "T+7.zh-CN.liquid" → name "T+7", language "zh-CN".
            var parts = Path.GetFileNameWithoutExtension(template.Name).Split('.', 2);
            if (parts.Length != 2)
            {
                AnsiConsole.MarkupLine("[red]Name the file {stage}.{language}.liquid[/], e.g. T+7.zh-CN.liquid or reminder.en.liquid.");
                return 2;
            }

            var settings = LenderSettings.DefaultFor("lint") with { Brand = parse.GetValue(brand)!, Hotline = parse.GetValue(hotline)! };
            var report = await TemplateValidator.ValidateAsync(parts[0], parts[1], await File.ReadAllTextAsync(template.FullName), settings);
            AnsiConsole.MarkupLine(report.Accepted ? "[green]accepted[/]" : "[red]rejected[/]");
            if (report.ParseError is not null)
            {
                AnsiConsole.MarkupLine($"parse error: {Markup.Escape(report.ParseError)}");
            }

            foreach (var unknownField in report.UnknownFields)
            {
                AnsiConsole.MarkupLine($"unknown field: [yellow]{Markup.Escape(unknownField)}[/]");
            }

            foreach (var problem in report.Problems)
            {
                AnsiConsole.MarkupLine(Markup.Escape(problem));
            }

            if (report.SampleLint is { } lint)
            {
                var table = new Table().AddColumns("rule", "category", "words", "why");
                foreach (var finding in lint.Findings)
                {
                    table.AddRow(Markup.Escape(finding.RuleId), Markup.Escape(finding.Category), Markup.Escape(string.Join(", ", finding.Words)), Markup.Escape(finding.Message));
                }

                if (lint.Findings.Count > 0)
                {
                    AnsiConsole.Write(table);
                }

                AnsiConsole.MarkupLine($"sample: {Markup.Escape(report.SampleText ?? "")}");
                AnsiConsole.MarkupLine($"{lint.Encoding}, {lint.Units} units, {lint.Segments} segment(s), cost {lint.Cost}");
            }

            return report.Accepted ? 0 : 1;
        });
        return command;
    }
}
