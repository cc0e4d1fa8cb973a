using Microsoft.Extensions.AI;
using Skillgate.Redaction;

namespace Skillgate.AI;

/// <summary>
/// Restores placeholders in a stream of <see cref="ChatResponseUpdate"/>s. Text and reasoning go through one
/// <see cref="StreamingRestorer"/> each, so a placeholder split across updates is restored whole; the text held back
/// is emitted before the next content of another kind (a function call, usage) or at the end. One per response.
/// </summary>
internal sealed class ChatStreamRestorer(Pseudonymizer pseudonymizer, PseudonymVault vault)
{
    private readonly StreamingRestorer _text = pseudonymizer.CreateRestorer(vault);
    private readonly StreamingRestorer _reasoning = pseudonymizer.CreateRestorer(vault);

    /// <summary>Restores the update in place; returns false when nothing is left to emit (all of its text is held back).</summary>
    public bool Process(ChatResponseUpdate update)
    {
        var hadContents = update.Contents.Count > 0;
        var contents = new List<AIContent>(update.Contents.Count + 2);
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    Add(contents, text, _text.Push(text.Text));
                    break;
                case TextReasoningContent reasoning:
                    Add(contents, reasoning, _reasoning.Push(reasoning.Text));
                    break;
                default:
                    AddHeldBack(contents);
                    ChatContentRedactor.RestoreContent(content, text => pseudonymizer.Restore(text, vault));
                    contents.Add(content);
                    break;
            }
        }

        update.Contents = contents;
        return contents.Count > 0 || !hadContents || update.FinishReason is not null;
    }

    /// <summary>The update carrying what is still held back at the end of the stream, or null.</summary>
    public ChatResponseUpdate? Flush(ChatResponseUpdate? last)
    {
        var contents = new List<AIContent>(2);
        AddHeldBack(contents);
        return contents.Count == 0
            ? null
            : new ChatResponseUpdate(ChatRole.Assistant, contents) { ResponseId = last?.ResponseId, MessageId = last?.MessageId, ModelId = last?.ModelId };
    }

    private void AddHeldBack(List<AIContent> contents)
    {
        if (_reasoning.PendingLength > 0)
        {
            contents.Add(new TextReasoningContent(_reasoning.Flush()));
        }

        if (_text.PendingLength > 0)
        {
            contents.Add(new TextContent(_text.Flush()));
        }
    }

    private static void Add(List<AIContent> contents, TextContent original, string restored)
    {
        if (restored.Length > 0)
        {
            original.Text = restored;
            contents.Add(original);
        }
    }

    private static void Add(List<AIContent> contents, TextReasoningContent original, string restored)
    {
        if (restored.Length > 0)
        {
            original.Text = restored;
            contents.Add(original);
        }
    }
}
