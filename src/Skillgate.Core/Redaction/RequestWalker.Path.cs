using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Skillgate.Redaction;

/// <summary>
/// Where the walker is (<c>messages.0.content.2.text</c>), for error messages. Only known field names and indexes are
/// kept, never a tool input's keys (they are user data).
/// </summary>
internal sealed partial class RequestWalker
{
    private readonly List<(string? Name, int Index)> _path = [];

    private void Push(string name) => _path.Add((name, 0));

    private void Push(int index) => _path.Add((null, index));

    private void Pop() => _path.RemoveAt(_path.Count - 1);

    private string NameOf(JsonProperty p)
    {
        try
        {
            return p.Name;
        }
        catch (InvalidOperationException)
        {
            throw InvalidUtf16("a property name");
        }
    }

    private string StringOf(JsonElement e)
    {
        try
        {
            return e.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw InvalidUtf16("a string");
        }
    }

    private RedactionFailedException InvalidUtf16(string what) =>
        Invalid($"{what} is not valid UTF-16 (a lone surrogate escape such as \\ud800)", RedactionFailureReasons.InvalidString);

    private RedactionFailedException WrongType(string expected, JsonElement actual) =>
        Invalid($"Input should be {expected}, not {Describe(actual.ValueKind)}", RedactionFailureReasons.WrongType);

    private RedactionFailedException Invalid(string problem, string reason)
    {
        var where = new StringBuilder();
        foreach (var (name, index) in _path)
        {
            if (where.Length > 0)
            {
                where.Append('.');
            }

            where.Append(name ?? index.ToString(CultureInfo.InvariantCulture));
        }

        var message = where.Length == 0 ? $"The request body: {problem}." : $"{where}: {problem}.";
        return new RedactionFailedException(message, "invalid_request_error", reason);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "a dictionary",
        _ => "null",
    };
}
