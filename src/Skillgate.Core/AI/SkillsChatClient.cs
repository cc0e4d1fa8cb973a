using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Skillgate.Skills;

namespace Skillgate.AI;

/// <summary>
/// The portable skills layer: adds level 1 of the skill set to the instructions and the runtime's tools to the call,
/// then runs <c>load_skill</c> / <c>read_skill_file</c> calls itself and calls the inner client again, until the model
/// answers without them (bounded by <see cref="PortableSkillOptions.MaxToolIterations"/>). Calls of the caller's own
/// tools end the loop and are returned to the caller. Streaming yields every turn's updates and the tool results.
/// </summary>
internal sealed class SkillsChatClient(IChatClient inner, PortableSkillRuntime runtime) : DelegatingChatClient(inner)
{
    private static readonly IReadOnlyList<AITool> Declarations =
        [.. PortableSkillRuntime.Tools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.InputSchema))];

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (history, callOptions) = Prepare(messages, options);
        var produced = new List<ChatMessage>();
        UsageDetails? usage = null;
        for (var round = 0; ; round++)
        {
            var response = await base.GetResponseAsync(history, callOptions, cancellationToken).ConfigureAwait(false);
            produced.AddRange(response.Messages);
            history.AddRange(response.Messages);
            usage = Add(usage, response.Usage);
            if (RunTools(response.Messages, round) is not { } results)
            {
                response.Messages = produced;
                response.Usage = usage;
                return response;
            }

            produced.Add(results);
            history.Add(results);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (history, callOptions) = Prepare(messages, options);
        for (var round = 0; ; round++)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in base.GetStreamingResponseAsync(history, callOptions, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                yield return update;
            }

            var turn = updates.ToChatResponse();
            history.AddRange(turn.Messages);
            if (RunTools(turn.Messages, round) is not { } results)
            {
                yield break;
            }

            history.Add(results);
            yield return new ChatResponseUpdate(ChatRole.Tool, results.Contents) { MessageId = turn.Messages.LastOrDefault()?.MessageId + "-tools" };
        }
    }

    private (List<ChatMessage> History, ChatOptions Options) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var active = options?.AdditionalProperties?.TryGetValue(SkillgateChatOptions.Skill, out var value) == true
            ? value as string ?? throw new ArgumentException($"{SkillgateChatOptions.Skill} must be a skill name (string).", nameof(options))
            : null;
        var callOptions = options?.Clone() ?? new ChatOptions();
        var instructions = runtime.BuildInstructions(active);
        callOptions.Instructions = string.IsNullOrEmpty(callOptions.Instructions) ? instructions : instructions + "\n\n" + callOptions.Instructions;
        callOptions.Tools = [.. callOptions.Tools ?? [], .. Declarations];
        return ([.. messages], callOptions);
    }

    // The tool message answering every runtime call of the turn, or null when the turn made none (or called a tool of
    // the caller's, which is the caller's to run).
    private ChatMessage? RunTools(IList<ChatMessage> turn, int round)
    {
        var calls = turn.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        if (calls.Count == 0 || !calls.TrueForAll(c => PortableSkillRuntime.IsRuntimeTool(c.Name)))
        {
            return null;
        }

        if (round >= runtime.Options.MaxToolIterations)
        {
            throw runtime.TooManyIterations();
        }

        var results = new List<AIContent>();
        foreach (var call in calls)
        {
            var input = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(),
                AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
            var result = runtime.Invoke(call.Name, input);
            results.Add(new FunctionResultContent(call.CallId, result.Content)
            {
                Exception = result.IsError ? new InvalidOperationException(result.Content) : null,
            });
        }

        return new ChatMessage(ChatRole.Tool, results);
    }

    private static UsageDetails? Add(UsageDetails? total, UsageDetails? more)
    {
        if (more is null)
        {
            return total;
        }

        if (total is null)
        {
            return new UsageDetails { InputTokenCount = more.InputTokenCount, OutputTokenCount = more.OutputTokenCount, TotalTokenCount = more.TotalTokenCount };
        }

        total.Add(more);
        return total;
    }
}
