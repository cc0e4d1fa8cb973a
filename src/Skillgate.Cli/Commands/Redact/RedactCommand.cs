using System.ComponentModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Skillgate.Redaction;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Redact;

/// <summary>
/// <c>skillgate redact [--json|--jsonl]</c>: redacts text read from standard input. Plain output is the text with
/// one-way placeholders; <c>--json</c> prints <c>{"text": ..., "entities": [{"type","start","end","text"}]}</c> with
/// UTF-16 offsets into the input (end exclusive); <c>--jsonl</c> reads one JSON string per line and prints one object per line.
/// </summary>
internal sealed class RedactCommand(IAnsiConsole console) : AsyncCommand<RedactCommand.Settings>
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Options of <c>skillgate redact</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print one JSON object: the redacted text and the entities found (UTF-16 offsets, end exclusive).")]
        public bool Json { get; init; }

        [CommandOption("--jsonl")]
        [Description("Read one JSON string per input line; print one JSON object per line.")]
        public bool Jsonl { get; init; }

        [CommandOption("--input <FILE>")]
        [Description("Read this file instead of standard input.")]
        public string? Input { get; init; }

        public override ValidationResult Validate()
            => Json && Jsonl ? ValidationResult.Error("--json and --jsonl cannot be combined.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new RedactionOptions { Mode = RedactionMode.Redact, Key = Environment.GetEnvironmentVariable("Skillgate__Redaction__Key") };
        var pseudonymizer = new Pseudonymizer(options);
        var vault = pseudonymizer.CreateVault("skillgate-cli");
        var output = console.Profile.Out.Writer;
        using var input = settings.Input is null
            ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8)
            : new StreamReader(settings.Input, Encoding.UTF8);

        if (!settings.Jsonl)
        {
            var text = await input.ReadToEndAsync(cancellationToken);
            if (!TryRedact(pseudonymizer, vault, text, out var redacted, out var entities, out var error))
            {
                await output.WriteLineAsync(error);
                return 1;
            }

            await output.WriteAsync(settings.Json ? ToJson(redacted, entities) + "\n" : redacted);
            await output.FlushAsync(cancellationToken);
            return 0;
        }

        var exitCode = 0;
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var text = ReadLineText(line);
            string result;
            if (text is null)
            {
                result = Error("invalid_request_error", $"line {lineNumber}: expected a JSON string or an object with a \"text\" string.");
                exitCode = 1;
            }
            else if (TryRedact(pseudonymizer, vault, text, out var redacted, out var entities, out var error))
            {
                result = ToJson(redacted, entities);
            }
            else
            {
                result = error;
                exitCode = 1;
            }

            await output.WriteLineAsync(result);
        }

        await output.FlushAsync(cancellationToken);
        return exitCode;
    }

    private static bool TryRedact(Pseudonymizer pseudonymizer, PseudonymVault vault, string text, out string redacted, out IReadOnlyList<RedactionEntity> entities, out string error)
    {
        try
        {
            entities = pseudonymizer.Recognizer.Recognize(text);
            redacted = pseudonymizer.Redact(text, vault);
            error = "";
            return true;
        }
        catch (RedactionFailedException ex)
        {
            (redacted, entities, error) = ("", [], Error(ex.ErrorType, ex.Message));
            return false;
        }
    }

    private static string? ReadLineText(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.String => root.GetString(),
                JsonValueKind.Object when root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String => t.GetString(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ToJson(string redacted, IReadOnlyList<RedactionEntity> entities)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("text", redacted);
            w.WriteStartArray("entities");
            foreach (var e in entities)
            {
                w.WriteStartObject();
                w.WriteString("type", e.Type);
                w.WriteNumber("start", e.Start);
                w.WriteNumber("end", e.End);
                w.WriteString("text", e.Text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string Error(string type, string message)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", type);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
