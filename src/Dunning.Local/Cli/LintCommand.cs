using System.CommandLine;
using Dunning.Core;
using Dunning.Core.Lenders;
using Dunning.Core.Messaging;
using Spectre.Console;

namespace Dunning.Local.Cli;

/// <summary>
/// lint: the compliance check a lender's template goes through on upload, from the command line; or, with --text,
/// the lint of one finished message. Every finding prints its rule id and the original words that matched.
/// </summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("template")
        {
            Description = "A Liquid template, named {stage}.{language}.liquid (e.g. T+7.zh-CN.liquid); omit with --text",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var text = new Option<string?>("--text") { Description = "Lint this message text as sent (brand and hotline from --brand/--hotline) instead of a template" };
        var language = new Option<string>("--language") { Description = "Language of --text: zh-CN or en", DefaultValueFactory = _ => Languages.Chinese };
        var tone = new Option<Tone>("--tone") { Description = "Kind of message --text is: Reminder, WarmNotice, FormalNotice, ThankYou or Reply", DefaultValueFactory = _ => Tone.Reminder };
        var brand = new Option<string>("--brand") { Description = "Lender brand used for the sample render", DefaultValueFactory = _ => "安信金融" };
        var hotline = new Option<string>("--hotline") { Description = "Lender hotline used for the sample render", DefaultValueFactory = _ => "400-820-8820" };
        var command = new Command("lint", "Validate a message template (parse, known fields, required content, no threats, segment budget) or one message text")
        {
            file, text, language, tone, brand, hotline,
        };
        command.SetAction(async (parse, _) =>
        {
            var settings = LenderSettings.DefaultFor("lint") with { Brand = parse.GetValue(brand)!, Hotline = parse.GetValue(hotline)! };
            if (parse.GetValue(text) is { } message)
            {
                var lang = Languages.Normalize(parse.GetValue(language));
                if (lang is null)
                {
                    AnsiConsole.MarkupLine("[red]--language is zh-CN or en.[/]");
                    return 2;
                }

                var report = MessageLint.Check(message, LintContext.For(settings, lang, parse.GetValue(tone)));
                AnsiConsole.MarkupLine(report.Passed ? "[green]passed[/]" : "[red]failed[/]");
                PrintFindings(report);
                return report.Passed ? 0 : 1;
            }

            return await LintTemplateAsync(parse.GetValue(file), settings);
        });
        return command;
    }

    private static async Task<int> LintTemplateAsync(FileInfo? template, LenderSettings settings)
    {
        if (template is null || !template.Exists)
        {
            AnsiConsole.MarkupLine(template is null ? "[red]Give a template file or --text.[/]" : $"[red]No such file:[/] {Markup.Escape(template.FullName)}");
            return 2;
        }

        // "T+7.zh-CN.liquid" → name "T+7", language "zh-CN".
        var parts = Path.GetFileNameWithoutExtension(template.Name).Split('.', 2);
        if (parts.Length != 2)
        {
            AnsiConsole.MarkupLine("[red]Name the file {stage}.{language}.liquid[/], e.g. T+7.zh-CN.liquid or reminder.en.liquid.");
            return 2;
        }

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
            PrintFindings(lint);
            AnsiConsole.MarkupLine($"sample: {Markup.Escape(report.SampleText ?? "")}");
        }

        return report.Accepted ? 0 : 1;
    }

    /// <summary>One line per finding, so nothing is cut by a narrow terminal: rule id, category, the words as written, why.</summary>
    private static void PrintFindings(LintReport lint)
    {
        foreach (var finding in lint.Findings)
        {
            var words = finding.Words.Count == 0 ? "" : " " + string.Join(", ", finding.Words.Select(w => $"\"{w}\""));
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(finding.RuleId)}[/] ({Markup.Escape(finding.Category)}){Markup.Escape(words)}: {Markup.Escape(finding.Message)}");
        }

        AnsiConsole.MarkupLine($"{lint.Encoding}, {lint.Units} units, {lint.Segments} segment(s), cost {lint.Cost}");
    }
}
