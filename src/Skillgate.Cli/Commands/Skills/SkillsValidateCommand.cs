using Skillgate.Skills;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>
/// <c>skillgate skills validate DIR...</c>: every problem of every folder, each naming its file and line; exit 1 when
/// any folder has an error. Warnings (the Claude API's upload rules, unless <c>--upload</c>) do not fail.
/// </summary>
internal sealed class SkillsValidateCommand(IAnsiConsole console) : Command<SkillsValidateSettings>
{
    public override int Execute(CommandContext context, SkillsValidateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new SkillValidationOptions { ForUpload = settings.Upload };
        var invalid = 0;
        foreach (var directory in settings.Directories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = SkillValidator.Validate(directory, options);
            invalid += result.IsValid ? 0 : 1;
            if (settings.Json)
            {
                SkillsOutput.Json(console, SkillsOutput.ToJson(result));
                continue;
            }

            SkillsOutput.Problems(console, result);
            var errors = result.Errors.Count();
            var warnings = result.Problems.Count - errors;
            SkillsOutput.Line(console, result.IsValid
                ? $"{directory}: valid{(warnings > 0 ? $" ({warnings} warning{(warnings == 1 ? "" : "s")})" : "")}"
                : $"{directory}: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
        }

        return invalid > 0 ? 1 : 0;
    }
}
