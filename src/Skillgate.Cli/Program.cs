using Skillgate.Cli;
using Spectre.Console;

return await SkillgateApp.RunAsync(args, AnsiConsole.Console);
